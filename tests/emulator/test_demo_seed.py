"""The bundled demo seed has what the design promises."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from conftest import ROOT, start, stop

SEED = ROOT / "assets" / "demo" / "seed.json"
OPERATOR = "AKIADEMOOPERATOR0001"


@pytest.fixture(scope="module")
def demo():
    emulator = start("--seed", str(SEED))
    yield emulator
    stop(emulator)


def listed(demo):
    sm = demo.client("secretsmanager", OPERATOR)
    out, token = [], None
    while True:
        page = sm.list_secrets(IncludePlannedDeletion=True, **({"NextToken": token} if token else {}))
        out += page["SecretList"]
        token = page.get("NextToken")
        if not token:
            return {s["Name"]: s for s in out}


def test_the_teams_layouts_are_there(demo):
    names = set(listed(demo))
    for env in ("argo", "alpine-backend", "alpine-frontend"):
        assert any(n.startswith(f"argo-alpine/{env}/") for n in names), env
    for key in ("secret-key", "jwt-secret", "encryption-key", "database-url", "redis-password", "mail-password", "sentry-dsn"):
        assert f"gaara-store/production/{key}" in names
    for key in ("database", "zoho", "currency", "jwt"):
        assert f"pipeline-pulse/prod/{key}" in names
    assert "afirgen/production/secrets" in names
    assert "credlink-prod-api-keys" in names


def test_history_rotation_stuck_and_deletion(demo):
    secrets = listed(demo)
    assert sum(len(s["SecretVersionsToStages"]) >= 2 for s in secrets.values()) >= 10
    assert sum(bool(s.get("RotationEnabled")) for s in secrets.values()) >= 3
    stuck = [
        n for n, s in secrets.items()
        if any("AWSPENDING" in st and "AWSCURRENT" not in st for st in s["SecretVersionsToStages"].values())
    ]
    assert stuck == ["pipeline-pulse/prod/zoho"]
    for s in secrets.values():  # every secret with versions has exactly one AWSCURRENT
        currents = [v for v, st in s["SecretVersionsToStages"].items() if "AWSCURRENT" in st]
        assert len(currents) == 1, s["Name"]
    assert [n for n, s in secrets.items() if s.get("DeletedDate")] == ["argo-alpine/argo/slack-webhook"]


def test_bundles_are_json_and_values_obviously_fake(demo):
    data = json.loads(SEED.read_text())
    for secret in data["secrets"]:
        for version in secret["versions"]:
            text = json.dumps(version.get("json")) if "json" in version else version.get("value", "")
            assert "fake" in text.lower() or "FAKE" in text or text.startswith("ZmFrZS"), (secret["name"], text)
    sm = demo.client("secretsmanager", OPERATOR)
    bundle = json.loads(sm.get_secret_value(SecretId="pipeline-pulse/prod/database")["SecretString"])
    assert {"username", "password", "host", "port"} <= set(bundle)


def test_access_history_has_a_suspicious_reader(demo):
    ct = demo.client("cloudtrail", OPERATOR, retries=10)
    now = datetime.now(timezone.utc)
    events, token = [], None
    while True:
        kwargs = {"NextToken": token} if token else {}
        page = ct.lookup_events(
            LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "contractor-tmp"}],
            StartTime=now - timedelta(days=2), EndTime=now, **kwargs,
        )
        events += page["Events"]
        token = page.get("NextToken")
        if not token:
            break
    reads = [e for e in events if e["EventName"] == "GetSecretValue"]
    assert len({r["ResourceName"] for e in reads for r in e["Resources"]}) >= 6
    details = [json.loads(e["CloudTrailEvent"]) for e in reads]
    assert {d["sourceIPAddress"] for d in details} == {"203.0.113.9"}
    assert sum(d.get("errorCode") == "AccessDeniedException" for d in details) == 2
    # Days of routine history too: the deploy bot reads hourly.
    bot = ct.lookup_events(LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "gha-run"}], MaxResults=50)
    assert len(bot["Events"]) == 50 and bot.get("NextToken")


def test_posture_cases_are_there(demo):
    """Public, cross-account and restrictive policies; never accessed,
    unused for 200 days, and scheduled for deletion but read yesterday."""
    sm = demo.client("secretsmanager", OPERATOR)
    policy = lambda name: json.loads(sm.get_resource_policy(SecretId=name).get("ResourcePolicy") or "null")
    public = policy("gaara-store/production/sentry-dsn")
    assert public["Statement"][0]["Principal"] == "*" and "Condition" not in public["Statement"][0]
    cross = policy("pipeline-pulse/prod/currency")
    assert "210987654321" in cross["Statement"][0]["Principal"]["AWS"]
    restrictive = policy("gaara-store/production/database-url")
    assert [s["Effect"] for s in restrictive["Statement"]] == ["Allow", "Deny"]
    assert policy("gaara-store/production/jwt-secret") is None
    secrets = listed(demo)
    today = datetime.now(timezone.utc).date()
    age = lambda name: (today - secrets[name]["LastAccessedDate"].date()).days
    assert "LastAccessedDate" not in secrets["gaara-store/production/mail-password"]
    assert age("argo-alpine/alpine-frontend/sentry-dsn") == 200
    assert secrets["argo-alpine/argo/slack-webhook"].get("DeletedDate")
    assert age("argo-alpine/argo/slack-webhook") == 1
