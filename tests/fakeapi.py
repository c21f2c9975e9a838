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

ID_INSTANCE = "1101000001"
TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"
FONTS = {"SERIF", "SANS_SERIF", "NORICAN_REGULAR", "BRYNDAN_WRITE", "OSWALD_HEAVY"}
FIELDS = {"message", "backgroundColor", "font", "participants"}


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


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
        self.uploads: list[Uploaded] = []
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
                payload = (
                    reply.body.encode()
                    if isinstance(reply.body, str)
                    else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    kind = "text/plain" if isinstance(reply.body, str) else "application/json"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
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
        m = re.fullmatch(r"/waInstance(\d+)/(\w+)/([^/?]+)", handler.path)
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
            return Reply(
                200,
                {
                    "wid": "79990000000@c.us",
                    "delaySendMessagesMilliseconds": 5000,
                    "outgoingWebhook": "yes",
                },
            )
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
        self.counter += 1
        return Reply(200, {"idMessage": f"BAE5F4886F6F{self.counter:04X}"})

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
        self.counter += 1
        return Reply(200, {"idMessage": f"BAE5F4886F6F{self.counter:04X}"})

    def __enter__(self) -> FakeAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
