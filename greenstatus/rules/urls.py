"""The one shape of a GREEN-API method URL, for the request and for what is shown of it."""

from __future__ import annotations


def method_url(api_url: str, id_instance: str, method: str, token: str) -> str:
    """`{apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}`, the path every method
    takes (GREEN-API's docs, "API request format"). Callers pass the token masked, or a
    placeholder, wherever the URL is shown rather than requested."""
    return f"{api_url}/waInstance{id_instance}/{method}/{token}"
