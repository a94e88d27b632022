"""Account ListRegions, and replicas listed in their own region by name."""

import pytest
from botocore.exceptions import ClientError

from conftest import start, stop


@pytest.fixture(scope="module")
def emulator():
    emulator = start()
    emulator.seed({"secrets": [
        {"name": "app/prod/db", "versions": [{"value": "v"}], "replicas": ["eu-west-1"]},
        {"name": "app/prod/key", "versions": [{"value": "v"}]},
    ]})
    yield emulator
    stop(emulator)


def test_list_regions_filters_by_status_and_pages(emulator):
    account = emulator.client("account")
    enabled = account.list_regions(RegionOptStatusContains=["ENABLED", "ENABLED_BY_DEFAULT"])["Regions"]
    names = [r["RegionName"] for r in enabled]
    assert "us-east-1" in names and "eu-west-1" in names
    assert "af-south-1" not in names, "opt-in regions are disabled until enabled"
    assert len(names) == 17
    first = account.list_regions(MaxResults=5)
    assert len(first["Regions"]) == 5
    rest = account.list_regions(MaxResults=50, NextToken=first["NextToken"])
    assert len(first["Regions"]) + len(rest["Regions"]) == 22
    with pytest.raises(ClientError) as err:
        account.list_regions(MaxResults=51)
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_a_replica_is_listed_by_name_in_its_region(emulator):
    eu = emulator.client("secretsmanager", region="eu-west-1")
    for kwargs in ({}, {"Filters": [{"Key": "name", "Values": ["app/"]}]}):
        listed = eu.list_secrets(**kwargs)["SecretList"]
        assert [s["Name"] for s in listed] == ["app/prod/db"]
        assert listed[0]["PrimaryRegion"] == "us-east-1"
        assert ":eu-west-1:" in listed[0]["ARN"]
    primary = emulator.client("secretsmanager").describe_secret(SecretId="app/prod/db")
    assert primary["ReplicationStatus"][0]["Region"] == "eu-west-1"
    assert primary["ReplicationStatus"][0]["Status"] == "InSync"
