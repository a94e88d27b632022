"""Secrets Manager behaviour the emulator adds to, or corrects in, moto.

- RotateSecret plays the rotation function's part: a new value on an
  AWSPENDING version, then after a delay AWSCURRENT moves to it (AWSPREVIOUS
  follows), with RotationStarted / RotationSucceeded / RotationFailed events.
  A secret tagged `emulator:rotation=fail` keeps AWSPENDING stuck.
- ListSecretVersionIds with real dates, paging and IncludeDeprecated.
- LastAccessedDate (secret and version), set by GetSecretValue, day-truncated
  as AWS reports it.
- GetSecretValue without a stage follows AWSCURRENT after
  UpdateSecretVersionStage (moto keeps serving the old default version).
"""

from __future__ import annotations

import base64
import json
import secrets as pyrandom
import threading
import time
import uuid
from typing import Any

from moto.secretsmanager.models import FakeSecret, ReplicaSecret, secretsmanager_backends

from .store import indexed

from .cloudtrail import Trail
from .identity import ACCOUNT_ID

FAIL_TAG = ("emulator:rotation", "fail")


class ApiError(Exception):
    """An error answered to the caller as the real API would."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def day(ts: float) -> int:
    """AWS reports LastAccessedDate as a date: midnight UTC of the day."""
    return int(ts // 86400 * 86400)


def _patched_to_dict(original):
    def to_dict(self: FakeSecret) -> dict[str, Any]:
        out = original(self)
        accessed = getattr(self, "emu_last_accessed", None)
        if accessed is None:
            out.pop("LastAccessedDate", None)
        else:
            out["LastAccessedDate"] = accessed
        for key in ("NextRotationDate", "DeletedDate", "LastRotatedDate", "LastChangedDate"):
            if out.get(key) is None:
                out.pop(key, None)
        if self.rotation_requested:
            rules: dict[str, Any] = {}
            schedule = getattr(self, "emu_schedule_expression", None)
            if schedule:
                rules["ScheduleExpression"] = schedule
            elif self.auto_rotate_after_days:
                rules["AutomaticallyAfterDays"] = self.auto_rotate_after_days
            duration = getattr(self, "emu_rotation_duration", None)
            if duration:
                rules["Duration"] = duration
            out["RotationRules"] = rules
            if not self.last_rotation_date:
                out.pop("LastRotatedDate", None)
            if not self.rotation_enabled:
                out.pop("NextRotationDate", None)
        return out

    return to_dict


FakeSecret.to_dict = _patched_to_dict(FakeSecret.to_dict)  # type: ignore[method-assign]


def backend(region: str):
    # moto finds a secret by scanning them all; the indexed store does not
    # (store.py). moto's reset makes a fresh store, so check every time.
    return indexed(secretsmanager_backends[ACCOUNT_ID][region])


def find(region: str, secret_id: str | None) -> FakeSecret | ReplicaSecret | None:
    """Resolve a name, full ARN or partial ARN the way AWS does."""
    if not secret_id:
        return None
    store = backend(region).secrets
    # A name is a key of the store; moto's own lookups scan every secret
    # (for ARNs), which large benchmark sets cannot afford.
    by_name = dict.get(store, secret_id)
    if by_name is not None:
        return by_name
    return store.get(secret_id) if secret_id in store else None


def sync_default_version(secret: FakeSecret) -> None:
    for version_id, version in secret.versions.items():
        if "AWSCURRENT" in version["version_stages"]:
            secret.default_version_id = version_id
            return


def current_version(secret: FakeSecret) -> dict[str, Any] | None:
    for version in secret.versions.values():
        if "AWSCURRENT" in version["version_stages"]:
            return version
    return None


def rotated_value(version: dict[str, Any] | None) -> dict[str, str]:
    """What the emulated rotation function writes: a new password."""
    fresh = "rotated-" + pyrandom.token_urlsafe(18)
    if version is None:
        return {"secret_string": fresh}
    if "secret_binary" in version:
        return {"secret_binary": base64.b64encode(pyrandom.token_bytes(32)).decode()}
    text = version.get("secret_string") or ""
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        parsed["password"] = fresh
        return {"secret_string": json.dumps(parsed)}
    return {"secret_string": fresh}


def _schedule_days(expression: str) -> int:
    """Days until the next rotation for `rate(N days|hours)`; cron counts as daily."""
    if expression.startswith("rate(") and expression.endswith(")"):
        amount, _, unit = expression[5:-1].strip().partition(" ")
        if not amount.isdigit():
            raise ApiError("InvalidParameterException", f"Invalid ScheduleExpression: {expression}")
        n = int(amount)
        if unit.startswith("hour"):
            if not 4 <= n <= 23:
                raise ApiError("InvalidParameterException", "A rate in hours must be between 4 and 23 hours.")
            return 1
        if unit.startswith("day"):
            if not 1 <= n <= 1000:
                raise ApiError("InvalidParameterException", "A rate in days must be between 1 and 1000 days.")
            return n
        raise ApiError("InvalidParameterException", f"Invalid ScheduleExpression: {expression}")
    if expression.startswith("cron(") and expression.endswith(")") and len(expression[5:-1].split()) == 6:
        return 1
    raise ApiError("InvalidParameterException", f"Invalid ScheduleExpression: {expression}")


class SecretsLayer:
    def __init__(self, trail: Trail, lock: threading.RLock, rotation_delay_s: float = 2.0) -> None:
        self.trail = trail
        self.lock = lock
        self.rotation_delay_s = rotation_delay_s
        self._pending: dict[str, str] = {}  # secret ARN -> rotation token in flight
        from .listing import ListingIndex  # listing builds on this module

        self.listing = ListingIndex()

    # --- overrides (answer instead of moto) --------------------------------

    def handle(self, op: str, region: str, params: dict[str, Any]) -> dict[str, Any] | None:
        if op == "RotateSecret":
            return self.rotate(region, params)
        if op == "ListSecretVersionIds":
            return self.list_versions(region, params)
        if op == "ListSecrets":
            return self.listing.list_secrets(region, params)
        if op == "GetSecretValue":
            self.check_value_exists(region, params)
        return None

    def check_value_exists(self, region: str, params: dict[str, Any]) -> None:
        """AWS's own message when a secret exists but has no such version
        (e.g. created without a value); moto's differs for seeded secrets."""
        secret = find(region, params.get("SecretId") if isinstance(params.get("SecretId"), str) else None)
        versions = getattr(secret, "versions", None)
        if secret is None or versions is None or getattr(secret, "deleted_date", None):
            return  # moto answers: not found, or deleted
        version_id = params.get("VersionId")
        if version_id:
            if version_id not in versions:
                raise ApiError(
                    "ResourceNotFoundException",
                    f"Secrets Manager can't find the specified secret value for VersionId: {version_id}",
                )
            return
        stage = params.get("VersionStage") or "AWSCURRENT"
        if not any(stage in v["version_stages"] for v in versions.values()):
            raise ApiError(
                "ResourceNotFoundException",
                f"Secrets Manager can't find the specified secret value for staging label: {stage}",
            )

    def _require(self, region: str, secret_id: Any) -> FakeSecret | ReplicaSecret:
        secret = find(region, secret_id if isinstance(secret_id, str) else None)
        if secret is None:
            raise ApiError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
        return secret

    def list_versions(self, region: str, params: dict[str, Any]) -> dict[str, Any]:
        secret = self._require(region, params.get("SecretId"))
        max_results = params.get("MaxResults", 100)
        if not isinstance(max_results, int) or not 1 <= max_results <= 100:
            raise ApiError("InvalidParameterException", "MaxResults must be between 1 and 100.")
        include_deprecated = bool(params.get("IncludeDeprecated", False))
        versions = [
            v for v in secret.versions.values() if include_deprecated or v["version_stages"]
        ]
        versions.sort(key=lambda v: v["createdate"], reverse=True)
        try:
            start = int(params.get("NextToken") or 0)
        except ValueError:
            raise ApiError("InvalidNextTokenException", "The NextToken value is invalid.") from None
        page = versions[start : start + max_results]
        kms = getattr(secret, "kms_key_id", None) or "DefaultEncryptionKey"
        out_versions = []
        for v in page:
            entry = {
                "VersionId": v["version_id"],
                "VersionStages": list(v["version_stages"]),
                "CreatedDate": v["createdate"],
                "KmsKeyIds": [kms],
            }
            if v.get("emu_last_accessed") is not None:
                entry["LastAccessedDate"] = v["emu_last_accessed"]
            out_versions.append(entry)
        out: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name, "Versions": out_versions}
        if start + max_results < len(versions):
            out["NextToken"] = str(start + max_results)
        return out

    def rotate(self, region: str, params: dict[str, Any]) -> dict[str, Any]:
        secret = self._require(region, params.get("SecretId"))
        if isinstance(secret, ReplicaSecret):
            raise ApiError("InvalidRequestException", "Operation not permitted on a replica secret.")
        if secret.is_deleted():
            raise ApiError(
                "InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.",
            )
        lambda_arn = params.get("RotationLambdaARN") or secret.rotation_lambda_arn
        if not lambda_arn:
            raise ApiError(
                "InvalidRequestException",
                "No Lambda rotation function ARN is associated with this secret.",
            )
        if len(lambda_arn) > 2048:
            raise ApiError("InvalidParameterException", "RotationLambdaARN must be at most 2048 characters.")
        rules = params.get("RotationRules") or {}
        days = rules.get("AutomaticallyAfterDays")
        schedule = rules.get("ScheduleExpression")
        duration = rules.get("Duration")
        if days is not None and schedule is not None:
            raise ApiError(
                "InvalidParameterException",
                "You can't specify both AutomaticallyAfterDays and ScheduleExpression.",
            )
        if days is not None and (not isinstance(days, int) or not 1 <= days <= 1000):
            raise ApiError("InvalidParameterException", "RotationRules.AutomaticallyAfterDays must be within 1-1000.")
        schedule_days = _schedule_days(schedule) if schedule is not None else None
        if duration is not None:
            hours = duration[:-1] if isinstance(duration, str) and duration.endswith("h") else ""
            if not hours.isdigit() or not 1 <= int(hours) <= 24:
                raise ApiError("InvalidParameterException", "Duration must be between 1h and 24h.")

        stuck = [
            vid
            for vid, v in secret.versions.items()
            if "AWSPENDING" in v["version_stages"] and "AWSCURRENT" not in v["version_stages"]
        ]
        immediately = params.get("RotateImmediately", True)
        if immediately and stuck:
            raise ApiError(
                "InvalidRequestException",
                "A previous rotation isn't complete. That rotation will be reattempted.",
            )
        token = params.get("ClientRequestToken") or str(uuid.uuid4())
        if not 32 <= len(token) <= 64:
            raise ApiError("InvalidParameterException", "ClientRequestToken must be 32-64 characters long.")

        now = time.time()
        secret.rotation_requested = True
        secret.rotation_enabled = True
        secret.rotation_lambda_arn = lambda_arn
        if days is not None:
            secret.auto_rotate_after_days = days
            secret.emu_schedule_expression = None
        if schedule is not None:
            secret.emu_schedule_expression = schedule
            secret.auto_rotate_after_days = schedule_days
        if duration is not None:
            secret.emu_rotation_duration = duration
        period = secret.auto_rotate_after_days or 30
        secret.next_rotation_date = int(now + period * 86400)

        out: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
        if not immediately:
            return out

        secret.remove_version_stages_from_old_versions(["AWSPENDING"])
        version = {"createdate": int(now), "version_id": token, "version_stages": ["AWSPENDING"]}
        version.update(rotated_value(current_version(secret)))
        secret.versions[token] = version
        self._pending[secret.arn] = token
        self.trail.record_service_event(
            name="RotationStarted",
            arn=secret.arn,
            region=region,
            account_id=secret.account_id,
            details={"versionId": token},
        )
        timer = threading.Timer(self.rotation_delay_s, self._finish, args=(region, secret.arn, token))
        timer.daemon = True
        timer.start()
        out["VersionId"] = token
        return out

    def _finish(self, region: str, arn: str, token: str) -> None:
        """The rotation function's last step, run after the configured delay."""
        with self.lock:
            if self._pending.get(arn) != token:
                return  # cancelled, or superseded by a later rotation
            del self._pending[arn]
            secret = find(region, arn)
            if secret is None or secret.is_deleted():
                return
            version = secret.versions.get(token)
            if version is None or "AWSPENDING" not in version["version_stages"]:
                return
            tags = {t["Key"]: t["Value"] for t in (secret.tags or [])}
            if tags.get(FAIL_TAG[0]) == FAIL_TAG[1]:
                self.trail.record_service_event(
                    name="RotationFailed",
                    arn=arn,
                    region=region,
                    account_id=secret.account_id,
                    details={"versionId": token, "reason": "The rotation function reported an error in setSecret."},
                )
                return
            previous = secret.default_version_id
            for v in secret.versions.values():
                if "AWSPREVIOUS" in v["version_stages"]:
                    v["version_stages"].remove("AWSPREVIOUS")
            if previous and previous in secret.versions and previous != token:
                stages = secret.versions[previous]["version_stages"]
                if "AWSCURRENT" in stages:
                    stages.remove("AWSCURRENT")
                stages.append("AWSPREVIOUS")
            version["version_stages"] = ["AWSCURRENT"]
            secret.default_version_id = token
            now = int(time.time())
            secret.last_rotation_date = now
            secret.last_changed_date = now
            self.trail.record_service_event(
                name="RotationSucceeded",
                arn=arn,
                region=region,
                account_id=secret.account_id,
                details={"versionId": token},
            )

    # --- after moto answered ----------------------------------------------

    def after(self, op: str, region: str, params: dict[str, Any], response: dict[str, Any]) -> list[str]:
        """Bookkeeping after a successful call; returns ARNs the call touched."""
        now = time.time()
        if op in ("CreateSecret", "DeleteSecret", "ReplicateSecretToRegions", "RemoveRegionsFromReplication"):
            self.listing.changed()
        if op == "GetSecretValue":
            self._mark_accessed(region, response.get("ARN"), response.get("VersionId"), now)
            return [response["ARN"]] if response.get("ARN") else []
        if op == "BatchGetSecretValue":
            arns = []
            for item in response.get("SecretValues", []):
                self._mark_accessed(region, item.get("ARN"), item.get("VersionId"), now)
                arns.append(item.get("ARN"))
            return [a for a in arns if a]
        if op == "UpdateSecretVersionStage":
            secret = find(region, params.get("SecretId"))
            if isinstance(secret, FakeSecret):
                sync_default_version(secret)
        if op == "CancelRotateSecret":
            secret = find(region, params.get("SecretId"))
            if secret is not None:
                self._pending.pop(secret.arn, None)
        return [response["ARN"]] if isinstance(response.get("ARN"), str) else []

    def _mark_accessed(self, region: str, arn: str | None, version_id: str | None, now: float) -> None:
        secret = find(region, arn)
        if secret is None:
            return
        source = secret.source if isinstance(secret, ReplicaSecret) else secret
        source.emu_last_accessed = day(now)
        if version_id and version_id in source.versions:
            source.versions[version_id]["emu_last_accessed"] = day(now)
