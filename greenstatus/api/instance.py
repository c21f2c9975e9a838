"""Which GREEN-API instance a request goes to, and how its token is kept out of sight."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import output
from ..config import mask
from ..rules.urls import method_url

if TYPE_CHECKING:
    from ..config import Settings

# Server text is shown shortened to this many characters, after the token is scrubbed from it.
SHOWN_CHARS = 300


@dataclass(frozen=True)
class Instance:
    """One GREEN-API instance: its host, id and token. (A dataclass without a docstring makes
    one from inspect.signature at import, on every post's start-up.)"""

    api_url: str
    id_instance: str
    token: str

    @classmethod
    def for_settings(cls, settings: Settings, *, media: bool = False) -> Instance:
        """The instance the settings name; `media` keeps its id and token for the media host."""
        api_url, id_instance, token = settings.credentials()
        return cls(settings.media_host() if media else api_url, id_instance, token)

    def url(self, method: str) -> str:
        return method_url(self.api_url, self.id_instance, method, self.token)

    def shown_url(self, method: str) -> str:
        return method_url(self.api_url, self.id_instance, method, mask(self.token))

    def scrub(self, text: str) -> str:
        """Replace the token wherever it appears: requests puts whole URLs in its messages."""
        return output.scrub(text, [self.token])

    def shown(self, text: str, limit: int = SHOWN_CHARS) -> str:
        """Server or library text as it may be shown: scrubbed first, then one line, then cut."""
        return output.one_line(text, limit, [self.token])
