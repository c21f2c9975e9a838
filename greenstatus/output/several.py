"""What a post on several profiles shows: one line per profile, in the order given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _
from ..rules.untrusted import clean
from . import streams, terminal
from .secrets import one_line
from .streams import json_text, out


def _ident(result: dict[str, Any]) -> str:
    if "idMessage" in result:
        return str(result["idMessage"])
    if "outbox_id" in result:
        return str(result["outbox_id"])
    return "-"


def _waited(profile: str, ident: str, result: dict[str, Any]) -> str:
    """--wait's outcome on one profile: the state reached, or (exit 8) the last one seen."""
    state = one_line(str(result["state"]))
    if "waited" not in result:
        return _("{profile}: {state}, idMessage {ident}", profile=profile, state=state, ident=ident)
    return _(
        "{profile}: queued, idMessage {ident}; still {state} after {seconds} s, "
        "do not post it again",
        profile=profile,
        ident=ident,
        state=state,
        seconds=f"{float(result['waited']):g}",
    )


def profile_results(results: Sequence[dict[str, Any]], *, as_json: bool) -> None:
    """One line per profile. results hold `profile` and what that profile's post gave as
    JSON: `idMessage`, or `outbox_id` (scheduled, or a repeat waiting in the outbox), or
    `error` ({exit_code, http_status, message}), or a dry run's method, url and body.

    Piped: `profile<TAB>idMessage` or `profile<TAB>-<TAB>error message`; a terminal gets a
    sentence each; --json the list itself."""
    if as_json:
        out(json_text(list(results), indent=2))
        return
    drawn = terminal.is_terminal()
    for result in results:
        profile = clean(str(result["profile"]))
        error = result.get("error")
        if error is not None:
            message = one_line(str(error.get("message", "")))
            out(
                _("{profile}: failed: {message}", profile=profile, message=message)
                if drawn
                else f"{profile}\t-\t{message}"
            )
        elif not streams.quiet():
            ident = one_line(_ident(result))
            out(
                _waited(profile, ident, result)
                if drawn and "state" in result
                else _("{profile}: queued, idMessage {ident}", profile=profile, ident=ident)
                if drawn and "idMessage" in result
                else _("{profile}: outbox entry {ident}", profile=profile, ident=ident)
                if drawn
                else f"{profile}\t{ident}"
            )
