"""Fixtures: a real emulator process started through scripts/emulator."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"
ALICE = "AKIAALICE00000000001"
BOB = "AKIABOB0000000000001"
DEPLOY = "AKIADEPLOY0000000001"
IDENTITIES = {
    ALICE: f"arn:aws:iam::{ACCOUNT}:user/alice",
    BOB: f"arn:aws:iam::{ACCOUNT}:user/bob",
    DEPLOY: f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy-bot/ci-run-42",
}


class Emulator:
    def __init__(self, url: str, proc: subprocess.Popen) -> None:
        self.url = url
        self.proc = proc

    def client(self, service: str, access_key: str = ALICE, retries: int = 1, region: str = "us-east-1", **extra):
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id=access_key,
            aws_secret_access_key="not-a-real-secret",
            config=Config(retries={"total_max_attempts": retries, "mode": "standard"}, **extra),
        )

    def control(self, method: str, what: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}/_emulator/{what}", data=data, method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def seed(self, document: dict) -> dict:
        status, payload = self.control("POST", "seed", document)
        assert status == 200, payload
        return payload

    def calls(self) -> list[dict]:
        return self.control("GET", "calls")[1]


def start(*args: str) -> Emulator:
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "emulator"), *args],
        stdout=subprocess.PIPE,
        stderr=sys.stderr,
        text=True,
    )
    first = proc.stdout.readline().strip()
    if not first.startswith("EMULATOR_URL="):
        proc.kill()
        raise RuntimeError(f"emulator did not start; first line was {first!r}")
    return Emulator(first.split("=", 1)[1], proc)


def stop(emulator: Emulator) -> int:
    emulator.proc.send_signal(signal.SIGTERM)
    return emulator.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def emu():
    emulator = start("--rotation-delay", "0.5")
    emulator.seed({"identities": IDENTITIES})
    yield emulator
    stop(emulator)


@pytest.fixture(autouse=True)
def _no_faults(request):
    yield
    if "emu" in request.fixturenames:
        request.getfixturevalue("emu").control("DELETE", "faults")


def unique(prefix: str) -> str:
    return f"{prefix}-{os.urandom(4).hex()}"
