"""moto's secret store, indexed.

moto's SecretsStore finds a secret by scanning every one (a name, a full
ARN or a partial ARN may be asked for), so each DescribeSecret or
GetResourcePolicy costs O(n), and seeding n secrets O(n²): 100,000 took
twenty minutes. This store answers the same questions from two indices
(name and ARN to the store's key) in O(1), with the same results.
"""

from __future__ import annotations

from typing import Any

from moto.secretsmanager.models import SecretsStore
from moto.secretsmanager.utils import get_secret_name_from_partial_arn


class IndexedStore(SecretsStore):
    def __init__(self, contents: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._by_name: dict[str, str] = {}
        self._by_arn: dict[str, str] = {}
        for key, secret in dict.items(contents or {}):
            self[key] = secret

    # -- the indices -------------------------------------------------------

    def _index(self, key: str, secret: Any) -> None:
        self._by_name.setdefault(secret.name, key)
        self._by_arn[secret.arn] = key

    def _unindex(self, key: str) -> None:
        secret = dict.get(self, key)
        if secret is None:
            return
        if self._by_name.get(secret.name) == key:
            del self._by_name[secret.name]
            # Another key with the same name (a replica) takes its place.
            for other_key, other in dict.items(self):
                if other_key != key and other.name == secret.name:
                    self._by_name[secret.name] = other_key
                    break
        if self._by_arn.get(secret.arn) == key:
            del self._by_arn[secret.arn]

    def _key(self, wanted: str) -> str | None:
        """The store key for a name, full ARN or partial ARN, as moto's
        scans would find it: an ARN or a name first, then the partial ARN's
        name as a key."""
        key = self._by_arn.get(wanted)
        if key is None:
            key = self._by_name.get(wanted)
        if key is not None:
            return key
        name = get_secret_name_from_partial_arn(wanted)
        return name if dict.__contains__(self, name) else None

    # -- the dict moto uses ------------------------------------------------

    def __setitem__(self, key: str, value: Any) -> None:
        self._unindex(key)
        dict.__setitem__(self, key, value)
        self._index(key, value)

    def __delitem__(self, key: str) -> None:
        found = self._key(key)
        if found is None:
            raise KeyError(key)
        self._unindex(found)
        dict.__delitem__(self, found)

    def __getitem__(self, key: str) -> Any:
        found = self._key(key)
        if found is None:
            raise KeyError(key)
        return dict.__getitem__(self, found)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._key(key) is not None

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        found = self._key(key)
        return default if found is None else dict.__getitem__(self, found)

    def pop(self, key: str, *default: Any) -> Any:  # type: ignore[override]
        found = self._key(key)
        if found is None:
            if default:
                return default[0]
            return None
        self._unindex(found)
        return dict.pop(self, found)

    def clear(self) -> None:
        dict.clear(self)
        self._by_name.clear()
        self._by_arn.clear()


def indexed(backend: Any) -> Any:
    """Give `backend` an indexed store (once; moto's reset makes a new one)."""
    if not isinstance(backend.secrets, IndexedStore):
        backend.secrets = IndexedStore(backend.secrets)
    return backend
