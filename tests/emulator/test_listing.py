"""ListSecrets from the sorted index: pages in name order, prefix filters
(several values ORed), tokens, planned deletion, and moto for the rest."""

import pytest
from botocore.exceptions import ClientError

from conftest import start, stop

NAMES = [
    "a/x", "a/y", "ab", "ab/c", "b", "prod/db", "prod/api", "prod/zz", "Prod/upper",
    "=eq", "@at", "+plus", "-dash", ".dot", "_under", "0zero",
]


@pytest.fixture(scope="module")
def fresh():
    emulator = start()
    emulator.seed({"secrets": [{"name": n, "versions": [{"value": "v"}]} for n in NAMES]
                   + [{"name": "gone/one", "versions": [{"value": "v"}], "deletion": {"scheduled": "+7d"}}]})
    yield emulator
    stop(emulator)


def listing(sm, **kwargs):
    names, token, pages = [], None, 0
    while True:
        page = sm.list_secrets(**kwargs, **({"NextToken": token} if token else {}))
        pages += 1
        names += [s["Name"] for s in page["SecretList"]]
        token = page.get("NextToken")
        if not token:
            return names, pages


def test_pages_come_in_name_order_and_cover_everything(fresh):
    sm = fresh.client("secretsmanager")
    names, pages = listing(sm, MaxResults=3)
    assert names == sorted(NAMES)
    assert pages == 6
    with_deleted, _ = listing(sm, MaxResults=100, IncludePlannedDeletion=True)
    assert with_deleted == sorted(NAMES + ["gone/one"])


def test_name_filters_are_case_sensitive_prefixes_and_values_are_ored(fresh):
    sm = fresh.client("secretsmanager")
    names, _ = listing(sm, Filters=[{"Key": "name", "Values": ["prod"]}], MaxResults=2)
    assert names == ["prod/api", "prod/db", "prod/zz"]
    names, _ = listing(sm, Filters=[{"Key": "name", "Values": ["ab", "a", "=", "P"]}], MaxResults=2)
    assert names == ["=eq", "Prod/upper", "a/x", "a/y", "ab", "ab/c"]
    names, _ = listing(sm, Filters=[{"Key": "name", "Values": ["nothing"]}])
    assert names == []


def test_a_bad_token_is_refused_and_other_filters_go_to_moto(fresh):
    sm = fresh.client("secretsmanager")
    with pytest.raises(ClientError) as err:
        sm.list_secrets(NextToken="%%%")
    assert err.value.response["Error"]["Code"] == "InvalidNextTokenException"
    negated, _ = listing(sm, Filters=[{"Key": "name", "Values": ["!prod"]}])
    assert "prod/db" not in negated and "a/x" in negated


def test_new_secrets_join_the_index(fresh):
    sm = fresh.client("secretsmanager")
    sm.create_secret(Name="aa-new", SecretString="v")
    names, _ = listing(sm, Filters=[{"Key": "name", "Values": ["a"]}])
    assert names == ["a/x", "a/y", "aa-new", "ab", "ab/c"]
    sm.delete_secret(SecretId="aa-new", ForceDeleteWithoutRecovery=True)
    names, _ = listing(sm, Filters=[{"Key": "name", "Values": ["a"]}])
    assert "aa-new" not in names


def test_sort_by_name_descending_pages_backwards_within_the_filter(fresh):
    sm = fresh.client("secretsmanager")
    names, pages = listing(sm, MaxResults=3, SortBy="name", SortOrder="desc")
    assert names == sorted(NAMES, reverse=True)
    assert pages == 6
    up, _ = listing(sm, MaxResults=2, SortBy="name", SortOrder="asc")
    assert up == sorted(NAMES)
    prod, _ = listing(sm, MaxResults=2, SortBy="name", SortOrder="desc",
                      Filters=[{"Key": "name", "Values": ["prod/", "a"]}])
    assert prod == ["prod/zz", "prod/db", "prod/api", "ab/c", "ab", "a/y", "a/x"]
    with pytest.raises(ClientError) as err:
        sm.list_secrets(SortBy="name", SortOrder="sideways")
    assert "SortOrder" in str(err.value) or "sideways" in str(err.value)
