"""A small threaded HTTP/1.1 server for the emulator's WSGI app.

AWS's endpoints keep a connection open between requests, and the SDKs
reuse it. werkzeug's development server closes every connection after one
response, which would make each benchmarked call pay a new TCP handshake
that no client pays against AWS. This server keeps connections alive
(HTTP/1.1, every response with a Content-Length) and hands the app the
socket as `werkzeug.socket`, which the drop fault shuts down (marking
`emulator.dropped`, so that no answer follows).

Responses are gathered whole before they are sent: the emulator's answers
are small, and a known length is what keep-alive needs.
"""

from __future__ import annotations

import io
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import unquote

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Any]


class KeepAliveServer(ThreadingHTTPServer):
    daemon_threads = True
    # Many clients at once (8 listing requests, the console, a test).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: WsgiApp) -> None:
        self.app = app
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: KeepAliveServer

    def setup(self) -> None:
        super().setup()
        # Small answers go out at once, not after a delayed ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # tests read the call log instead

    def do_GET(self) -> None:  # noqa: N802
        self.serve()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    def serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        path, _, query = self.path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, encoding="latin-1"),
            "QUERY_STRING": query,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "werkzeug.socket": self.connection,
        }
        for key, value in self.headers.items():
            name = key.upper().replace("-", "_")
            if name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                continue
            key = f"HTTP_{name}"
            environ[key] = f"{environ[key]},{value}" if key in environ else value

        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            started[:] = [status, headers]
            return lambda _data: None

        try:
            chunks = self.server.app(environ, start_response)
            try:
                payload = b"".join(chunks)
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
        except (ConnectionError, OSError):
            self.close_connection = True
            return
        if not started or environ.get("emulator.dropped"):
            # The drop fault shut the socket down: nothing more to say.
            self.close_connection = True
            return
        status, headers = started
        code, _, reason = status.partition(" ")
        self.send_response_only(int(code), reason)
        for key, value in headers:
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)


def make_keepalive_server(host: str, port: int, app: WsgiApp) -> KeepAliveServer:
    return KeepAliveServer((host, port), app)
