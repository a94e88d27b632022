"""Secrets Manager behaviour the emulator adds to moto: versions, access dates, stages."""

import base64
import json
from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from conftest import unique


def test_seeded_versions_keep_their_dates_labels_and_values(emu):
    name = unique("gaara-store/production/jwt-secret")
    emu.seed(
        {
            "secrets": [
                {
                    "name": name,
                    "description": "JWT signing key",
                    "kms_key_id": "alias/gaara",
                    "tags": {"team": "gaara"},
                    "versions": [
                        {"value": "jwt-1", "created": "-60d"},
                        {"value": "jwt-2", "created": "-30d"},
                        {"value": "jwt-3", "created": "-3d", "stages": ["AWSCURRENT", "blue"]},
                    ],
                }
            ]
        }
    )
    sm = emu.client("secretsmanager")
    described = sm.describe_secret(SecretId=name)
    assert described["Description"] == "JWT signing key"
    assert described["KmsKeyId"] == "alias/gaara"
    assert described["Tags"] == [{"Key": "team", "Value": "gaara"}]
    age = datetime.now(timezone.utc) - described["CreatedDate"]
    assert 59 <= age.days <= 60
    assert (datetime.now(timezone.utc) - described["LastChangedDate"]).days in (2, 3)
    assert "LastAccessedDate" not in described

    labelled = sm.list_secret_version_ids(SecretId=name)["Versions"]
    assert [sorted(v["VersionStages"]) for v in labelled] == [["AWSCURRENT", "blue"], ["AWSPREVIOUS"]]
    everything = sm.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)["Versions"]
    assert len(everything) == 3
    assert everything[-1]["VersionStages"] == []
    assert [v["CreatedDate"] for v in everything] == sorted((v["CreatedDate"] for v in everything), reverse=True)
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "jwt-3"
    assert sm.get_secret_value(SecretId=name, VersionStage="AWSPREVIOUS")["SecretString"] == "jwt-2"


def test_version_listing_pages(emu):
    name = unique("paged")
    emu.seed({"secrets": [{"name": name, "versions": [{"value": f"v{i}", "created": f"-{20 - i}d", "stages": ["AWSCURRENT"] if i == 11 else [f"L{i}"]} for i in range(12)]}]})
    sm = emu.client("secretsmanager")
    seen, token = [], None
    while True:
        page = sm.list_secret_version_ids(SecretId=name, MaxResults=5, **({"NextToken": token} if token else {}))
        seen += page["Versions"]
        token = page.get("NextToken")
        if not token:
            break
    assert len(seen) == 12 and len({v["VersionId"] for v in seen}) == 12


def test_last_accessed_date_is_set_by_reading_the_value_only(emu):
    name = unique("accessed")
    sm = emu.client("secretsmanager")
    sm.create_secret(Name=name, SecretString="s")
    sm.describe_secret(SecretId=name)
    sm.list_secret_version_ids(SecretId=name)
    assert "LastAccessedDate" not in sm.describe_secret(SecretId=name)
    sm.get_secret_value(SecretId=name)
    accessed = sm.describe_secret(SecretId=name)["LastAccessedDate"]
    assert accessed.date() == datetime.now(timezone.utc).date()
    assert (accessed.hour, accessed.minute) == (0, 0)  # AWS reports the day only
    listed = [s for s in sm.list_secrets()["SecretList"] if s["Name"] == name][0]
    assert listed["LastAccessedDate"] == accessed
    assert "LastAccessedDate" in sm.list_secret_version_ids(SecretId=name)["Versions"][0]


def test_rollback_moves_current_and_previous_and_get_follows(emu):
    name = unique("rollback")
    sm = emu.client("secretsmanager")
    first = sm.create_secret(Name=name, SecretString="one")["VersionId"]
    second = sm.put_secret_value(SecretId=name, SecretString="two")["VersionId"]
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "two"
    sm.update_secret_version_stage(
        SecretId=name, VersionStage="AWSCURRENT", MoveToVersionId=first, RemoveFromVersionId=second
    )
    stages = sm.describe_secret(SecretId=name)["VersionIdsToStages"]
    assert stages[first] == ["AWSCURRENT"] and stages[second] == ["AWSPREVIOUS"]
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "one"


def test_binary_secret_round_trip(emu):
    name = unique("binary")
    payload = bytes(range(256))
    emu.seed({"secrets": [{"name": name, "versions": [{"binary_base64": base64.b64encode(payload).decode()}]}]})
    assert emu.client("secretsmanager").get_secret_value(SecretId=name)["SecretBinary"] == payload


def test_secret_without_value(emu):
    name = unique("empty")
    emu.seed({"secrets": [{"name": name, "versions": []}]})
    sm = emu.client("secretsmanager")
    assert sm.describe_secret(SecretId=name)["Name"] == name
    with pytest.raises(ClientError) as err:
        sm.get_secret_value(SecretId=name)
    # AWS's words: the secret exists, its AWSCURRENT value does not.
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert "secret value for staging label: AWSCURRENT" in err.value.response["Error"]["Message"]
    created = unique("created-empty")
    sm.create_secret(Name=created)
    with pytest.raises(ClientError) as err:
        sm.get_secret_value(SecretId=created)
    assert "secret value for staging label: AWSCURRENT" in err.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as err:
        sm.get_secret_value(SecretId=created, VersionId="00000000-0000-4000-8000-000000000000")
    assert "secret value for VersionId" in err.value.response["Error"]["Message"]


def test_scheduled_deletion_is_listed_only_when_asked(emu):
    name = unique("doomed")
    emu.seed({"secrets": [{"name": name, "versions": [{"value": "v"}], "deletion": {"scheduled": "+5d"}}]})
    sm = emu.client("secretsmanager")

    def names(**kw):
        out, token = [], None
        while True:
            page = sm.list_secrets(**kw, **({"NextToken": token} if token else {}))
            out += page["SecretList"]
            token = page.get("NextToken")
            if not token:
                return {s["Name"]: s for s in out}

    assert name not in names()
    listed = names(IncludePlannedDeletion=True)[name]
    assert 4 <= (listed["DeletedDate"] - datetime.now(timezone.utc)).days <= 5


def test_replica_shows_in_replication_status(emu):
    name = unique("replicated")
    emu.seed({"secrets": [{"name": name, "versions": [{"value": "v"}], "replicas": ["eu-west-1"]}]})
    status = emu.client("secretsmanager").describe_secret(SecretId=name)["ReplicationStatus"]
    assert status[0]["Region"] == "eu-west-1" and status[0]["Status"] == "InSync"


def test_resource_policies_are_seeded_read_put_and_deleted(emu):
    """GetResourcePolicy is what the posture view reads: metadata, logged as a call."""
    name = unique("shop/prod/shared")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
    plain = unique("shop/prod/private")
    emu.seed({"secrets": [{"name": name, "versions": [{"value": "v"}], "policy": policy}, {"name": plain, "versions": [{"value": "v"}]}]})
    sm = emu.client("secretsmanager")
    read = sm.get_resource_policy(SecretId=name)
    assert read["Name"] == name
    assert json.loads(read["ResourcePolicy"]) == policy
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId=plain)

    public = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
    sm.put_resource_policy(SecretId=plain, ResourcePolicy=json.dumps(public))
    assert json.loads(sm.get_resource_policy(SecretId=plain)["ResourcePolicy"]) == public
    sm.delete_resource_policy(SecretId=plain)
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId=plain)

    calls = [c for c in emu.calls() if c["operation"] == "GetResourcePolicy"]
    assert calls and calls[0]["secret_id"] == name


def test_the_indexed_store_finds_what_moto_finds():
    """Names, full ARNs and partial ARNs resolve as moto's scans do; removal
    forgets every spelling."""
    from moto.secretsmanager.models import FakeSecret

    from sekret_emulator.store import IndexedStore

    def fake(name):
        return FakeSecret(account_id="123456789012", region_name="us-east-1", secret_id=name,
                          secret_version={"version_id": "v1", "version_stages": ["AWSCURRENT"]},
                          version_id="v1", secret_string="v", last_changed_date=0, created_date=0)

    store = IndexedStore()
    a, b = fake("shop/db"), fake("shop/db-2")
    store["shop/db"] = a
    store["shop/db-2"] = b
    partial = a.arn.rsplit("-", 1)[0]
    for spelling in ("shop/db", a.arn, partial):
        assert spelling in store and store[spelling] is a and store.get(spelling) is a, spelling
    assert store[b.arn] is b
    assert "shop/nope" not in store and store.get("shop/nope") is None
    assert store.pop(a.arn) is a
    for spelling in ("shop/db", a.arn, partial):
        assert spelling not in store, spelling
    assert list(store) == ["shop/db-2"]


def test_bulk_seeding_is_linear(emu):
    """20,000 secrets seed in seconds, not minutes (moto's own store scans
    every secret on each add: quadratic)."""
    import time as clock

    started = clock.monotonic()
    emu.seed({"secrets": [{"name": f"bulk/svc-{i % 50:02d}/key-{i:06d}", "versions": [{"value": "v"}]}
                          for i in range(20_000)]})
    took = clock.monotonic() - started
    sm = emu.client("secretsmanager", "AKIADEMOOPERATOR0001")
    described = sm.describe_secret(SecretId="bulk/svc-07/key-000007")
    assert sm.describe_secret(SecretId=described["ARN"])["Name"] == "bulk/svc-07/key-000007"
    print(f"seeded 20,000 secrets in {took:.1f} s")
