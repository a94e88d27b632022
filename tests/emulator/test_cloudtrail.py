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
    # CreateSecret has no resources in CloudTrail: not found by the ARN.
    assert [len(p) for p in pages] == [5, 5, 2]
    assert len({e["EventId"] for e in events}) == 12
    times = [e["EventTime"] for e in events]
    assert times == sorted(times, reverse=True)
    assert {e["EventName"] for e in events} == {"DescribeSecret"}


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


def test_create_secret_is_named_by_request_parameters_and_has_no_resources(emu):
    name = unique("ct/created")
    emu.client("secretsmanager").create_secret(Name=name, SecretString="v")
    created = [e for e in all_events(emu, "EventName", "CreateSecret") if name in e["CloudTrailEvent"]]
    assert len(created) == 1
    record = json.loads(created[0]["CloudTrailEvent"])
    assert record["requestParameters"]["name"] == name
    assert "secretId" not in record["requestParameters"]
    assert "resources" not in record and created[0]["Resources"] == []
    assert "SecretString" not in created[0]["CloudTrailEvent"] and '"v"' not in created[0]["CloudTrailEvent"]


def test_raw_records_are_indexed_as_cloudtrail_indexes_them(emu):
    name = unique("ct/raw")
    arn = emu.client("secretsmanager").create_secret(Name=name, SecretString="v")["ARN"]
    sso = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "AssumedRole",
            "principalId": "AROAEXAMPLEID:jane@example.com",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com",
            "accountId": ACCOUNT,
            "accessKeyId": "ASIAEXAMPLESSO000001",
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "arn": f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef",
                    "userName": "AWSReservedSSO_Admin_0123456789abcdef",
                }
            },
        },
        "eventTime": "-2h",
        "eventSource": SOURCE,
        "eventName": "GetSecretValue",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.50",
        "userAgent": "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io)",
        "requestParameters": {"secretId": name},
        "responseElements": None,
        "eventID": "11111111-2222-3333-4444-555555555555",
        "readOnly": True,
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
    }
    kms = {
        "eventVersion": "1.05",
        "userIdentity": {"type": "AWSService", "invokedBy": SOURCE},
        "eventTime": "-1h",
        "eventSource": "kms.amazonaws.com",
        "eventName": "Decrypt",
        "readOnly": True,
        "requestParameters": {"encryptionContext": {"SecretARN": arn}},
        "resources": [{"ARN": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd", "type": "AWS::KMS::Key"}],
    }
    override = {
        "record": {"eventName": "DescribeSecret", "eventTime": "-30m", "eventSource": SOURCE},
        "username": "set-by-hand",
        "resources": [{"ResourceType": "AWS::SecretsManager::Secret", "ResourceName": "arn:custom"}],
    }
    assert emu.seed({"records": [sso, kms, override]})["events"] == 3

    by_secret = all_events(emu, "ResourceName", arn)
    got = [e for e in by_secret if e["EventName"] == "GetSecretValue"]
    assert len(got) == 1
    assert got[0]["Username"] == "jane@example.com"
    assert got[0]["AccessKeyId"] == "ASIAEXAMPLESSO000001"
    record = json.loads(got[0]["CloudTrailEvent"])
    assert record["userAgent"].startswith("APN/1.0 HashiCorp")
    assert record["eventTime"].endswith("Z") and record["eventID"] == sso["eventID"]
    # The KMS record keeps its own resources; it names the secret only in
    # its encryption context, as in real CloudTrail.
    assert not [e for e in by_secret if e["EventSource"] == "kms.amazonaws.com"]
    decrypts = all_events(emu, "EventSource", "kms.amazonaws.com")
    assert [r["ResourceType"] for r in decrypts[0]["Resources"]] == ["AWS::KMS::Key"]
    assert decrypts[0]["ReadOnly"] == "true"
    by_user = all_events(emu, "Username", "set-by-hand")
    assert [r["ResourceName"] for r in by_user[0]["Resources"]] == ["arn:custom"]
    assert by_user[0]["ReadOnly"] == "true"
