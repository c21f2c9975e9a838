"""uploadFile and the links it hands out: the uploaded files, kept and served back."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from .handler import Reply


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


class Uploads:
    """The uploaded files, mixed into FakeAPI so the tests reach them as `api.uploads`."""

    url: str
    uploads: list[Uploaded]

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
