"""The call log: which operations were called, on what, by whom, with what outcome."""

import pytest
from botocore.exceptions import ClientError

from conftest import BOB, unique


def test_call_log_in_order_with_secret_key_and_outcome(emu):
    emu.control("DELETE", "calls")
    assert emu.calls() == []
    name = unique("calls/prod/key")
    sm = emu.client("secretsmanager", BOB)
    sm.create_secret(Name=name, SecretString="v")
    sm.describe_secret(SecretId=name)
    with pytest.raises(ClientError):
        sm.get_secret_value(SecretId=name + "-missing")
    emu.client("sts", BOB).get_caller_identity()
    emu.client("cloudtrail", BOB, retries=10).lookup_events(MaxResults=1)

    calls = emu.calls()
    ops = [(c["service"], c["operation"]) for c in calls]
    assert ops[:5] == [
        ("secretsmanager", "CreateSecret"),
        ("secretsmanager", "DescribeSecret"),
        ("secretsmanager", "GetSecretValue"),
        ("sts", "GetCallerIdentity"),
        ("cloudtrail", "LookupEvents"),
    ]
    assert calls[0]["secret_id"] == name and calls[1]["secret_id"] == name
    assert calls[2]["outcome"] == "ResourceNotFoundException"
    assert calls[0]["outcome"] == "ok"
    assert all(c["access_key"] == BOB for c in calls)
    assert calls[3]["secret_id"] is None
    assert calls[0]["time"].endswith("Z") and calls[0]["time"] <= calls[1]["time"]


def test_batch_get_names_every_secret(emu):
    sm = emu.client("secretsmanager")
    names = [unique("batch/a"), unique("batch/b")]
    for n in names:
        sm.create_secret(Name=n, SecretString="v")
    emu.control("DELETE", "calls")
    sm.batch_get_secret_value(SecretIdList=names)
    call = emu.calls()[0]
    assert call["operation"] == "BatchGetSecretValue" and call["secret_ids"] == names
