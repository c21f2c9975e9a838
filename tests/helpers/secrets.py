"""The one check that no piece of the token reached what a user or a file can see."""

from __future__ import annotations

from urllib.parse import quote

from helpers.fakeapi import TOKEN


def fragments(token: str = TOKEN) -> set[str]:
    """Every 8-character piece of the token: any one of them in the open is a leak."""
    return {token[i : i + 8] for i in range(len(token) - 7)}


def leaks(text: str, token: str = TOKEN) -> list[str]:
    """Every piece of the token in text, plain or percent-encoded."""
    return sorted(f for f in fragments(token) if f in text or quote(f, safe="") in text)
