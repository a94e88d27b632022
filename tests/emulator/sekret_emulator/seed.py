"""Loading seed files: secrets with history, identities, and CloudTrail events.

Times are written relative to now (`"-3d"`, `"-2h30m"`, `"+5d"`, `"now"`)
or as ISO-8601, so that a demo's history is always recent. The format is
documented in CONTRIBUTING.md ("The emulator"). Raw CloudTrail records
may be seeded verbatim under `records` (`load_record`).
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from datetime import datetime
from typing import Any

from .cloudtrail import READ_ONLY_PREFIXES, RESOURCE_TYPE, Trail, iso
from .identity import Directory
from .secrets import backend, day, find, sync_default_version

_RELATIVE = re.compile(r"^([+-])((?:\d+[dhms])+)$")
_PART = re.compile(r"(\d+)([dhms])")
_UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class SeedError(ValueError):
    pass


def when(value: Any, now: float) -> float:
    """A seed time as epoch seconds."""
    if value is None or value == "now":
        return now
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    match = _RELATIVE.match(text)
    if match:
        seconds = sum(int(n) * _UNIT[u] for n, u in _PART.findall(match.group(2)))
        return now - seconds if match.group(1) == "-" else now + seconds
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise SeedError(f"bad time {value!r}: use -3d, +5d, -2h30m, now or ISO-8601") from None


def _value_fields(spec: dict[str, Any], where: str) -> dict[str, str]:
    if "json" in spec:
        return {"secret_string": json.dumps(spec["json"])}
    if "value" in spec:
        return {"secret_string": str(spec["value"])}
    if "binary_base64" in spec:
        base64.b64decode(spec["binary_base64"], validate=True)
        return {"secret_binary": spec["binary_base64"]}
    raise SeedError(f"{where}: a version needs value, json or binary_base64")


def load_secret(region: str, spec: dict[str, Any], now: float) -> None:
    name = spec.get("name")
    if not isinstance(name, str) or not name:
        raise SeedError("every secret needs a name")
    be = backend(region)
    versions = spec.get("versions", [])
    tags = [{"Key": k, "Value": str(v)} for k, v in (spec.get("tags") or {}).items()] or None
    first = _value_fields(versions[0], name) if versions else {}
    ids = [v.get("id") or str(uuid.uuid4()) for v in versions]
    secret, _ = be._add_secret(
        name,
        secret_string=first.get("secret_string"),
        secret_binary=first.get("secret_binary"),
        description=spec.get("description"),
        tags=tags,
        kms_key_id=spec.get("kms_key_id"),
        version_id=ids[0] if ids else None,
        version_stages=["AWSCURRENT"],
    )
    secret.versions = {}
    count = len(versions)
    for index, (vid, vspec) in enumerate(zip(ids, versions)):
        default_stages = ["AWSCURRENT"] if index == count - 1 else ["AWSPREVIOUS"] if index == count - 2 else []
        created = when(vspec.get("created"), now)
        version = {
            "createdate": int(created),
            "version_id": vid,
            "version_stages": list(vspec.get("stages", default_stages)),
        }
        version.update(_value_fields(vspec, name))
        if vspec.get("last_accessed"):
            version["emu_last_accessed"] = day(when(vspec["last_accessed"], now))
        secret.versions[vid] = version
    secret.default_version_id = None
    sync_default_version(secret)

    created = when(spec.get("created", versions[0].get("created") if versions else None), now)
    secret.created_date = int(created)
    newest = max((v["createdate"] for v in secret.versions.values()), default=int(created))
    secret.last_changed_date = int(when(spec["changed"], now)) if "changed" in spec else newest
    if spec.get("last_accessed"):
        secret.emu_last_accessed = day(when(spec["last_accessed"], now))

    rotation = spec.get("rotation")
    if rotation:
        secret.rotation_requested = True
        secret.rotation_enabled = rotation.get("enabled", True)
        secret.rotation_lambda_arn = rotation.get("lambda_arn", "")
        secret.auto_rotate_after_days = int(rotation.get("days", 30))
        if rotation.get("schedule"):
            secret.emu_schedule_expression = rotation["schedule"]
        last = when(rotation["last_rotated"], now) if rotation.get("last_rotated") else None
        secret.last_rotation_date = int(last) if last else None
        base = last or now
        secret.next_rotation_date = int(base + secret.auto_rotate_after_days * 86400)

    # A resource policy, as PutResourcePolicy would store it (an object is
    # written as JSON; a string is kept exactly, however odd).
    policy = spec.get("policy")
    if policy is not None:
        secret.policy = policy if isinstance(policy, str) else json.dumps(policy)

    deletion = spec.get("deletion")
    if deletion:
        secret.deleted_date = float(int(when(deletion.get("scheduled", "+7d"), now)))

    for replica_region in spec.get("replicas", []):
        secret.replicas.extend(secret.create_replicas([{"Region": replica_region}], force_overwrite=False))


def load_event(trail: Trail, directory: Directory, region: str, spec: dict[str, Any], now: float) -> int:
    """Seed one historical event (or a `repeat` series of it); returns how many."""
    name = spec.get("name", "GetSecretValue")
    repeat = spec.get("repeat") or {"count": 1, "every": "1h"}
    count = int(repeat.get("count", 1))
    every = now - when("-" + str(repeat.get("every", "1h")).lstrip("-"), now)
    first = when(spec.get("time"), now)
    secret = find(region, spec.get("secret")) if spec.get("secret") else None
    if spec.get("secret") and secret is None and not spec.get("unknown_secret"):
        raise SeedError(f"event names unknown secret {spec['secret']!r}")
    for i in range(count):
        at = first - i * every
        if spec.get("rotation_event"):
            trail.record_service_event(
                name=name, arn=secret.arn, region=region, account_id=secret.account_id, details={}, when=at
            )
            continue
        secret_id = spec.get("secret")
        if secret is not None:
            style = spec.get("secret_id_as", "name")
            secret_id = {
                "name": secret.name,
                "arn": secret.arn,
                "partial": secret.arn.rsplit("-", 1)[0],
            }[style]
        params = {"SecretId": secret_id} if secret_id else {}
        params.update(spec.get("params", {}))
        trail.record_api_call(
            identity=directory.lookup(spec.get("access_key", "AKIAEXAMPLEUNKNOWN01")),
            region=region,
            operation=name,
            params=params,
            arns=[secret.arn] if secret is not None and not spec.get("no_resources") else [],
            source_ip=spec.get("source_ip", "10.0.0.10"),
            user_agent=spec.get("user_agent", "aws-cli/2.17.0 Python/3.12.6 Linux/6.1 botocore/2.4.5"),
            error_code=spec.get("error_code"),
            error_message=spec.get("error_message", ""),
            when=at,
            legacy_arn_spelling=bool(spec.get("legacy_arn")),
            omit=list(spec.get("omit", [])),
        )
    return count


def _assumed_session(identity: dict[str, Any]) -> str | None:
    """An assumed role's session name: the last part of its ARN."""
    arn = identity.get("arn") or identity.get("aRN") or ""
    if identity.get("type") == "AssumedRole" and arn.count("/") >= 2:
        return arn.rsplit("/", 1)[-1]
    return None


def _named_secrets(region: str, record: dict[str, Any]) -> list[str]:
    """The ARNs of secrets the emulator knows that a record names: by
    `requestParameters.secretId` (a name, full or partial ARN) or `.name`
    (CreateSecret), or in its `resources`."""
    params = record.get("requestParameters") or {}
    named = [params.get(k) for k in ("secretId", "name", "SecretId")]
    named += [r.get("ARN") for r in record.get("resources") or [] if isinstance(r, dict)]
    arns: list[str] = []
    for sid in named:
        secret = find(region, sid) if isinstance(sid, str) else None
        if secret is not None and secret.arn not in arns:
            arns.append(secret.arn)
    return arns


def load_record(trail: Trail, region: str, entry: dict[str, Any], now: float) -> None:
    """Seed one raw CloudTrail record, indexed for LookupEvents as
    CloudTrail indexes it: EventName, EventSource, ReadOnly, AccessKeyId,
    Username (the IAM user name, else an assumed role's session name) and,
    as resources, the record's own plus the known secret it names.
    `{"record": {...}, "username": ..., "resources": [...]}` sets the
    indexing instead. `eventTime` may be relative (`-3h`)."""
    if "record" in entry:
        record = dict(entry["record"])
        username = entry.get("username")
        resources = entry.get("resources")
    else:
        record, username, resources = dict(entry), None, None
    if not isinstance(record.get("eventName"), str):
        raise SeedError("a record needs an eventName")
    at = when(record.get("eventTime"), now)
    record["eventTime"] = iso(at)
    identity = record.get("userIdentity") or {}
    if username is None:
        username = identity.get("userName") or _assumed_session(identity)
    if resources is None:
        resources = [
            {"ResourceType": r.get("type", ""), "ResourceName": r["ARN"]}
            for r in record.get("resources") or []
            if isinstance(r, dict) and r.get("ARN")
        ]
        for arn in _named_secrets(region, record):
            if not any(r["ResourceName"] == arn for r in resources):
                resources.append({"ResourceType": RESOURCE_TYPE, "ResourceName": arn})
    read_only = record.get("readOnly")
    if not isinstance(read_only, bool):
        read_only = record["eventName"].startswith(READ_ONLY_PREFIXES)
    event_id = record.get("eventID") or str(uuid.uuid4())
    record["eventID"] = event_id
    trail.add(
        event_id=event_id,
        time=at,
        name=record["eventName"],
        source=record.get("eventSource", ""),
        read_only=read_only,
        username=username,
        access_key=identity.get("accessKeyId"),
        resources=resources,
        detail=record,
    )


def load(seed: dict[str, Any], trail: Trail, directory: Directory, now: float | None = None) -> dict[str, int]:
    """Load a whole seed document; returns counts of what was added."""
    now = time.time() if now is None else now
    region = seed.get("region", "us-east-1")
    for access_key, arn in (seed.get("identities") or {}).items():
        directory.add(access_key, arn)
    secrets = 0
    for spec in seed.get("secrets", []):
        load_secret(region, spec, now)
        secrets += 1
    for bulk in seed.get("bulk", []):
        pattern = bulk["name"]
        for i in range(int(bulk["count"])):
            load_secret(
                region,
                {"name": pattern.format(i=i), "versions": [{"value": bulk.get("value", f"bulk-value-{i}")}]},
                now,
            )
            secrets += 1
    events = sum(load_event(trail, directory, region, spec, now) for spec in seed.get("events", []))
    for entry in seed.get("records", []):
        load_record(trail, region, entry, now)
        events += 1
    return {"secrets": secrets, "events": events}
