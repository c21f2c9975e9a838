"""`post -p A -p B` and `post --all-profiles`: the whole single-profile post, once per profile.

Each profile's run is `post` itself with that one profile, so it has its own journal entry,
duplicate guard, retries and upload. Its result is read from the JSON it would print, and
one line per profile is shown at the end; the exit is the first failure's code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import typer

from .. import output
from ..app.boundary import exit_code, reporting_errors
from ..app.context import config_option
from ..errors import ConfigError, ExitCode, UsageError
from ..i18n import _


def chosen(ctx: typer.Context, profiles: list[str] | None, all_profiles: bool) -> list[str]:
    """The profiles in the order given, each once; --all-profiles: the config file's order."""
    if not all_profiles:
        return list(dict.fromkeys(profiles or []))
    if profiles:
        raise UsageError(_("give -p or --all-profiles, not both"))
    from .. import config

    path = config.config_path(config_option(ctx))
    data, _warnings = config.load(path)
    names = config.profile_names(data)
    if not names:
        raise ConfigError(_("--all-profiles: no profiles in {path}", path=str(path)))
    return names


def _replayable_stdin(params: dict[str, Any]) -> bytes | None:
    """stdin's bytes when the post reads it (the text, a caption or --to-file -), read once
    so that every profile's run reads the same; None when it is not read."""
    from ..rules.text import read_stdin, stdin_is_data, text_from_stdin

    stdin = getattr(sys.stdin, "buffer", None)
    reads = params.get("to_file") == "-" or (
        params.get("voice") is None and text_from_stdin(params.get("text"), params.get("file"))
    )
    if stdin is None or not reads or output.is_terminal(sys.stdin) or not stdin_is_data(stdin):
        return None
    return read_stdin(stdin) or b""


def _result(name: str, captured: list[str]) -> dict[str, Any]:
    import json

    text = "".join(captured).strip()
    try:
        shown = json.loads(text) if text else {}
    except ValueError:
        shown = {}
    return {"profile": name, **(shown if isinstance(shown, dict) else {"result": shown})}


def post_each(ctx: typer.Context, post: Callable[..., None], params: dict[str, Any]) -> None:
    """Run post once per profile, in order; one's failure never stops the later ones."""
    import inspect
    import io

    as_json = bool(params.get("as_json"))
    with reporting_errors(as_json):
        names = chosen(ctx, params.get("profiles"), bool(params.get("all_profiles")))
        data = _replayable_stdin(params)
    # params is post's locals(): its parameters, and whatever its first lines defined.
    accepted = [name for name in inspect.signature(post).parameters if name != "ctx"]
    results: list[dict[str, Any]] = []
    first_failure = 0
    shown = not params.get("dry_run") or as_json  # a dry run's text shows each request itself
    for name in names:
        run = {**params, "profiles": [name], "all_profiles": False, "as_json": shown}
        if data is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(data))
        code = 0
        keep: AbstractContextManager[list[str]] = output.captured() if shown else nullcontext([])
        with keep as captured:
            try:
                post(ctx, **{k: run[k] for k in accepted})
            except SystemExit as exc:
                code = exit_code(exc)
        if shown:
            results.append(_result(name, captured))
        first_failure = first_failure or code
        if code in (ExitCode.INTERRUPTED, ExitCode.TERMINATED, ExitCode.HANGUP):
            break  # Ctrl-C (or SIGTERM, SIGHUP while waiting) stops the later profiles too
    if shown:
        output.set_quiet(bool(params.get("quiet")))
        try:
            output.profile_results(results, as_json=as_json)
            output.flush_stdout()
        except (Exception, KeyboardInterrupt) as exc:
            # Queued is a success whatever stdout does: the exit stays the profiles' own, or a
            # wrapper that retries on non-zero posts them all again; the ids go to stderr.
            for result in results:
                if "idMessage" in result:
                    ident = f"{result['idMessage']} ({result['profile']})"
                    output.queued_on_stderr({"idMessage": ident}, exc)
    if first_failure:
        raise typer.Exit(first_failure)
