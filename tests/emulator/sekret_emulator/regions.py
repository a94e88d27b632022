"""AWS Account ListRegions, which moto lacks: the commercial regions with
their opt-in status, filtered by RegionOptStatusContains and paged with
MaxResults (1-50) / NextToken, as the real API does."""

from __future__ import annotations

from typing import Any

from .secrets import ApiError

ENABLED_BY_DEFAULT = [
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
    "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
]  # fmt: skip
OPT_IN = ["af-south-1", "ap-east-1", "ap-south-2", "eu-south-1", "me-south-1"]
STATUSES = {"ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT"}


def list_regions(params: dict[str, Any], opted_in: list[str]) -> dict[str, Any]:
    regions = [(r, "ENABLED_BY_DEFAULT") for r in ENABLED_BY_DEFAULT]
    regions += [(r, "ENABLED" if r in opted_in else "DISABLED") for r in OPT_IN]
    regions.sort()
    wanted = params.get("RegionOptStatusContains")
    if wanted is not None:
        if not isinstance(wanted, list) or any(w not in STATUSES for w in wanted):
            raise ApiError("ValidationException", "RegionOptStatusContains has an invalid value.")
        regions = [(r, s) for r, s in regions if s in wanted]
    max_results = params.get("MaxResults", 50)
    if not isinstance(max_results, int) or not 1 <= max_results <= 50:
        raise ApiError("ValidationException", "MaxResults must be between 1 and 50.")
    token = params.get("NextToken")
    try:
        start = int(token) if token is not None else 0
    except ValueError:
        raise ApiError("ValidationException", "The NextToken value is invalid.") from None
    page = regions[start : start + max_results]
    answer: dict[str, Any] = {"Regions": [{"RegionName": r, "RegionOptStatus": s} for r, s in page]}
    if start + max_results < len(regions):
        answer["NextToken"] = str(start + max_results)
    return answer
