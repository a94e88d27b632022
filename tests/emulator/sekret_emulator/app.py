"""The emulator's WSGI application: moto behind a layer of faults, overrides,
CloudTrail recording and a call log, plus the `/_emulator/*` control API.

Request flow for a signed AWS call:
  parse -> log-worthy faults (drop, expired key, throttle, 5xx, deny)
  -> latency -> override (LookupEvents, GetCallerIdentity, RotateSecret,
  ListSecretVersionIds) or moto -> bookkeeping -> CloudTrail event -> call log.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from typing import Any, Callable

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import protocol, regions, seed
from .cloudtrail import LookupError_, Trail
from .faults import CallLog, Faults
from .identity import Directory
from .secrets import ApiError, SecretsLayer, backend, find

Response = tuple[str, list[tuple[str, str]], bytes]


class Emulator:
    def __init__(self, *, rotation_delay_s: float = 2.0, cloudtrail_rps: float = 2.0, rng_seed: int | None = None):
        self.lock = threading.RLock()  # moto's backends are not thread-safe
        self.faults = Faults()
        self.calls = CallLog()
        self.trail = Trail(requests_per_second=cloudtrail_rps)
        self.directory = Directory()
        self.secrets = SecretsLayer(self.trail, self.lock, rotation_delay_s)
        self.rng = random.Random(rng_seed)
        self.moto = DomainDispatcherApplication(create_backend_app)
        # Opt-in regions the account has enabled (ListRegions).
        self.opted_in: list[str] = []

    # --- WSGI entry -------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            status, headers, body = self.control(environ, path[len("/_emulator/") :])
            start_response(status, headers)
            return [body]
        body = protocol.read_body(environ)
        call = protocol.parse_call(environ, body)
        if call is None:
            return self.moto(environ, start_response)
        status, headers, out = self.answer(environ, call)
        start_response(status, headers)
        return [out]

    def answer(self, environ: dict[str, Any], call: protocol.Call) -> Response:
        secret_ids = call.secret_ids()
        fault = self.injected_fault(environ, call, secret_ids)
        if fault == "drop":
            self.calls.record(call.service, call.operation, secret_ids, call.access_key, "ConnectionDropped")
            return "200 OK", [("Content-Length", "0")], b""
        if self.faults.latency_ms:
            time.sleep(self.faults.latency_ms / 1000.0)
        with self.lock:
            arns_before = self._arns(call, secret_ids)
            response = fault or self.dispatch(environ, call)
            status, headers, out = response
            error = protocol.error_code_of(status, headers, out)
            touched = arns_before
            if error is None and call.service == "secretsmanager":
                touched = self._after(call, out) or arns_before
            if call.service == "secretsmanager":
                self._record_trail(call, status, headers, out, error, touched)
        self.calls.record(call.service, call.operation, secret_ids, call.access_key, error or "ok")
        return status, headers, out

    # --- faults -------------------------------------------------------------

    def injected_fault(self, environ: dict[str, Any], call: protocol.Call, secret_ids: list[str]) -> Response | None | str:
        faults = self.faults
        if call.access_key in faults.expired_keys:
            return protocol.error_response(
                call, 400, "ExpiredTokenException", "The security token included in the request is expired"
            )
        kind = faults.roll(self.rng)
        if kind == "drop":
            environ["emulator.dropped"] = True
            sock = environ.get("werkzeug.socket")
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            return "drop"
        if kind == "throttle":
            return protocol.error_response(call, 400, "ThrottlingException", "Rate exceeded")
        if kind == "error":
            code = "InternalServiceError" if call.service == "secretsmanager" else "InternalFailure"
            return protocol.error_response(call, 500, code, "An error occurred on the server side.")
        denied_op = call.operation in faults.deny_operations
        denied_secret = False
        if call.service == "secretsmanager" and faults.deny:
            with self.lock:
                names = [self._name_of(call.region, s) for s in secret_ids]
            denied_secret = any(faults.denies(n) for n in names)
        if denied_op or denied_secret:
            arn = self.directory.lookup(call.access_key).arn
            action = f"{call.service}:{call.operation}"
            resource = secret_ids[0] if secret_ids else "*"
            return protocol.error_response(
                call,
                400,
                "AccessDeniedException",
                f"User: {arn} is not authorized to perform: {action} on resource: {resource} "
                f"because no identity-based policy allows the {action} action",
            )
        return None

    @staticmethod
    def _name_of(region: str, secret_id: str) -> str:
        secret = find(region, secret_id)
        if secret is not None:
            return secret.name
        if secret_id.startswith("arn:") and ":secret:" in secret_id:
            return secret_id.split(":secret:", 1)[1].rsplit("-", 1)[0]
        return secret_id

    # --- dispatch -----------------------------------------------------------

    def dispatch(self, environ: dict[str, Any], call: protocol.Call) -> Response:
        try:
            if call.service == "cloudtrail" and call.operation == "LookupEvents":
                account = self.directory.lookup(call.access_key).account_id
                if not self.trail.admit(f"{account}/{call.region}"):
                    return protocol.error_response(call, 400, "ThrottlingException", "Rate exceeded")
                return protocol.json_response(call, self.trail.lookup(call.params))
            if call.service == "sts" and call.operation == "GetCallerIdentity":
                return protocol.xml_response(
                    call, self.directory.caller_identity_xml(call.access_key, call.request_id)
                )
            if call.service == "account" and call.operation == "ListRegions":
                return protocol.json_response(call, regions.list_regions(call.params, self.opted_in))
            if call.service == "secretsmanager":
                backend(call.region)  # moto answers from the indexed store too
                answer = self.secrets.handle(call.operation, call.region, call.params)
                if answer is not None:
                    return protocol.json_response(call, answer)
        except (ApiError, LookupError_) as err:
            return protocol.error_response(call, getattr(err, "status", 400), err.code, err.message)
        return self._run_moto(environ)

    def _run_moto(self, environ: dict[str, Any]) -> Response:
        captured: dict[str, Any] = {}

        def start_response(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = list(headers)

        chunks = self.moto(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        return captured["status"], headers, body

    # --- bookkeeping --------------------------------------------------------

    def _arns(self, call: protocol.Call, secret_ids: list[str]) -> list[str]:
        arns = []
        for sid in secret_ids:
            secret = find(call.region, sid)
            if secret is not None:
                arns.append(secret.arn)
        return arns

    def _after(self, call: protocol.Call, body: bytes) -> list[str]:
        try:
            response = json.loads(body or b"{}")
        except ValueError:
            return []
        if not isinstance(response, dict):
            return []
        return self.secrets.after(call.operation, call.region, call.params, response)

    def _record_trail(self, call, status, headers, body, error, arns) -> None:
        identity = self.directory.lookup(call.access_key)
        message = protocol.error_message_of(body) if error else ""
        response_elements = None
        if not error:
            try:
                parsed = json.loads(body or b"{}")
                if isinstance(parsed, dict):
                    response_elements = {
                        protocol_key[:1].lower() + protocol_key[1:]: parsed[protocol_key]
                        for protocol_key in ("ARN", "Name", "VersionId")
                        if protocol_key in parsed
                    } or None
            except ValueError:
                pass
        common = dict(
            identity=identity,
            region=call.region,
            source_ip=call.source_ip,
            user_agent=call.user_agent,
            request_id=call.request_id,
        )
        self.trail.record_api_call(
            operation=call.operation,
            params=call.params,
            arns=arns,
            error_code=error,
            error_message=message,
            response_elements=response_elements,
            **common,
        )
        # BatchGetSecretValue is logged once more per secret it returned, as
        # GetSecretValue, so that per-secret access history stays complete.
        if call.operation == "BatchGetSecretValue" and not error:
            for arn in arns:
                self.trail.record_api_call(
                    operation="GetSecretValue",
                    params={"SecretId": arn},
                    arns=[arn],
                    error_code=None,
                    error_message="",
                    **common,
                )

    # --- control API --------------------------------------------------------

    def control(self, environ: dict[str, Any], what: str) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            payload = self._control(method, what, protocol.read_body(environ))
        except (ValueError, seed.SeedError, KeyError, TypeError) as err:
            return _control_reply(400, {"error": str(err)})
        if payload is None:
            return _control_reply(404, {"error": f"no such control endpoint: {method} /_emulator/{what}"})
        return _control_reply(200, payload)

    def _control(self, method: str, what: str, body: bytes) -> Any:
        data = json.loads(body) if body.strip() else {}
        if what == "health" and method == "GET":
            return {"ok": True}
        if what == "faults":
            if method == "POST":
                if not isinstance(data, dict):
                    raise ValueError("the body must be a JSON object")
                self.faults.update(data)
            elif method == "DELETE":
                self.faults = Faults()
            return self.faults.to_json()
        if what == "calls":
            if method == "DELETE":
                self.calls.clear()
                return []
            return self.calls.all()
        if what == "settings":
            if method == "POST":
                if "rotation_delay_s" in data:
                    self.secrets.rotation_delay_s = float(data["rotation_delay_s"])
                if "cloudtrail_rps" in data:
                    self.trail.requests_per_second = float(data["cloudtrail_rps"])
            return {
                "rotation_delay_s": self.secrets.rotation_delay_s,
                "cloudtrail_rps": self.trail.requests_per_second,
            }
        if what == "seed" and method == "POST":
            with self.lock:
                loaded = seed.load(data, self.trail, self.directory)
                self.secrets.listing.changed()
                return loaded
        return None


def _control_reply(status: int, payload: Any) -> Response:
    body = json.dumps(payload).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
    return f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))], body
