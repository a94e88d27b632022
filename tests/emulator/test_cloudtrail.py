"""CloudTrail LookupEvents: recorded from real calls, with the real API's rules."""

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, ALICE, BOB, DEPLOY, unique

SOURCE = "secretsmanager.amazonaws.com"


def lookup(emu, key=None, value=None, access_key=ALICE, **kwargs):
    """LookupEvents with retries, so the 2/s budget never fails a test."""
    ct = emu.client("cloudtrail", access_key, retries=10)
    if key:
        kwargs["LookupAttributes"] = [{"AttributeKey": key, "AttributeValue": value}]
    return ct.lookup_events(**kwargs)


def all_events(emu, key, value, **kwargs):
    events, token = [], None
    while True:
        page = lookup(emu, key, value, **({"NextToken": token} if token else {}), **kwargs)
        events += page["Events"]
        token = page.get("NextToken")
        if not token:
            return events


@pytest.fixture
def secret(emu):
    name = unique("ct/prod/db")
    arn = emu.client("secretsmanager").create_secret(Name=name, SecretString='{"password":"p"}')["ARN"]
    return name, arn


def test_calls_become_events_with_identity_ip_agent_and_secret_id_as_sent(emu, secret):
    name, arn = secret
    sm_bob = emu.client("secretsmanager", BOB)
    sm_deploy = emu.client("secretsmanager", DEPLOY)
    sm_bob.get_secret_value(SecretId=name)
    sm_deploy.get_secret_value(SecretId=arn)
    partial = arn.rsplit("-", 1)[0]
    sm_deploy.describe_secret(SecretId=partial)

    events = all_events(emu, "ResourceName", arn)
    by_name = {(e["EventName"], e.get("Username")): e for e in events}
    bob = by_name[("GetSecretValue", "bob")]
    assert bob["AccessKeyId"] == BOB
    assert bob["EventSource"] == SOURCE
    assert bob["ReadOnly"] == "true"
    assert bob["Resources"] == [{"ResourceType": "AWS::SecretsManager::Secret", "ResourceName": arn}]
    detail = json.loads(bob["CloudTrailEvent"])
    assert detail["userIdentity"]["type"] == "IAMUser"
    assert detail["userIdentity"]["arn"] == f"arn:aws:iam::{ACCOUNT}:user/bob"
    assert detail["userIdentity"]["accountId"] == ACCOUNT
    assert detail["userIdentity"]["accessKeyId"] == BOB
    assert detail["sourceIPAddress"] == "127.0.0.1"
    assert detail["userAgent"].startswith("Boto3/")
    assert detail["requestParameters"]["secretId"] == name
    assert "errorCode" not in detail

    deploy = by_name[("GetSecretValue", "ci-run-42")]
    assert json.loads(deploy["CloudTrailEvent"])["requestParameters"]["secretId"] == arn
    assert json.loads(deploy["CloudTrailEvent"])["userIdentity"]["type"] == "AssumedRole"
    described = by_name[("DescribeSecret", "ci-run-42")]
    assert json.loads(described["CloudTrailEvent"])["requestParameters"]["secretId"] == partial


def test_failed_call_carries_error_code_and_message(emu, secret):
    name, arn = secret
    emu.control("POST", "faults", {"deny": [name]})
    with pytest.raises(ClientError) as err:
        emu.client("secretsmanager", BOB).get_secret_value(SecretId=name)
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    emu.control("DELETE", "faults")
    events = all_events(emu, "ResourceName", arn)
    failed = [e for e in events if e["EventName"] == "GetSecretValue"]
    detail = json.loads(failed[0]["CloudTrailEvent"])
    assert detail["errorCode"] == "AccessDeniedException"
    assert "not authorized" in detail["errorMessage"]


def test_values_never_reach_the_trail(emu):
    canary = "canary-" + unique("v")
    name = unique("ct/canary")
    sm = emu.client("secretsmanager")
    sm.create_secret(Name=name, SecretString=canary)
    sm.put_secret_value(SecretId=name, SecretString=canary + "-2")
    sm.get_secret_value(SecretId=name)
    events = all_events(emu, "EventSource", SOURCE)
    assert events
    assert not [e for e in events if canary in json.dumps(e, default=str)]


def test_every_lookup_attribute_filters(emu, secret):
    name, arn = secret
    emu.client("secretsmanager", DEPLOY).get_secret_value(SecretId=name)
    newest = all_events(emu, "ResourceName", arn)[0]
    assert newest["EventName"] == "GetSecretValue"
    expected = {
        "EventId": newest["EventId"],
        "EventName": "GetSecretValue",
        "ReadOnly": "true",
        "Username": "ci-run-42",
        "ResourceType": "AWS::SecretsManager::Secret",
        "ResourceName": arn,
        "EventSource": SOURCE,
        "AccessKeyId": DEPLOY,
    }
    for key, value in expected.items():
        events = all_events(emu, key, value)
        assert newest["EventId"] in [e["EventId"] for e in events], key
        for event in events:
            if key == "ResourceName":
                assert value in [r["ResourceName"] for r in event["Resources"]]
            elif key == "ResourceType":
                assert value in [r["ResourceType"] for r in event["Resources"]]
            elif key in ("EventId", "EventName", "ReadOnly", "Username", "EventSource", "AccessKeyId"):
                assert event.get(key) == value, (key, event)
    assert [e["EventId"] for e in all_events(emu, "EventId", newest["EventId"])] == [newest["EventId"]]
    assert all_events(emu, "Username", "nobody-at-all") == []
    writes = all_events(emu, "ReadOnly", "false")
    assert writes and all(e["ReadOnly"] == "false" for e in writes)


def test_only_one_attribute_and_only_real_keys(emu):
    ct = emu.client("cloudtrail", retries=10)
    with pytest.raises(ClientError) as err:
        ct.lookup_events(
            LookupAttributes=[
                {"AttributeKey": "Username", "AttributeValue": "bob"},
                {"AttributeKey": "EventName", "AttributeValue": "GetSecretValue"},
            ]
        )
    assert err.value.response["Error"]["Code"] == "InvalidLookupAttributesException"
    with pytest.raises(ClientError) as err:
        ct.lookup_events(LookupAttributes=[{"AttributeKey": "SourceIp", "AttributeValue": "1.2.3.4"}])
    assert err.value.response["Error"]["Code"] in ("InvalidLookupAttributesException", "ParamValidationError")


def test_max_results_is_at_most_50(emu):
    ct = emu.client("cloudtrail", retries=10, parameter_validation=False)
    with pytest.raises(ClientError) as err:
        ct.lookup_events(MaxResults=51)
    assert err.value.response["Error"]["Code"] == "InvalidMaxResultsException"


def test_pages_are_newest_first_complete_and_disjoint(emu):
    name = unique("ct/paging")
    sm = emu.client("secretsmanager", BOB)
    arn = sm.create_secret(Name=name, SecretString="x")["ARN"]
    for _ in range(12):
        sm.describe_secret(SecretId=name)
    pages, token = [], None
    while True:
        page = lookup(emu, "ResourceName", arn, MaxResults=5, **({"NextToken": token} if token else {}))
        pages.append(page["Events"])
        token = page.get("NextToken")
        if not token:
            break
    events = [e for p in pages for e in p]
    assert [len(p) for p in pages] == [5, 5, 3]
    assert len({e["EventId"] for e in events}) == 13
    times = [e["EventTime"] for e in events]
    assert times == sorted(times, reverse=True)
    assert events[-1]["EventName"] == "CreateSecret"


def test_next_token_from_another_query_is_refused(emu, secret):
    name, arn = secret
    for _ in range(3):
        emu.client("secretsmanager").describe_secret(SecretId=name)
    token = lookup(emu, "ResourceName", arn, MaxResults=1)["NextToken"]
    with pytest.raises(ClientError) as err:
        lookup(emu, "Username", "alice", MaxResults=1, NextToken=token)
    assert err.value.response["Error"]["Code"] == "InvalidNextTokenException"


def test_time_window_and_seeded_history(emu):
    name = unique("ct/history")
    emu.seed(
        {
            "secrets": [{"name": name, "versions": [{"value": "v1", "created": "-30d"}]}],
            "events": [
                {"time": "-3h", "secret": name, "access_key": BOB, "source_ip": "198.51.100.7"},
                {"time": "-50h", "secret": name, "access_key": BOB, "error_code": "AccessDeniedException"},
                {"time": "-100d", "secret": name, "access_key": BOB},
            ],
        }
    )
    arn = emu.client("secretsmanager").describe_secret(SecretId=name)["ARN"]
    now = datetime.now(timezone.utc)

    def reads(**window):
        return [e for e in all_events(emu, "ResourceName", arn, **window) if e["EventName"] == "GetSecretValue"]

    day = reads(StartTime=now - timedelta(hours=24), EndTime=now)
    assert [json.loads(e["CloudTrailEvent"])["sourceIPAddress"] for e in day] == ["198.51.100.7"]
    week = reads(StartTime=now - timedelta(days=7), EndTime=now)
    assert len(week) == 2
    assert json.loads(week[1]["CloudTrailEvent"])["errorCode"] == "AccessDeniedException"
    # Older than 90 days is gone, as in the real event history.
    assert len(reads()) == 2
    with pytest.raises(ClientError) as err:
        lookup(emu, StartTime=now, EndTime=now - timedelta(hours=1))
    assert err.value.response["Error"]["Code"] == "InvalidTimeRangeException"


def test_legacy_arn_spelling_in_seeded_events(emu):
    name = unique("ct/legacy")
    emu.seed(
        {
            "secrets": [{"name": name, "versions": [{"value": "v"}]}],
            "events": [{"time": "-1h", "secret": name, "access_key": BOB, "legacy_arn": True}],
        }
    )
    arn = emu.client("secretsmanager").describe_secret(SecretId=name)["ARN"]
    seeded = [e for e in all_events(emu, "ResourceName", arn) if e["EventName"] == "GetSecretValue"]
    identity = json.loads(seeded[0]["CloudTrailEvent"])["userIdentity"]
    assert "aRN" in identity and "arn" not in identity


def test_seeded_events_can_miss_fields(emu):
    name = unique("ct/omit")
    emu.seed(
        {
            "secrets": [{"name": name, "versions": [{"value": "v"}]}],
            "events": [
                {"time": "-1h", "secret": name, "access_key": BOB, "omit": ["userIdentity.arn", "sourceIPAddress"]}
            ],
        }
    )
    arn = emu.client("secretsmanager").describe_secret(SecretId=name)["ARN"]
    seeded = [e for e in all_events(emu, "ResourceName", arn) if e["EventName"] == "GetSecretValue"]
    record = json.loads(seeded[0]["CloudTrailEvent"])
    assert "sourceIPAddress" not in record and "arn" not in record["userIdentity"]
    assert record["userIdentity"]["accessKeyId"] == BOB


def test_two_requests_per_second_then_throttling(emu):
    ct = emu.client("cloudtrail", retries=1)
    time.sleep(1.1)  # let the one-second window of earlier tests pass
    ct.lookup_events(MaxResults=1)
    ct.lookup_events(MaxResults=1)
    with pytest.raises(ClientError) as err:
        ct.lookup_events(MaxResults=1)
    assert err.value.response["Error"]["Code"] == "ThrottlingException"
    time.sleep(1.05)
    assert "Events" in ct.lookup_events(MaxResults=1)
    throttled = [c for c in emu.calls() if c["operation"] == "LookupEvents" and c["outcome"] == "ThrottlingException"]
    assert throttled
