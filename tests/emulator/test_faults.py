"""Faults set at start and at run time through /_emulator/faults."""

import time

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from conftest import BOB, start, stop, unique


def code_of(fn):
    with pytest.raises(ClientError) as err:
        fn()
    return err.value.response["Error"]["Code"], err.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_latency_is_added_to_every_call(emu):
    sm = emu.client("secretsmanager")
    emu.control("POST", "faults", {"latency_ms": 300})
    began = time.monotonic()
    sm.list_secrets(MaxResults=1)
    assert time.monotonic() - began >= 0.3  # a lower bound: the delay really happened


def test_throttle_and_server_errors(emu):
    sm = emu.client("secretsmanager")
    emu.control("POST", "faults", {"throttle_rate": 1.0})
    assert code_of(lambda: sm.list_secrets()) == ("ThrottlingException", 400)
    emu.control("POST", "faults", {"throttle_rate": 0.0, "error_rate": 1.0})
    assert code_of(lambda: sm.list_secrets()) == ("InternalServiceError", 500)
    emu.control("DELETE", "faults")
    sm.list_secrets(MaxResults=1)


def test_partial_rates_mix_failures_and_successes(emu):
    sm = emu.client("secretsmanager")
    emu.control("POST", "faults", {"throttle_rate": 0.5})
    outcomes = set()
    for _ in range(40):
        try:
            sm.list_secrets(MaxResults=1)
            outcomes.add("ok")
        except ClientError:
            outcomes.add("throttled")
    assert outcomes == {"ok", "throttled"}


def test_dropped_connections(emu):
    sm = emu.client("secretsmanager")
    emu.control("POST", "faults", {"drop_rate": 1.0})
    with pytest.raises((ConnectionClosedError, EndpointConnectionError, ClientError)):
        sm.list_secrets()
    # Other tests' background work (a rotation finishing) may log calls too.
    listings = [c for c in emu.calls() if c["operation"] == "ListSecrets"]
    assert listings[-1]["outcome"] == "ConnectionDropped"


def test_deny_globs_mark_only_matching_secrets(emu):
    sm = emu.client("secretsmanager", BOB)
    denied, allowed = unique("gaara-store/production/jwt"), unique("argo-alpine/argo/token")
    for name in (denied, allowed):
        sm.create_secret(Name=name, SecretString="v")
    arn = sm.describe_secret(SecretId=denied)["ARN"]
    emu.control("POST", "faults", {"deny": ["gaara-store/*"]})
    code, _ = code_of(lambda: sm.get_secret_value(SecretId=denied))
    assert code == "AccessDeniedException"
    assert code_of(lambda: sm.describe_secret(SecretId=arn))[0] == "AccessDeniedException"  # by ARN too
    assert sm.get_secret_value(SecretId=allowed)["SecretString"] == "v"
    sm.list_secrets(MaxResults=1)  # listing is not a per-secret permission


def test_deny_operations(emu):
    emu.control("POST", "faults", {"deny_operations": ["ListSecrets"]})
    sm = emu.client("secretsmanager")
    assert code_of(lambda: sm.list_secrets())[0] == "AccessDeniedException"


def test_expired_access_key(emu):
    emu.control("POST", "faults", {"expired_keys": [BOB]})
    assert code_of(lambda: emu.client("sts", BOB).get_caller_identity())[0] == "ExpiredTokenException"
    emu.client("sts").get_caller_identity()  # other keys still work


def test_bad_fault_body_is_refused_and_delete_clears(emu):
    status, payload = emu.control("POST", "faults", {"throttle_rate": 2})
    assert status == 400 and "throttle_rate" in payload["error"]
    status, payload = emu.control("POST", "faults", {"lag": 1})
    assert status == 400 and "lag" in payload["error"]
    emu.control("POST", "faults", {"latency_ms": 5, "deny": ["x/*"]})
    status, payload = emu.control("DELETE", "faults")
    assert payload["latency_ms"] == 0 and payload["deny"] == []


def test_faults_from_flags_at_start():
    emulator = start("--throttle-rate", "1.0")
    try:
        assert code_of(lambda: emulator.client("secretsmanager").list_secrets())[0] == "ThrottlingException"
        emulator.control("DELETE", "faults")
        emulator.client("secretsmanager").list_secrets()
    finally:
        stop(emulator)
