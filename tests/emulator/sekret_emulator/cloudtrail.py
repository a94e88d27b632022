"""CloudTrail for the emulator: events recorded from real calls, and LookupEvents.

moto has no LookupEvents, so the emulator keeps its own trail. Every
Secrets Manager call answered by the emulator becomes a management event
shaped like the real thing; seeds add history. LookupEvents follows the
real API's rules: at most one lookup attribute out of eight keys, a time
window inside the last 90 days, MaxResults 1..50, opaque NextToken, newest
first, and 2 requests per second per account and region.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

SOURCE = "secretsmanager.amazonaws.com"
RESOURCE_TYPE = "AWS::SecretsManager::Secret"
LOOKUP_KEYS = (
    "EventId",
    "EventName",
    "ReadOnly",
    "Username",
    "ResourceType",
    "ResourceName",
    "EventSource",
    "AccessKeyId",
)
RETENTION_SECONDS = 90 * 86400
READ_ONLY_PREFIXES = ("Get", "List", "Describe", "BatchGet", "Validate")
# Never copied into requestParameters: CloudTrail does not record secret material.
SENSITIVE_PARAMS = {"SecretString", "SecretBinary", "RandomPassword"}


class LookupError_(Exception):
    """A LookupEvents request the real API would refuse."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Event:
    seq: int
    event_id: str
    time: float
    name: str
    source: str
    read_only: bool
    username: str | None
    access_key: str | None
    resources: list[dict[str, str]]
    detail: dict[str, Any] = field(default_factory=dict)

    def attribute(self, key: str) -> list[str]:
        """The values this event has for one lookup attribute key."""
        if key == "EventId":
            return [self.event_id]
        if key == "EventName":
            return [self.name]
        if key == "ReadOnly":
            return ["true" if self.read_only else "false"]
        if key == "Username":
            return [self.username] if self.username else []
        if key == "ResourceType":
            return [r["ResourceType"] for r in self.resources]
        if key == "ResourceName":
            return [r["ResourceName"] for r in self.resources]
        if key == "EventSource":
            return [self.source]
        if key == "AccessKeyId":
            return [self.access_key] if self.access_key else []
        return []

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "EventId": self.event_id,
            "EventName": self.name,
            "ReadOnly": "true" if self.read_only else "false",
            "EventTime": self.time,
            "EventSource": self.source,
            "Resources": list(self.resources),
            "CloudTrailEvent": json.dumps(self.detail),
        }
        if self.access_key:
            out["AccessKeyId"] = self.access_key
        if self.username:
            out["Username"] = self.username
        return out


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def camel(name: str) -> str:
    return name[:1].lower() + name[1:]


class Trail:
    """All events of the emulated account, with the LookupEvents budget."""

    def __init__(self, requests_per_second: float = 2.0) -> None:
        self._lock = threading.Lock()
        self._events: list[Event] = []
        self._seq = 0
        self.requests_per_second = requests_per_second
        self._recent: dict[str, list[float]] = {}

    # --- recording -------------------------------------------------------

    def add(self, **kwargs: Any) -> Event:
        with self._lock:
            self._seq += 1
            event = Event(seq=self._seq, **kwargs)
            self._events.append(event)
            return event

    def record_api_call(
        self,
        *,
        identity,
        region: str,
        operation: str,
        params: dict[str, Any],
        arns: list[str],
        source_ip: str,
        user_agent: str,
        error_code: str | None,
        error_message: str,
        response_elements: dict[str, Any] | None = None,
        when: float | None = None,
        legacy_arn_spelling: bool = False,
        request_id: str | None = None,
        omit: list[str] | None = None,
    ) -> Event:
        """Record one Secrets Manager API call the way CloudTrail would."""
        when = time.time() if when is None else when
        event_id = str(uuid.uuid4())
        read_only = operation.startswith(READ_ONLY_PREFIXES)
        # CloudTrail names a new secret in requestParameters.name and gives
        # the record no resources: a reader must match it by name.
        if operation == "CreateSecret":
            arns = []
        request_parameters = {camel(k): v for k, v in params.items() if k not in SENSITIVE_PARAMS}
        user_identity = identity.user_identity()
        if legacy_arn_spelling:
            user_identity["aRN"] = user_identity.pop("arn")
        detail: dict[str, Any] = {
            "eventVersion": "1.08",
            "userIdentity": user_identity,
            "eventTime": iso(when),
            "eventSource": SOURCE,
            "eventName": operation,
            "awsRegion": region,
            "sourceIPAddress": source_ip,
            "userAgent": user_agent,
            "requestParameters": request_parameters or None,
            "responseElements": response_elements if not read_only else None,
            "requestID": request_id or str(uuid.uuid4()),
            "eventID": event_id,
            "readOnly": read_only,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": identity.account_id,
            "eventCategory": "Management",
        }
        if arns:
            detail["resources"] = [{"accountId": identity.account_id, "type": RESOURCE_TYPE, "ARN": a} for a in arns]
        if error_code:
            detail["errorCode"] = error_code
            detail["errorMessage"] = error_message
        # Seeded malformed records: fields missing, as in some real old events
        # ("userIdentity.arn" removes a nested one).
        for path in omit or []:
            *parents, last = path.split(".")
            node = detail
            for key in parents:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict):
                node.pop(last, None)
        return self.add(
            event_id=event_id,
            time=when,
            name=operation,
            source=SOURCE,
            read_only=read_only,
            username=identity.user_name,
            access_key=identity.access_key,
            resources=[{"ResourceType": RESOURCE_TYPE, "ResourceName": a} for a in arns],
            detail=detail,
        )

    def record_service_event(
        self, *, name: str, arn: str, region: str, account_id: str, details: dict[str, Any], when: float | None = None
    ) -> Event:
        """Record a rotation lifecycle event (AwsServiceEvent, no caller)."""
        when = time.time() if when is None else when
        event_id = str(uuid.uuid4())
        detail = {
            "eventVersion": "1.08",
            "userIdentity": {"accountId": account_id, "invokedBy": SOURCE},
            "eventTime": iso(when),
            "eventSource": SOURCE,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": SOURCE,
            "userAgent": SOURCE,
            "requestParameters": None,
            "responseElements": None,
            "additionalEventData": {"SecretId": arn},
            "serviceEventDetails": details,
            "requestID": str(uuid.uuid4()),
            "eventID": event_id,
            "readOnly": False,
            "eventType": "AwsServiceEvent",
            "managementEvent": True,
            "recipientAccountId": account_id,
            "eventCategory": "Management",
        }
        return self.add(
            event_id=event_id,
            time=when,
            name=name,
            source=SOURCE,
            read_only=False,
            username=None,
            access_key=None,
            resources=[{"ResourceType": RESOURCE_TYPE, "ResourceName": arn}],
            detail=detail,
        )

    # --- LookupEvents ----------------------------------------------------

    def admit(self, account_region: str) -> bool:
        """Take one request from the 2-per-second budget; False means throttle."""
        if self.requests_per_second <= 0:
            return True
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._recent.get(account_region, []) if now - t < 1.0]
            if len(recent) >= self.requests_per_second:
                self._recent[account_region] = recent
                return False
            recent.append(now)
            self._recent[account_region] = recent
            return True

    def lookup(self, params: dict[str, Any], now: float | None = None) -> dict[str, Any]:
        now = time.time() if now is None else now
        attributes = params.get("LookupAttributes") or []
        if not isinstance(attributes, list):
            raise LookupError_("InvalidLookupAttributesException", "LookupAttributes must be a list.")
        if len(attributes) > 1:
            raise LookupError_(
                "InvalidLookupAttributesException", "You can only specify one lookup attribute per request."
            )
        key = value = None
        if attributes:
            key = attributes[0].get("AttributeKey")
            value = attributes[0].get("AttributeValue")
            if key not in LOOKUP_KEYS:
                raise LookupError_(
                    "InvalidLookupAttributesException",
                    f"Lookup attribute key {key!r} is not valid. Valid keys: {', '.join(LOOKUP_KEYS)}.",
                )
            if not isinstance(value, str) or not value or len(value) > 2000:
                raise LookupError_(
                    "InvalidLookupAttributesException", "AttributeValue must be 1 to 2000 characters long."
                )

        max_results = params.get("MaxResults", 50)
        if not isinstance(max_results, int) or isinstance(max_results, bool) or not 1 <= max_results <= 50:
            raise LookupError_("InvalidMaxResultsException", "MaxResults must be between 1 and 50.")

        oldest = now - RETENTION_SECONDS
        start = float(params.get("StartTime", oldest))
        # Without EndTime, CloudTrail reads up to its own "now"; every event it
        # holds is older than that. Seeded events "in the future" stand for a
        # caller whose clock is behind AWS's, so they are included too.
        end = float(params.get("EndTime", float("inf")))
        if start > end:
            raise LookupError_("InvalidTimeRangeException", "StartTime must be earlier than EndTime.")
        if end < oldest:
            raise LookupError_("InvalidTimeRangeException", "The time range is outside the 90-day event history.")
        start = max(start, oldest)

        signature = hashlib.sha256(json.dumps([key, value, params.get("StartTime"), params.get("EndTime")]).encode()).hexdigest()[:16]
        cursor = None
        token = params.get("NextToken")
        if token:
            try:
                decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
                if decoded["q"] != signature:
                    raise ValueError("token from another query")
                cursor = (float(decoded["t"]), int(decoded["s"]))
            except (ValueError, KeyError, TypeError):
                raise LookupError_("InvalidNextTokenException", "Invalid NextToken.") from None

        with self._lock:
            events = list(self._events)
        matching = [
            e
            for e in events
            if start <= e.time <= end
            and (key is None or value in e.attribute(key))
            and (cursor is None or (e.time, e.seq) < cursor)
        ]
        matching.sort(key=lambda e: (e.time, e.seq), reverse=True)
        page = matching[:max_results]
        out: dict[str, Any] = {"Events": [e.to_api() for e in page]}
        if len(matching) > max_results:
            last = page[-1]
            raw = json.dumps({"t": last.time, "s": last.seq, "q": signature}).encode()
            out["NextToken"] = base64.urlsafe_b64encode(raw).decode()
        return out

    def count(self) -> int:
        with self._lock:
            return len(self._events)
