"""A local stand-in for GREEN-API that validates requests the way its documentation describes."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

ID_INSTANCE = "1101000001"
TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"
FONTS = {"SERIF", "SANS_SERIF", "NORICAN_REGULAR", "BRYNDAN_WRITE", "OSWALD_HEAVY"}
FIELDS = {"message", "backgroundColor", "font", "participants"}
STATUS_METHODS = {
    "getOutgoingStatuses",
    "getIncomingStatuses",
    "getStatusStatistic",
    "deleteStatus",
}
# green-api-statuses.md §6 (Apidog example, "…" filled in).
OUTGOING_EXAMPLE: list[dict[str, Any]] = [
    {
        "type": "outgoing",
        "idMessage": "BAE5018000000000",
        "timestamp": 1710134811,
        "typeMessage": "extendedTextMessage",
        "chatId": "70000000001@c.us",
        "textMessage": "I use Green-API to send this status!",
        "extendedTextMessage": {
            "text": "I use Green-API to send this status!",
            "backgroundColor": "#228B22",
            "font": "SERIF",
            "participants": ["70000000001@c.us", "70000000002@c.us"],
        },
        "statusMessage": "read",
        "sendByApi": True,
    },
    {
        "type": "outgoing",
        "idMessage": "BAE5207000000000",
        "timestamp": 1710134814,
        "typeMessage": "imageMessage",
        "chatId": "70000000001@c.us",
        "participants": [],
        "downloadUrl": "https://sw-media.storage.yandexcloud.net/1101000000/dcf81410.jpg",
        "caption": "Little horse",
        "fileName": "dcf81410-1c9f-4ab6-9b8e-0f7a2b7f1e2d.jpg",
        "jpegThumbnail": "/9j/4AAQSkZJRgABAQAAAQABAAD",
        "mimeType": "image/jpeg",
        "statusMessage": "read",
        "sendByApi": True,
    },
]
# green-api-statuses.md §7 (fields of the docs table).
INCOMING_EXAMPLE: list[dict[str, Any]] = [
    {
        "type": "incoming",
        "idMessage": "A5D2E3B4C1F0A9B8C7D6",
        "timestamp": 1710134900,
        "typeMessage": "extendedTextMessage",
        "chatId": "70000000002@c.us",
        "senderId": "70000000002@c.us",
        "senderName": "Bob",
        "senderContactName": "Bob the baker",
        "textMessage": "Fresh bread at 7",
        "extendedTextMessage": {
            "text": "Fresh bread at 7",
            "backgroundColor": "#000080",
            "font": "SANS_SERIF",
        },
    }
]
# green-api-statuses.md §8 (the docs example, trailing commas fixed, one item per state).
STATISTIC_EXAMPLE: list[dict[str, Any]] = [
    {"timestamp": 1587129319, "participant": "11001234567@c.us", "status": "read"},
    {"timestamp": 1587129320, "participant": "11001234568@c.us", "status": "delivered"},
    {"timestamp": 1587129321, "participant": "11001234569@c.us", "status": "sent"},
]


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


def validate_status(body: Any) -> str | None:
    """GREEN-API's validation of a sendTextStatus body, as its error texts describe it."""
    if not isinstance(body, dict):
        return "Validation failed. Details: body must be an object"
    for key in body:
        if key not in FIELDS:
            return f"Validation failed. Details: '{key}' is not allowed"
    message = body.get("message")
    if not isinstance(message, str):
        return "Validation failed. Details: 'message' is required"
    if not message:
        return "Validation failed. Details: 'message' is not allowed to be empty"
    if len(message.encode("utf-16-le")) // 2 > 500:
        return "Validation failed. Details: 'message' length must be less than or equal to 500"
    color = body.get("backgroundColor")
    if color is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color)):
        return "Validation failed. Details: 'backgroundColor' must be a hex colour"
    if "font" in body and body["font"] not in FONTS:
        return "Validation failed. Details: 'font' must be one of " + ", ".join(sorted(FONTS))
    participants = body.get("participants")
    if participants is not None and (
        not isinstance(participants, list)
        or not all(isinstance(p, str) and re.fullmatch(r"\d+@c\.us", p) for p in participants)
    ):
        return "Validation failed. Details: 'participants' must be an array of chat ids"
    return None


MEDIA_FIELDS = {"urlFile", "fileName", "caption", "participants"}
VOICE_FIELDS = {"urlFile", "fileName", "backgroundColor", "participants"}


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


def validate_media_status(method: str, body: Any) -> str | None:
    """GREEN-API's validation of sendMediaStatus and sendVoiceStatus bodies, per the docs."""
    if not isinstance(body, dict):
        return "Validation failed. Details: body must be an object"
    allowed = MEDIA_FIELDS if method == "sendMediaStatus" else VOICE_FIELDS
    for key in body:
        if key not in allowed:
            return f"Validation failed. Details: '{key}' is not allowed"
    url = body.get("urlFile")
    if not isinstance(url, str) or not re.match(r"https?://", url):
        return "Validation failed. Details: 'urlFile' must be a valid uri"
    name = body.get("fileName")
    if not isinstance(name, str) or not re.search(r"\.\w+$", name):
        return "Validation failed. Details: 'fileName' must contain the file extension"
    if method == "sendMediaStatus" and name.lower().endswith(".mp3"):
        return "Validation failed. Details: mp3 is not supported, use sendVoiceStatus"
    caption = body.get("caption")
    if caption is not None and (
        not isinstance(caption, str) or len(caption.encode("utf-16-le")) // 2 > 1024
    ):
        return "Validation failed. Details: 'caption' length must be less than or equal to 1024"
    color = body.get("backgroundColor")
    if color is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color)):
        return "Validation failed. Details: 'backgroundColor' must be a hex colour"
    participants = body.get("participants")
    if participants is not None and (
        not isinstance(participants, list)
        or not all(isinstance(p, str) and re.fullmatch(r"\d+@c\.us", p) for p in participants)
    ):
        return "Validation failed. Details: 'participants' must be an array of chat ids"
    return None


class FakeAPI:
    """Runs on 127.0.0.1 in a thread; `replies` are served first, then the documented behaviour."""

    def __init__(self, state: str = "authorized") -> None:
        self.replies: deque[Reply] = deque()
        self.seen: list[Seen] = []
        self.state: str | None = state
        self.counter = 0
        self.outgoing_webhook = "yes"
        self.outgoing: list[dict[str, Any]] = json.loads(json.dumps(OUTGOING_EXAMPLE))
        self.incoming: list[dict[str, Any]] = json.loads(json.dumps(INCOMING_EXAMPLE))
        self.statistics: dict[str, list[dict[str, Any]]] = {
            "BAE5018000000000": json.loads(json.dumps(STATISTIC_EXAMPLE))
        }
        self.deleted: list[str] = []
        # The journal's tests: a per-second limit on the send methods (429 above it), a delay
        # before each answer to a send, and counters of what was queued and refused.
        self.rate_limit: int | None = None
        self.send_delay = 0.0
        self.too_many = 0
        self.queued: list[Any] = []
        self.lock = threading.Lock()
        self._send_times: deque[float] = deque()
        self.uploads: list[Uploaded] = []
        # Status codes to answer a valid send with after queueing it (body "Bad Gateway"), as
        # GREEN-API's nginx does when the backend took the request but its answer was lost.
        self.lost_answers: deque[int] = deque()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                api.seen.append(
                    Seen(self.command, self.path, dict(self.headers), raw, time.monotonic())
                )
                reply = api.replies.popleft() if api.replies else api.default(self, raw)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if reply.echo is None else reply.echo + self.path
                payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(reply.status)
                    kind = "text/plain" if isinstance(body, str) else "application/json"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in reply.headers.items():
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

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def default(self, handler: BaseHTTPRequestHandler, raw: bytes) -> Reply:
        path, _, query = handler.path.partition("?")
        m = re.fullmatch(r"/waInstance(\d+)/(\w+)/([^/?]+)", path)
        if not m:
            return Reply(404, "Not Found")
        instance, method, token = m.groups()
        if instance != ID_INSTANCE:
            return Reply(403, "Forbidden")
        if token != TOKEN:
            return Reply(401, "Unauthorized")
        if method == "getStateInstance" and handler.command == "GET":
            return Reply(200, {"stateInstance": self.state})
        if method == "getSettings" and handler.command == "GET":
            return Reply(200, self.settings())
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
        except ValueError:
            return Reply(400, "Unexpected token in JSON at position 0")
        if problem := validate_status(body):
            return Reply(400, problem)
        return self.queue(body)

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
            except ValueError:
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
            return Reply(200, self.statistics.get(ident, []))
        minutes = query.get("minutes", ["1440"])[0]
        if not minutes.isdigit():
            return Reply(400, "Validation failed. Details: 'minutes' must be a number")
        if method == "getIncomingStatuses":
            return Reply(200, self.incoming)
        return Reply(200, self.outgoing if self.outgoing_webhook == "yes" else [])

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
            ident = f"BAE5F4886F6F{self.counter:04X}"
            if self.outgoing_webhook == "yes":
                self.outgoing.append(journal_item(ident, body))
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
        extension = name.rpartition(".")[2] if name and "." in name else "bin"
        url_file = f"{self.url}/files/{len(self.uploads) + 1:04d}.{extension}"
        self.uploads.append(Uploaded(name, content_type, raw, url_file))
        return Reply(200, {"urlFile": url_file})

    def media_status(self, handler: BaseHTTPRequestHandler, method: str, raw: bytes) -> Reply:
        if handler.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return Reply(400, "Validation failed. Details: Content-Type must be application/json")
        try:
            body = json.loads(raw)
        except ValueError:
            return Reply(400, "Unexpected token in JSON at position 0")
        if problem := validate_media_status(method, body):
            return Reply(400, problem)
        return self.queue(body)

    def __enter__(self) -> FakeAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
