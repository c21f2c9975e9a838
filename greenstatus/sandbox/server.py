"""The server: GREEN-API's methods on a loopback address, routed to the journal, uploads, queue.

The tests script it through its attributes (`replies`, `rate_limit`, `lost_answers`, ...);
`sandbox()` builds the one `greenstatus sandbox` serves, with made-up credentials and
GREEN-API's rate limits.
"""

from __future__ import annotations

import re
import secrets
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from .contacts import sandbox_book
from .examples import GREEN_API_LIMITS
from .handler import MAX_BODY as MAX_BODY  # re-exported: the tests import from here
from .handler import MAX_UNAUTHORISED as MAX_UNAUTHORISED
from .handler import Reply, Seen, handler_for, json_post
from .statuses import STATUS_METHODS, Statuses
from .statuses import journal_item as journal_item
from .uploads import Uploaded as Uploaded
from .uploads import Uploads
from .validation import validate_media_status, validate_status

# The tests' credentials; the sandbox makes up its own on each run.
ID_INSTANCE = "1101000001"
TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"


def _window_full(times: deque[float], quota: int) -> bool:
    """A one-second sliding window: True when it already holds `quota` requests, else this one
    is counted in it."""
    now = time.monotonic()
    while times and now - times[0] >= 1.0:
        times.popleft()
    if len(times) >= quota:
        return True
    times.append(now)
    return False


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class FakeAPI(Statuses, Uploads):
    """Runs on a loopback address in a thread; `replies` are served first, then the documented
    behaviour. `with FakeAPI() as api:` serves in a thread; `serve()` in the calling one."""

    def __init__(
        self,
        state: str = "authorized",
        *,
        id_instance: str = ID_INSTANCE,
        token: str = TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.id_instance = id_instance
        self.token = token
        self.replies: deque[Reply] = deque()
        self.seen: list[Seen] = []
        # A long-running sandbox would otherwise keep every request it ever received.
        self.keep_seen = True
        self.state: str | None = state
        self.counter = 0
        self.id_prefix = "BAE5F4886F6F"
        self._open_journal()
        # The journal's tests: a per-second limit on the send methods (429 above it), a delay
        # before each answer to a send, and counters of what was queued and refused.
        self.rate_limit: int | None = None
        self.send_delay = 0.0
        self.too_many = 0
        self.queued: list[Any] = []
        # Status codes for the answers to valid sends that are lost after the status was
        # queued (a front that answers 502 once the backend took the request).
        self.lost_answers: deque[int] = deque()
        # GREEN-API's per-method limits (requests a second); none unless set.
        self.limits: dict[str, int] = {}
        self.lock = threading.Lock()
        self._send_times: deque[float] = deque()
        self._method_times: dict[str, deque[float]] = {}
        self.uploads = []
        # Seconds a connection may stay silent mid-request before it is dropped.
        self.request_timeout = 30.0
        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        self.server = server_class((host, port), handler_for(self))
        self.server.daemon_threads = True
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def default(self, handler: BaseHTTPRequestHandler, raw: bytes) -> Reply:
        path, _, query = handler.path.partition("?")
        if handler.command == "GET" and path.startswith("/files/"):
            return self.download(path)
        m = re.fullmatch(r"/waInstance(\d+)/(\w+)/([^/?]+)", path)
        if not m:
            return Reply(404, "Not Found")
        instance, method, token = m.groups()
        if instance != self.id_instance:
            return Reply(403, "Forbidden")
        if token != self.token:
            return Reply(401, "Unauthorized")
        if self.over_limit(method):
            return Reply(429, "Too Many Requests", {"Retry-After": "1"})
        if method == "getStateInstance" and handler.command == "GET":
            return Reply(200, {"stateInstance": self.state})
        if method == "getSettings" and handler.command == "GET":
            return Reply(200, self.settings())
        if method == "getContacts" and handler.command == "GET":
            return Reply(200, self.contacts)
        if method in STATUS_METHODS:
            return self.status_method(handler.command, method, parse_qs(query), raw)
        if method == "uploadFile" and handler.command == "POST":
            return self.upload(handler, raw)
        if method in ("sendMediaStatus", "sendVoiceStatus") and handler.command == "POST":
            return self.media_status(handler, method, raw)
        if method != "sendTextStatus" or handler.command != "POST":
            return Reply(404, "Not Found")
        body = json_post(handler, raw)
        if isinstance(body, Reply):
            return body
        if problem := validate_status(body):
            return Reply(400, problem)
        return self.queue(body)

    def over_limit(self, method: str) -> bool:
        """GREEN-API's rate limiter: more than the method's quota within one second is 429."""
        quota = self.limits.get(method)
        if quota is None:
            return False
        with self.lock:
            if _window_full(self._method_times.setdefault(method, deque()), quota):
                self.too_many += 1
                return True
        return False

    def queue(self, body: dict[str, Any]) -> Reply:
        """A valid send: under the per-second limit when one is set, it is queued."""
        with self.lock:
            if self.rate_limit is not None and _window_full(self._send_times, self.rate_limit):
                self.too_many += 1
                return Reply(429, "Too Many Requests", {"Retry-After": "1"})
            self.counter += 1
            self.queued.append(body)
            ident = f"{self.id_prefix}{self.counter:04X}"
            self.record(ident, body)
            if self.lost_answers:
                code = self.lost_answers.popleft()
                words = "Internal Server Error" if code == 500 else "Bad Gateway"
                return Reply(code, words, delay=self.send_delay)
        return Reply(200, {"idMessage": ident}, delay=self.send_delay)

    def media_status(self, handler: BaseHTTPRequestHandler, method: str, raw: bytes) -> Reply:
        body = json_post(handler, raw)
        if isinstance(body, Reply):
            return body
        if problem := validate_media_status(method, body):
            return Reply(400, problem)
        return self.queue(body)

    def serve(self) -> None:
        """Serve in the calling thread until interrupted, then free the port."""
        try:
            self.server.serve_forever()
        finally:
            self.server.server_close()

    def __enter__(self) -> FakeAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def sandbox(host: str = "127.0.0.1", port: int = 0) -> FakeAPI:
    """The server `greenstatus sandbox` runs: credentials made up for this run, GREEN-API's
    rate limits, the examples dated within the last day, and statuses that gain views."""
    api = FakeAPI(
        id_instance=f"1101{secrets.randbelow(10**6):06d}",
        token=secrets.token_hex(25),
        host=host,
        port=port,
    )
    api.keep_seen = False
    api.limits = dict(GREEN_API_LIMITS)
    api.honour_minutes = True
    api.views = True
    api.contacts = sandbox_book()
    # What `post --wait` watches: pending for a second, then sent, delivered and read (the
    # statistics of every other recipient say read from 3 s).
    api.schedule = {"sent": 1.0, "delivered": 2.0, "read": 3.0}
    # A run's ids differ from the last run's, as GREEN-API's never repeat.
    api.id_prefix = "BAE5" + secrets.token_hex(4).upper()
    now = int(time.time())
    for age, item in enumerate([*api.outgoing, *api.incoming]):
        item["timestamp"] = now - 3600 * (3 - age)
    for age, item in enumerate(api.statistics["BAE5018000000000"]):
        item["timestamp"] = now - 3000 + 60 * age
    return api
