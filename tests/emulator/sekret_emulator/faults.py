"""Faults the emulator injects, and the log of every call it answered.

Faults are set at start (flags) and at run time through
`POST /_emulator/faults` (any subset of the fields; omitted ones keep their
value) and cleared with `DELETE /_emulator/faults`.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any


@dataclass
class Faults:
    latency_ms: int = 0  # added before every AWS call is answered
    throttle_rate: float = 0.0  # share of calls answered with ThrottlingException
    error_rate: float = 0.0  # share of calls answered with HTTP 500
    drop_rate: float = 0.0  # share of calls whose connection is closed unanswered
    deny: list[str] = field(default_factory=list)  # secret-name globs -> AccessDeniedException
    deny_operations: list[str] = field(default_factory=list)  # e.g. ["ListSecrets"]
    expired_keys: list[str] = field(default_factory=list)  # access keys -> ExpiredTokenException

    _NUMBERS = ("latency_ms", "throttle_rate", "error_rate", "drop_rate")
    _LISTS = ("deny", "deny_operations", "expired_keys")

    def update(self, body: dict[str, Any]) -> None:
        """Apply a control-endpoint body; raise ValueError naming a bad field."""
        unknown = set(body) - set(self._NUMBERS) - set(self._LISTS)
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        for name in self._NUMBERS:
            if name in body:
                value = body[name]
                if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                    raise ValueError(f"{name} must be a non-negative number")
                if name.endswith("_rate") and value > 1:
                    raise ValueError(f"{name} must be between 0 and 1")
                setattr(self, name, int(value) if name == "latency_ms" else float(value))
        for name in self._LISTS:
            if name in body:
                value = body[name]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{name} must be a list of strings")
                setattr(self, name, list(value))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def denies(self, secret_name: str) -> bool:
        return any(fnmatch.fnmatchcase(secret_name, glob) for glob in self.deny)

    def roll(self, rng: random.Random) -> str | None:
        """Pick the random fault for one call, if any: "drop", "throttle" or "error"."""
        for kind, rate in (("drop", self.drop_rate), ("throttle", self.throttle_rate), ("error", self.error_rate)):
            if rate > 0 and rng.random() < rate:
                return kind
        return None


class CallLog:
    """Every AWS call answered, in call order, for tests to assert on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[dict[str, Any]] = []

    def record(self, service: str, operation: str, secret_ids: list[str], access_key: str, outcome: str) -> None:
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "service": service,
            "operation": operation,
            "secret_id": secret_ids[0] if len(secret_ids) == 1 else None,
            "access_key": access_key,
            "outcome": outcome,
        }
        if len(secret_ids) > 1:
            entry["secret_ids"] = secret_ids
        with self._lock:
            self._calls.append(entry)

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
