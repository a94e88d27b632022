"""The emulator plays the rotation function: AWSPENDING, then AWSCURRENT moves."""

import json
import time

import pytest
from botocore.exceptions import ClientError

from conftest import unique
from test_cloudtrail import all_events

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db"


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def seed_rotating(emu, tags=None):
    name = unique("pipeline-pulse/prod/database")
    emu.seed(
        {
            "secrets": [
                {
                    "name": name,
                    "tags": tags or {},
                    "versions": [
                        {"json": {"username": "app", "password": "old-1"}, "created": "-60d"},
                        {"json": {"username": "app", "password": "old-2"}, "created": "-30d"},
                    ],
                    "rotation": {"lambda_arn": LAMBDA, "days": 30, "last_rotated": "-30d"},
                }
            ]
        }
    )
    return name


def stages(sm, name):
    return sm.describe_secret(SecretId=name)["VersionIdsToStages"]


def test_rotation_succeeds_after_the_delay(emu):
    name = seed_rotating(emu)
    sm = emu.client("secretsmanager")
    old_current = [v for v, s in stages(sm, name).items() if "AWSCURRENT" in s][0]
    new = sm.rotate_secret(SecretId=name)["VersionId"]
    assert stages(sm, name)[new] == ["AWSPENDING"]
    pending = sm.get_secret_value(SecretId=name, VersionStage="AWSPENDING")
    assert json.loads(pending["SecretString"])["username"] == "app"
    assert json.loads(pending["SecretString"])["password"] != "old-2"

    wait_for(lambda: stages(sm, name)[new] == ["AWSCURRENT"], what="AWSCURRENT to move")
    after = stages(sm, name)
    assert after[old_current] == ["AWSPREVIOUS"]
    assert sum("AWSPENDING" in s for s in after.values()) == 0
    current = json.loads(sm.get_secret_value(SecretId=name)["SecretString"])
    assert current["password"] == json.loads(pending["SecretString"])["password"]
    described = sm.describe_secret(SecretId=name)
    assert described["RotationEnabled"] is True
    assert described["RotationLambdaARN"] == LAMBDA
    assert described["RotationRules"]["AutomaticallyAfterDays"] == 30

    arn = described["ARN"]
    names = [e["EventName"] for e in all_events(emu, "ResourceName", arn)]
    assert names.index("RotationSucceeded") < names.index("RotationStarted")


def test_secret_tagged_to_fail_keeps_pending_stuck(emu):
    name = seed_rotating(emu, tags={"emulator:rotation": "fail"})
    sm = emu.client("secretsmanager")
    arn = sm.describe_secret(SecretId=name)["ARN"]
    new = sm.rotate_secret(SecretId=name)["VersionId"]
    wait_for(
        lambda: "RotationFailed" in [e["EventName"] for e in all_events(emu, "ResourceName", arn)],
        what="RotationFailed",
    )
    assert stages(sm, name)[new] == ["AWSPENDING"]
    assert json.loads(sm.get_secret_value(SecretId=name)["SecretString"])["password"] == "old-2"
    with pytest.raises(ClientError) as err:
        sm.rotate_secret(SecretId=name)
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "previous rotation" in err.value.response["Error"]["Message"]
    # Cancelling turns rotation off; the stuck label stays until removed, as in AWS.
    sm.cancel_rotate_secret(SecretId=name)
    assert sm.describe_secret(SecretId=name)["RotationEnabled"] is False
    sm.update_secret_version_stage(SecretId=name, VersionStage="AWSPENDING", RemoveFromVersionId=new)
    assert stages(sm, name)[new] == []


def test_rotation_needs_a_function_and_valid_rules(emu):
    sm = emu.client("secretsmanager")
    name = unique("plain")
    sm.create_secret(Name=name, SecretString="v")
    with pytest.raises(ClientError) as err:
        sm.rotate_secret(SecretId=name)
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"
    with pytest.raises(ClientError) as err:
        sm.rotate_secret(SecretId=name, RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1001})
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as err:
        sm.rotate_secret(SecretId=name, RotationLambdaARN=LAMBDA, RotationRules={"ScheduleExpression": "rate(2 weeks)"})
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_schedule_without_rotating_now(emu):
    sm = emu.client("secretsmanager")
    name = unique("scheduled")
    sm.create_secret(Name=name, SecretString="plain-text-value")
    out = sm.rotate_secret(
        SecretId=name, RotationLambdaARN=LAMBDA, RotationRules={"ScheduleExpression": "rate(10 days)"}, RotateImmediately=False
    )
    assert "VersionId" not in out
    described = sm.describe_secret(SecretId=name)
    assert described["RotationRules"] == {"ScheduleExpression": "rate(10 days)"}
    assert len(described["VersionIdsToStages"]) == 1
    sm.rotate_secret(SecretId=name)
    wait_for(lambda: sm.get_secret_value(SecretId=name)["SecretString"] != "plain-text-value", what="rotation")
    assert sm.get_secret_value(SecretId=name)["SecretString"].startswith("rotated-")
