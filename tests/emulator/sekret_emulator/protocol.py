"""Reading AWS requests off the wire and writing AWS-shaped errors.

The emulator sits in front of moto as WSGI middleware. To record, fault and
override calls it needs to know, for every request, which service and
operation it is, who signed it (the SigV4 access key) and its parameters.
Secrets Manager and CloudTrail speak AWS JSON 1.1 (operation in
`X-Amz-Target`); STS speaks the query protocol (form body, XML replies).
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")


@dataclass
class Call:
    """One AWS API request as the emulator sees it."""

    service: str  # "secretsmanager" | "cloudtrail" | "sts" | other signing name
    operation: str  # e.g. "GetSecretValue"
    region: str
    access_key: str
    protocol: str  # "json" | "query"
    params: dict[str, Any] = field(default_factory=dict)
    source_ip: str = "127.0.0.1"
    user_agent: str = ""
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def secret_ids(self) -> list[str]:
        """The secret identifiers this call names, exactly as the caller sent them."""
        if self.service != "secretsmanager":
            return []
        if "SecretId" in self.params:
            return [str(self.params["SecretId"])]
        if self.operation == "CreateSecret" and "Name" in self.params:
            return [str(self.params["Name"])]
        if "SecretIdList" in self.params:
            return [str(s) for s in self.params["SecretIdList"]]
        return []


def read_body(environ: dict[str, Any]) -> bytes:
    """Read the request body and put it back so moto can read it again."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def parse_call(environ: dict[str, Any], body: bytes) -> Call | None:
    """Identify a signed AWS request; None for anything that is not one."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    match = _CREDENTIAL.search(auth)
    if not match:
        return None
    access_key, _date, region, service = match.groups()
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    source_ip = forwarded.split(",")[0].strip() or environ.get("REMOTE_ADDR", "127.0.0.1")
    user_agent = environ.get("HTTP_USER_AGENT", "")

    operation = None
    if service == "account":
        # REST-JSON: the operation is the path (/listRegions).
        name = environ.get("PATH_INFO", "").strip("/")
        operation = name[:1].upper() + name[1:]
    elif target:
        operation = target.rsplit(".", 1)[-1]
    if operation is not None:
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
        if not isinstance(params, dict):
            params = {}
        return Call(service, operation, region, access_key, "json", params, source_ip, user_agent)

    form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    form = {**query, **form}
    operation = form.get("Action", "")
    return Call(service, operation, region, access_key, "query", form, source_ip, user_agent)


def error_response(call: Call | None, status: int, code: str, message: str):
    """An AWS error in the protocol the caller speaks: (status line, headers, body)."""
    reason = {400: "Bad Request", 403: "Forbidden", 500: "Internal Server Error", 503: "Service Unavailable"}
    status_line = f"{status} {reason.get(status, 'Error')}"
    request_id = call.request_id if call else str(uuid.uuid4())
    if call is not None and call.protocol == "query":
        kind = "Receiver" if status >= 500 else "Sender"
        body = (
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<Error><Type>{kind}</Type><Code>{code}</Code><Message>{_xml(message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()
        headers = [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)]
    else:
        body = json.dumps({"__type": code, "message": message, "Message": message}).encode()
        headers = [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-ErrorType", code),
            ("x-amzn-RequestId", request_id),
        ]
    headers.append(("Content-Length", str(len(body))))
    return status_line, headers, body


def json_response(call: Call, payload: dict[str, Any]):
    body = json.dumps(payload).encode()
    headers = [
        ("Content-Type", "application/x-amz-json-1.1"),
        ("x-amzn-RequestId", call.request_id),
        ("Content-Length", str(len(body))),
    ]
    return "200 OK", headers, body


def xml_response(call: Call, body_xml: str):
    body = body_xml.encode()
    headers = [
        ("Content-Type", "text/xml"),
        ("x-amzn-RequestId", call.request_id),
        ("Content-Length", str(len(body))),
    ]
    return "200 OK", headers, body


def error_code_of(status: str, headers: list[tuple[str, str]], body: bytes) -> str | None:
    """The AWS error code of a response, or None when it succeeded."""
    code = int(status.split()[0])
    if code < 400:
        return None
    for name, value in headers:
        if name.lower() == "x-amzn-errortype":
            return value.split(":")[0]
    try:
        payload = json.loads(body)
        if isinstance(payload, dict) and payload.get("__type"):
            return str(payload["__type"]).rsplit("#", 1)[-1]
    except ValueError:
        pass
    match = re.search(rb"<Code>([^<]+)</Code>", body)
    if match:
        return match.group(1).decode()
    return f"HTTP{code}"


def error_message_of(body: bytes) -> str:
    try:
        payload = json.loads(body)
        if isinstance(payload, dict):
            return str(payload.get("message") or payload.get("Message") or "")
    except ValueError:
        pass
    match = re.search(rb"<Message>([^<]*)</Message>", body)
    return match.group(1).decode() if match else ""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
