"""ListSecrets from a sorted index, so that the emulator is not what a
benchmark measures: moto scans and serialises every secret on every call;
here a page costs O(log n + page).

Served here: no filter, or `name` filters (case-sensitive prefixes; several
values are ORed, as moto and AWS do), in name order — ascending, or
descending with SortBy=name and SortOrder=desc, as AWS's SortBy=name does.
Anything else (negation, other keys, sorting by a date) goes to moto.
NextToken carries the last name returned.
"""

from __future__ import annotations

import base64
import binascii
from bisect import bisect_left, bisect_right
from typing import Any

from .secrets import ApiError, backend

MAX_PAGE = 100


class ListingIndex:
    def __init__(self) -> None:
        # region -> (signature, sorted names, the store key of each name).
        # moto keys a replica by its ARN, not its name: sort by the name.
        self._sorted: dict[str, tuple[tuple[int, int], list[str], list[str]]] = {}
        self.generation = 0

    def changed(self) -> None:
        """A secret was created or removed: rebuild on the next listing."""
        self.generation += 1

    def names(self, region: str) -> tuple[list[str], list[str]]:
        """(sorted secret names, the store key of each)."""
        store = backend(region).secrets
        signature = (len(store), self.generation)
        cached = self._sorted.get(region)
        if cached is None or cached[0] != signature:
            pairs = sorted((secret.name, key) for key, secret in dict.items(store))
            cached = (signature, [n for n, _ in pairs], [k for _, k in pairs])
            self._sorted[region] = cached
        return cached[1], cached[2]

    def list_secrets(self, region: str, params: dict[str, Any]) -> dict[str, Any] | None:
        prefixes = _name_prefixes(params.get("Filters"))
        if prefixes is None:
            return None  # a filter moto should answer
        max_results = params.get("MaxResults", MAX_PAGE)
        if not isinstance(max_results, int) or not 1 <= max_results <= MAX_PAGE:
            raise ApiError("InvalidParameterException", "MaxResults must be between 1 and 100.")
        sort_by = params.get("SortBy")
        if sort_by not in (None, "name"):
            return None  # by a date: moto answers
        order = params.get("SortOrder", "asc")
        if order not in ("asc", "desc"):
            raise ApiError("InvalidParameterException", "SortOrder must be asc or desc.")
        descending = sort_by == "name" and order == "desc"
        after = _decode(params.get("NextToken"))
        include_deleted = bool(params.get("IncludePlannedDeletion", False))
        names, keys = self.names(region)
        store = backend(region).secrets
        page: list[dict[str, Any]] = []
        last = None
        more = False
        for lo, hi in _spans(names, prefixes, after, descending):
            for i in (range(hi - 1, lo - 1, -1) if descending else range(lo, hi)):
                # The plain dict lookup: moto's own get() scans every secret.
                secret = dict.get(store, keys[i])
                if secret is None:
                    continue
                if getattr(secret, "deleted_date", None) and not include_deleted:
                    continue
                if len(page) == max_results:
                    more = True
                    break
                page.append(secret.to_dict())
                last = names[i]
            if more:
                break
        answer: dict[str, Any] = {"SecretList": page}
        if more and last is not None:
            answer["NextToken"] = base64.urlsafe_b64encode(last.encode()).decode()
        return answer


def _name_prefixes(filters: Any) -> list[str] | None:
    """[""] for no filter; the prefixes of a name filter; None otherwise."""
    if not filters:
        return [""]
    if not isinstance(filters, list) or len(filters) != 1:
        return None
    only = filters[0]
    values = only.get("Values") if isinstance(only, dict) else None
    if only.get("Key") != "name" or not isinstance(values, list) or not values:
        return None
    if any(not isinstance(v, str) or v.startswith("!") for v in values):
        return None
    return values


def _ranges(names: list[str], prefixes: list[str]) -> list[tuple[int, int]]:
    """Index ranges of the names under any prefix, sorted and merged."""
    spans = []
    for prefix in prefixes:
        lo = bisect_left(names, prefix)
        # Every name starting with the prefix sorts below prefix + U+10FFFF.
        hi = bisect_left(names, prefix + "\U0010ffff", lo)
        if lo < hi:
            spans.append((lo, hi))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _spans(names: list[str], prefixes: list[str], after: str | None, descending: bool) -> list[tuple[int, int]]:
    """The index ranges still to serve, in serving order: past `after` (the
    last name returned), ascending, or below it, descending."""
    spans = []
    for lo, hi in _ranges(names, prefixes):
        if after is not None and descending:
            hi = min(hi, bisect_left(names, after))
        elif after is not None:
            lo = max(lo, bisect_right(names, after))
        if lo < hi:
            spans.append((lo, hi))
    return spans[::-1] if descending else spans


def _decode(token: Any) -> str | None:
    if token is None:
        return None
    try:
        return base64.b64decode(str(token).encode(), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiError("InvalidNextTokenException", "The NextToken value is invalid.") from None
