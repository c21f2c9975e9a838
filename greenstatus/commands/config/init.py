"""`greenstatus config init`: write a profile, its token checked against GREEN-API."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...errors import ExitCode, UsageError
from ...i18n import _
from .shared import STATE_ADVICE, load_file


def _interactive() -> bool:
    return output.can_prompt()


def _verify(values: dict[str, Any]) -> str | None:
    from ... import api

    instance = api.Instance(values["api_url"], values["id_instance"], values["api_token_instance"])
    state = api.get_state(instance, timeout=15.0, retries=1).get("stateInstance")
    return state if isinstance(state, str) else None


def init(
    ctx: typer.Context,
    profile: Annotated[
        str, typer.Option("--profile", "-p", metavar="NAME", help="Profile to write.")
    ] = "default",
    instance: Annotated[
        str | None,
        typer.Option(
            "--instance", metavar="ID", help="idInstance, 1 to 10 digits.", show_default=False
        ),
    ] = None,
    api_url: Annotated[
        str | None,
        typer.Option(
            "--api-url",
            metavar="URL",
            help="apiUrl from the console [default: https://api.green-api.com].",
            show_default=False,
        ),
    ] = None,
    token_stdin: Annotated[
        bool, typer.Option("--token-stdin", help="Read the token from stdin.")
    ] = False,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Skip the getStateInstance check.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing profile.")] = False,
    default: Annotated[
        bool, typer.Option("--default", help="Make this the default profile.")
    ] = False,
) -> None:
    """Write a profile: idInstance, apiUrl and the token, checked against GREEN-API.

    The token is never an option value (it would show in ps and shell history): it is
    asked for with hidden input, or read from stdin with --token-stdin.

    [bold]Examples[/bold]

      greenstatus config init

      printf %s "$TOKEN" | greenstatus config init --instance 1101000001 --token-stdin
    """
    from ... import config

    with reporting_errors():
        config.check_profile_name(profile)
        path, data = load_file(ctx, creates=True)
        # save_profile checks again under the lock; this one fails before any prompt or request.
        if profile in config.profile_names(data) and not force:
            raise UsageError(
                _(
                    "profile {name} already exists in {path}; pass --force to replace it",
                    name=repr(profile),
                    path=path,
                )
            )
        if token_stdin and output.is_terminal(sys.stdin):
            raise UsageError(
                _(
                    "--token-stdin reads a pipe, and stdin is a terminal (the token would show); "
                    "pipe it in, or leave out --token-stdin to type it hidden"
                )
            )
        interactive = _interactive() and not token_stdin
        values = _asked_values(instance, api_url, interactive=interactive)
        if token_stdin:
            token = config.read_stdin_line(sys.stdin).strip()
        elif interactive:
            token = output.ask(_("apiTokenInstance (input hidden)"), hidden=True).strip()
        else:
            raise UsageError(
                _("give the token on stdin with --token-stdin (it is never an option value)")
            )
        state = _checked_token(values, token, interactive=interactive, verify=not no_verify)
        became_default = config.save_profile(
            path, profile, values, force=force, make_default=default
        )
        kept = ((data or {}).get("profiles", {}).get(profile) or {}) if force else {}
        _report_saved(profile, path, values, kept, became_default=became_default, state=state)


def _asked_values(
    instance: str | None, api_url: str | None, *, interactive: bool
) -> dict[str, Any]:
    """idInstance and apiUrl, checked, from the options or asked for on a terminal."""
    from ... import config

    if instance is None:
        if not interactive:
            raise UsageError(_("--instance ID is required when stdin or stdout is not a terminal"))
        instance = output.ask("idInstance")
    values: dict[str, Any] = {"id_instance": config.normalise_value("id_instance", instance)}
    if api_url is None and interactive:
        output.err(
            _(
                "The console shows a faster host for your instance, such as {url}",
                url="https://1101.api.greenapi.com",
            )
        )
        api_url = output.ask("apiUrl", default=config.DEFAULT_API_URL)
    values["api_url"] = config.normalise_value("api_url", api_url or config.DEFAULT_API_URL)
    return values


def _report_saved(
    profile: str,
    path: Any,
    values: dict[str, Any],
    kept: dict[str, Any],
    *,
    became_default: bool,
    state: str | None,
) -> None:
    """The lines after a save: where it went, the media host, the instance's state."""
    if became_default:
        saved = _("saved profile {name} (default profile) to {path}", name=repr(profile), path=path)
    else:
        saved = _("saved profile {name} to {path}", name=repr(profile), path=path)
    output.success(saved)
    output.err(_media_host_line(values["api_url"], kept.get("media_url")))
    if state is not None:
        code, advice = STATE_ADVICE.get(
            state, (ExitCode.TEMPORARY, _("the instance is being created"))
        )
        output.err(
            output.one_line(_("instance state: {state}: {advice}", state=state, advice=advice))
        )


TOKEN_TRIES = 3


def _checked_token(
    values: dict[str, Any], token: str, *, interactive: bool, verify: bool
) -> str | None:
    """Store the token in values once it passed the check; return the instance's state.

    What was typed is never thrown away: on a terminal, a refused token is asked for again,
    and a check that could not be made offers to save without it.
    """
    from ... import config
    from ...errors import PermissionRefusedError, TemporaryError

    for attempt in range(1, TOKEN_TRIES + 1):
        values["api_token_instance"] = config.normalise_value("api_token_instance", token)
        output.register_secret(values["api_token_instance"])
        if not verify:
            return None
        try:
            return _verify(values)
        except PermissionRefusedError as exc:
            # 401, or a 200 carrying code 401: the token itself was refused. A 403 or 404
            # says the instance or apiUrl is wrong, which another token cannot mend.
            if not interactive or exc.http_status not in (200, 401) or attempt == TOKEN_TRIES:
                raise
            output.error(exc.message)
            token = output.ask(_("apiTokenInstance again (input hidden)"), hidden=True).strip()
        except TemporaryError as exc:
            if not interactive:
                raise type(exc)(
                    _(
                        "{message}; nothing was saved (--no-verify saves without the check)",
                        message=exc.message,
                    ),
                    http_status=exc.http_status,
                ) from None
            output.error(exc.message)
            if not output.confirm(
                _(
                    "The check could not be made. Save the profile without it? "
                    "(--no-verify skips it; 'greenstatus config check' runs it later)"
                )
            ):
                output.err(_("greenstatus: nothing was saved"))
                raise typer.Exit(int(exc.exit_code)) from None
            return None
    raise AssertionError("unreachable")  # pragma: no cover


def _media_host_line(api_url: str, stored: Any) -> str:
    """Where a local file of this profile would be uploaded, or why it cannot be."""
    from ... import config

    if isinstance(stored, str) and stored:
        return _("media host: {url} (media_url)", url=stored)
    derived = config.derive_media_url(api_url)
    if derived:
        return _("media host: {url} (derived from api_url)", url=derived)
    return _(
        "media host: not set: api_url is not a GREEN-API host, so a local file needs "
        "media_url (greenstatus config set media_url URL)"
    )
