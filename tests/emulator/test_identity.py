"""STS GetCallerIdentity answers for the access key that signed the call."""

from conftest import ACCOUNT, ALICE, DEPLOY


def test_seeded_access_key_maps_to_its_user(emu):
    ident = emu.client("sts", ALICE).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert ident["Account"] == ACCOUNT
    assert ident["UserId"].startswith("AIDA")


def test_assumed_role_key(emu):
    ident = emu.client("sts", DEPLOY).get_caller_identity()
    assert ident["Arn"].endswith(":assumed-role/deploy-bot/ci-run-42")
    assert ident["UserId"].endswith(":ci-run-42")


def test_unknown_access_key_appears_under_its_own_id(emu):
    ident = emu.client("sts", "AKIASTRANGER00000001").get_caller_identity()
    assert ident["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/AKIASTRANGER00000001"
