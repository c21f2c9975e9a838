"""The server: GREEN-API's status methods on a loopback address, with a journal in memory.

The tests script it through its attributes (`replies`, `rate_limit`, `lost_answers`, ...);
`sandbox()` builds the one `greenstatus sandbox` serves, with made-up credentials and
GREEN-API's rate limits.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from .examples import (
    CONTACTS_EXAMPLE,
    GREEN_API_LIMITS,
    INCOMING_EXAMPLE,
    OUTGOING_EXAMPLE,
    STATISTIC_EXAMPLE,
    STATUS_AUDIENCE,
)
from .validation import validate_media_status, validate_status

# The tests' credentials; the sandbox makes up its own on each run.
ID_INSTANCE = "1101000001"
TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"
# GREEN-API's limit on a file (green-api.md §3): no request body the sandbox reads is larger.
MAX_BODY = 100 * 1024 * 1024
# A client without the token (another user, a web page posting to the port) gets no more.
MAX_UNAUTHORISED = 1024 * 1024
STATUS_METHODS = {
    "getOutgoingStatuses",
    "getIncomingStatuses",
    "getStatusStatistic",
    "deleteStatus",
}


def journal_item(ident: str, body: dict[str, Any]) -> dict[str, Any]:
    """What getOutgoingStatuses shows for a status this server queued."""
    if "urlFile" in body:
        extension = str(body.get("fileName", "")).rpartition(".")[2].lower()
        kind = (
            "audioMessage"
            if "caption" not in body and "backgroundColor" in body
            else "videoMessage"
            if extension in ("mp4", "3gp", "mov")
            else "imageMessage"
        )
        return {
            "type": "outgoing",
            "idMessage": ident,
            "timestamp": int(time.time()),
            "typeMessage": kind,
            "chatId": "79990000000@c.us",
            "downloadUrl": body["urlFile"],
            "caption": body.get("caption", ""),
            "fileName": body.get("fileName", ""),
            "statusMessage": "pending",
            "sendByApi": True,
        }
    extended = {k: body[k] for k in ("backgroundColor", "font", "participants") if k in body}
    return {
        "type": "outgoing",
        "idMessage": ident,
        "timestamp": int(time.time()),
        "typeMessage": "extendedTextMessage",
        "chatId": "79990000000@c.us",
        "textMessage": body["message"],
        "extendedTextMessage": {"text": body["message"], **extended},
        "statusMessage": "pending",
        "sendByApi": True,
    }


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


@dataclass
class Uploaded:
    """One file that uploadFile received, bytes and all, so a test can compare hashes."""

    file_name: str | None
    content_type: str | None
    data: bytes
    url_file: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class FakeAPI:
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
        self.outgoing_webhook = "yes"
        self.outgoing: list[dict[str, Any]] = _copy(OUTGOING_EXAMPLE)
        self.incoming: list[dict[str, Any]] = _copy(INCOMING_EXAMPLE)
        self.statistics: dict[str, list[dict[str, Any]]] = {
            "BAE5018000000000": _copy(STATISTIC_EXAMPLE)
        }
        self.contacts: list[dict[str, Any]] = _copy(CONTACTS_EXAMPLE)
        self.deleted: list[str] = []
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
        # Whether the `minutes` of the journal methods filters by age.
        self.honour_minutes = False
        # Whether queued statuses gain statistics: sent at once, delivered after a second,
        # read by every other recipient after three.
        self.views = False
        self._audience: dict[str, tuple[float, list[str]]] = {}
        self.lock = threading.Lock()
        self._send_times: deque[float] = deque()
        self._method_times: dict[str, deque[float]] = {}
        self.uploads: list[Uploaded] = []
        # Seconds a connection may stay silent mid-request before it is dropped.
        self.request_timeout = 30.0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:
                # Without a timeout a client that never sends its body holds a thread for ever.
                super().setup()
                self.connection.settimeout(api.request_timeout)

            def _handle(self) -> None:
                length = self.headers.get("Content-Length", "0").strip()
                number = length.isascii() and length.isdigit()  # not "-5", "1e3" nor "²"
                token = self.path.partition("?")[0].endswith("/" + api.token)
                limit = MAX_BODY if token else MAX_UNAUTHORISED
                if not number or int(length) > limit:
                    # Answered without reading: the body is unusable, or too large to hold.
                    self.close_connection = True
                    code = 413 if number else 400
                    self.send_error(code, f"Content-Length must be a number up to {limit}")
                    return
                raw = self.rfile.read(int(length)) if int(length) else b""
                if api.keep_seen:
                    api.seen.append(
                        Seen(self.command, self.path, dict(self.headers), raw, time.monotonic())
                    )
                reply = api.replies.popleft() if api.replies else api.default(self, raw)
                if reply.delay:
                    time.sleep(reply.delay)
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

        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        self.server = server_class((host, port), Handler)
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
        if handler.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return Reply(400, "Validation failed. Details: Content-Type must be application/json")
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            return Reply(400, "Unexpected token in JSON at position 0")
        if problem := validate_status(body):
            return Reply(400, problem)
        return self.queue(body)

    def over_limit(self, method: str) -> bool:
        """GREEN-API's rate limiter: more than the method's quota within one second is 429."""
        quota = self.limits.get(method)
        if quota is None:
            return False
        with self.lock:
            times = self._method_times.setdefault(method, deque())
            now = time.monotonic()
            while times and now - times[0] >= 1.0:
                times.popleft()
            if len(times) >= quota:
                self.too_many += 1
                return True
            times.append(now)
        return False

    # --- the status journal: getOutgoingStatuses, getIncomingStatuses, getStatusStatistic,
    # deleteStatus, with the documented answers (examples copied, trailing commas fixed).

    def settings(self) -> dict[str, Any]:
        """getSettings in its documented shape; outgoingWebhook follows self.outgoing_webhook."""
        return {
            "wid": "79990000000@c.us",
            "countryInstance": "",
            "typeAccount": "",
            "webhookUrl": "",
            "webhookUrlToken": "",
            "delaySendMessagesMilliseconds": 5000,
            "markIncomingMessagesReaded": "no",
            "markIncomingMessagesReadedOnReply": "no",
            "sharedSession": "no",
            "outgoingWebhook": self.outgoing_webhook,
            "outgoingMessageWebhook": "yes",
            "outgoingAPIMessageWebhook": "yes",
            "incomingWebhook": "yes",
            "stateWebhook": "no",
            "statusInstanceWebhook": "no",
        }

    def status_method(
        self, verb: str, method: str, query: dict[str, list[str]], raw: bytes
    ) -> Reply:
        wanted = "POST" if method == "deleteStatus" else "GET"
        if verb != wanted:
            return Reply(404, "Not Found")
        if verb == "GET" and raw:
            return Reply(400, "Validation failed. Details: GET takes query parameters, not a body")
        if method == "deleteStatus":
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError):
                return Reply(400, "Unexpected token in JSON at position 0")
            if not isinstance(body, dict) or set(body) != {"idMessage"}:
                return Reply(400, "Validation failed. Details: 'idMessage' is required")
            ident = body["idMessage"]
            live = [i for i in self.outgoing if i.get("idMessage") == ident]
            if not live or live[0].get("typeMessage") == "deletedMessage":
                return Reply(400, "ID message notfound")
            live[0]["typeMessage"] = "deletedMessage"
            self.deleted.append(ident)
            return Reply(200, "")
        if method == "getStatusStatistic":
            ident = query.get("idMessage", [""])[0]
            if not ident:
                return Reply(400, "Validation failed. Details: 'idMessage' is required")
            return Reply(200, self.statistic(ident))
        minutes = query.get("minutes", ["1440"])[0]
        if not minutes.isdigit():
            return Reply(400, "Validation failed. Details: 'minutes' must be a number")
        if method == "getIncomingStatuses":
            return Reply(200, self.recent(self.incoming, int(minutes)))
        if self.outgoing_webhook != "yes":
            return Reply(200, [])
        for item in self.outgoing:
            if (ident := item.get("idMessage")) in self._audience:
                states = [v["status"] for v in self.statistic(ident)] or ["sent"]
                item["statusMessage"] = max(states, key=("sent", "delivered", "read").index)
        return Reply(200, self.recent(self.outgoing, int(minutes)))

    def recent(self, items: list[dict[str, Any]], minutes: int) -> list[dict[str, Any]]:
        if not self.honour_minutes:
            return items
        since = time.time() - minutes * 60
        return [i for i in items if isinstance(i.get("timestamp"), int) and i["timestamp"] >= since]

    def statistic(self, ident: str) -> list[dict[str, Any]]:
        """getStatusStatistic's items; a status queued here progresses with its age."""
        if ident not in self._audience:
            return self.statistics.get(ident, [])
        started, recipients = self._audience[ident]
        age = time.monotonic() - started
        wall = int(time.time() - age)
        items = []
        for index, participant in enumerate(recipients):
            state = "read" if age >= 3 and index % 2 == 0 else "delivered" if age >= 1 else "sent"
            moment = wall + {"sent": 0, "delivered": 1, "read": 3}[state]
            items.append({"timestamp": moment, "participant": participant, "status": state})
        return items

    def audience(self, body: dict[str, Any]) -> list[str]:
        """Who receives a status: its participants, else the first 1024 saved contacts."""
        if body.get("participants"):
            return list(body["participants"])
        saved = [
            c["id"]
            for c in self.contacts
            if c.get("type") == "user" and str(c.get("contactName") or "").strip()
        ]
        return saved[:STATUS_AUDIENCE]

    def queue(self, body: dict[str, Any]) -> Reply:
        """A valid send: under the per-second limit when one is set, it is queued."""
        with self.lock:
            if self.rate_limit is not None:
                now = time.monotonic()
                while self._send_times and now - self._send_times[0] >= 1.0:
                    self._send_times.popleft()
                if len(self._send_times) >= self.rate_limit:
                    self.too_many += 1
                    return Reply(429, "Too Many Requests", {"Retry-After": "1"})
                self._send_times.append(now)
            self.counter += 1
            self.queued.append(body)
            ident = f"{self.id_prefix}{self.counter:04X}"
            if self.outgoing_webhook == "yes":
                self.outgoing.append(journal_item(ident, body))
            if self.views:
                self._audience[ident] = (time.monotonic(), self.audience(body))
            if self.lost_answers:
                return Reply(self.lost_answers.popleft(), "Bad Gateway", delay=self.send_delay)
        return Reply(200, {"idMessage": ident}, delay=self.send_delay)

    def upload(self, handler: BaseHTTPRequestHandler, raw: bytes) -> Reply:
        """uploadFile: raw bytes with the file's type; answers a link on this server."""
        content_type = handler.headers.get("Content-Type")
        name = handler.headers.get("GA-Filename")
        if not content_type or content_type.startswith(("application/json", "multipart/")):
            return Reply(400, "Validation failed. Details: send the file's bytes with its type")
        if not raw:
            return Reply(400, "Validation failed. Details: file is empty")
        extension = name.rpartition(".")[2] if name and "." in name else ""
        extension = extension if re.fullmatch(r"[A-Za-z0-9]{1,10}", extension) else "bin"
        # Unguessable, as GREEN-API's links are: anyone on this machine can reach the port.
        url_file = f"{self.url}/files/{secrets.token_hex(16)}.{extension}"
        self.uploads.append(Uploaded(name, content_type, raw, url_file))
        return Reply(200, {"urlFile": url_file})

    def download(self, path: str) -> Reply:
        """An uploaded file, served back at the urlFile uploadFile gave for it."""
        for uploaded in self.uploads:
            if uploaded.url_file == self.url + path:
                kind = uploaded.content_type or "application/octet-stream"
                return Reply(200, uploaded.data, {"Content-Type": kind})
        return Reply(404, "Not Found")

    def media_status(self, handler: BaseHTTPRequestHandler, method: str, raw: bytes) -> Reply:
        if handler.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return Reply(400, "Validation failed. Details: Content-Type must be application/json")
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            return Reply(400, "Unexpected token in JSON at position 0")
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
    # A run's ids differ from the last run's, as GREEN-API's never repeat.
    api.id_prefix = "BAE5" + secrets.token_hex(4).upper()
    now = int(time.time())
    for age, item in enumerate([*api.outgoing, *api.incoming]):
        item["timestamp"] = now - 3600 * (3 - age)
    for age, item in enumerate(api.statistics["BAE5018000000000"]):
        item["timestamp"] = now - 3000 + 60 * age
    return api
