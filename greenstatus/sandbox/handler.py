"""One HTTP exchange: read a request within the limits on length and time, write back a Reply."""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar, Protocol, cast

# GREEN-API's limit on a file (green-api.md §3): no request body the sandbox reads is larger.
MAX_BODY = 100 * 1024 * 1024
# A client without the token (another user, a web page posting to the port) gets no more.
MAX_UNAUTHORISED = 1024 * 1024


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Send the body one byte at a time, this many seconds apart (a server that trickles).
    trickle: float = 0.0
    # Put this text and then the request's path (token included) in the body, as servers and
    # proxies that echo the URL in their error pages do.
    echo: str | None = None


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


def json_body(raw: bytes) -> Any:
    """The request's JSON, or the Reply GREEN-API gives for a body that is not JSON."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return Reply(400, "Unexpected token in JSON at position 0")


def json_post(handler: BaseHTTPRequestHandler, raw: bytes) -> Any:
    """A send's JSON body, or the Reply for a wrong Content-Type or a body that is not JSON."""
    if handler.headers.get("Content-Type", "").split(";")[0] != "application/json":
        return Reply(400, "Validation failed. Details: Content-Type must be application/json")
    return json_body(raw)


class Site(Protocol):
    """What the handler needs of the server it answers for."""

    token: str
    keep_seen: bool
    seen: list[Seen]
    replies: deque[Reply]
    request_timeout: float

    def default(self, handler: BaseHTTPRequestHandler, raw: bytes) -> Reply: ...


class Handler(BaseHTTPRequestHandler):
    site: ClassVar[Site]

    def log_message(self, *args: Any) -> None:
        pass

    def setup(self) -> None:
        # Without a timeout a client that never sends its body holds a thread for ever.
        super().setup()
        self.connection.settimeout(self.site.request_timeout)

    def _handle(self) -> None:
        raw = self._read()
        if raw is None:
            return
        api = self.site
        if api.keep_seen:
            api.seen.append(
                Seen(self.command, self.path, dict(self.headers), raw, time.monotonic())
            )
        reply = api.replies.popleft() if api.replies else api.default(self, raw)
        if reply.delay:
            time.sleep(reply.delay)
        self._write(reply)

    def _read(self) -> bytes | None:
        """The body, or None once a request whose length is unusable or too large is refused."""
        length = self.headers.get("Content-Length", "0").strip()
        number = length.isascii() and length.isdigit()  # not "-5", "1e3" nor "²"
        token = self.path.partition("?")[0].endswith("/" + self.site.token)
        limit = MAX_BODY if token else MAX_UNAUTHORISED
        if not number or int(length) > limit:
            # Answered without reading: the body is unusable, or too large to hold.
            self.close_connection = True
            code = 413 if number else 400
            self.send_error(code, f"Content-Length must be a number up to {limit}")
            return None
        return self.rfile.read(int(length)) if int(length) else b""

    def _write(self, reply: Reply) -> None:
        body = reply.body if reply.echo is None else reply.echo + self.path
        if isinstance(body, bytes):
            payload, kind = body, "application/octet-stream"
        elif isinstance(body, str):
            payload, kind = body.encode(), "text/plain"
        else:
            payload, kind = json.dumps(body).encode(), "application/json"
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.headers.get("Content-Type", kind))
            self.send_header("Content-Length", str(len(payload)))
            for key, value in reply.headers.items():
                if key != "Content-Type":
                    self.send_header(key, value)
            self.end_headers()
            if reply.trickle:
                for i in range(len(payload)):
                    self.wfile.write(payload[i : i + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)
            else:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = _handle
    do_POST = _handle


def handler_for(site: Site) -> type[Handler]:
    """A Handler class bound to one server, as http.server builds one handler per request."""
    return cast(type[Handler], type("Handler", (Handler,), {"site": site}))
