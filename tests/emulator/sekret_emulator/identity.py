"""Who signed a request: access key id -> IAM identity.

Real AWS knows which principal owns an access key. The emulator learns it
from the seed (`identities`: access key id -> ARN). An access key the seed
does not name is an IAM user named after the key itself, so that a stranger's
key still shows up as something distinct in CloudTrail.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

ACCOUNT_ID = "123456789012"


@dataclass(frozen=True)
class Identity:
    access_key: str
    arn: str
    account_id: str

    @property
    def kind(self) -> str:
        """CloudTrail's userIdentity.type."""
        if ":assumed-role/" in self.arn:
            return "AssumedRole"
        if self.arn.endswith(":root"):
            return "Root"
        return "IAMUser"

    @property
    def user_name(self) -> str:
        """CloudTrail's Username: the IAM user name, or the role session name."""
        tail = self.arn.split(":", 5)[-1]
        return tail.rsplit("/", 1)[-1]

    @property
    def principal_id(self) -> str:
        digest = hashlib.sha256(self.arn.encode()).hexdigest().upper()[:17]
        if self.kind == "AssumedRole":
            return f"AROA{digest}:{self.user_name}"
        return f"AIDA{digest}"

    def user_identity(self) -> dict:
        """The userIdentity block of a CloudTrail event."""
        block = {
            "type": self.kind,
            "principalId": self.principal_id,
            "arn": self.arn,
            "accountId": self.account_id,
            "accessKeyId": self.access_key,
        }
        if self.kind == "IAMUser":
            block["userName"] = self.user_name
        if self.kind == "AssumedRole":
            role = self.arn.split(":assumed-role/", 1)[1].split("/")[0]
            block["sessionContext"] = {
                "sessionIssuer": {
                    "type": "Role",
                    "arn": f"arn:aws:iam::{self.account_id}:role/{role}",
                    "accountId": self.account_id,
                    "userName": role,
                }
            }
        return block


class Directory:
    """Access key -> identity, filled from the seed."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}

    def add(self, access_key: str, arn: str) -> None:
        self._by_key[access_key] = arn

    def lookup(self, access_key: str) -> Identity:
        arn = self._by_key.get(access_key) or f"arn:aws:iam::{ACCOUNT_ID}:user/{access_key}"
        account = arn.split(":")[4] or ACCOUNT_ID
        return Identity(access_key, arn, account)

    def caller_identity_xml(self, access_key: str, request_id: str) -> str:
        """STS GetCallerIdentity's reply for the key that signed the request."""
        ident = self.lookup(access_key)
        return (
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            "<GetCallerIdentityResult>"
            f"<Arn>{ident.arn}</Arn><UserId>{ident.principal_id}</UserId>"
            f"<Account>{ident.account_id}</Account>"
            "</GetCallerIdentityResult>"
            f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
            "</GetCallerIdentityResponse>"
        )
