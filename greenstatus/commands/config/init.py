"""`greenstatus config`: set up, inspect and check credentials; the token is never shown whole."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import config_option, load_settings
from ...app.framework import PlainGroup
from ...app.options import JsonOpt, ProfileOpt
from ...errors import ConfigError, ExitCode, GreenstatusError, UsageError
from ...rules.colors import DEFAULT_BACKGROUND

config_app = typer.Typer(
    cls=PlainGroup,
    help="Set up and inspect credentials and posting defaults.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

STATE_ADVICE = {
    "authorized": (ExitCode.OK, "ready: statuses will be sent"),
    "notAuthorized": (
        ExitCode.UNAVAILABLE,
        "no phone linked: scan the QR code in the console at console.green-api.com",
    ),
    "blocked": (ExitCode.UNAVAILABLE, "the WhatsApp account is banned; contact GREEN-API support"),
    "starting": (ExitCode.TEMPORARY, "the instance is starting (up to 5 minutes); try again soon"),
    "sleepMode": (ExitCode.UNAVAILABLE, "the phone is offline or asleep; open WhatsApp on it"),
    "yellowCard": (
        ExitCode.UNAVAILABLE,
        "sending is suspended for suspected spam; reboot the instance in the console",
    ),
}


def _interactive() -> bool:
    return output.can_prompt()


def _load(ctx: typer.Context, *, creates: bool = False) -> tuple[Any, dict[str, Any] | None]:
    """The config path and its parsed contents, warning when others can read it.

    A file named by --config or GREENSTATUS_CONFIG must exist unless the command creates it.
    """
    from ... import config

    path = config.config_path(config_option(ctx))
    if not creates:
        config.require_named_file(path, config_option(ctx))
    data, warnings = config.load(path)
    for warning in warnings:
        output.warn(warning)
    return path, data


def _existing_profile(
    ctx: typer.Context, profile: str | None, *, creates: bool = False
) -> tuple[Any, str, dict[str, Any]]:
    from ... import config

    path, data = _load(ctx, creates=creates)
    name, _, stored = config.select_profile(data, path, profile)
    return path, name, stored


def _verify(values: dict[str, Any]) -> str | None:
    from ... import client

    instance = client.Instance(
        values["api_url"], values["id_instance"], values["api_token_instance"]
    )
    state = client.get_state(instance, timeout=15.0, retries=1).get("stateInstance")
    return state if isinstance(state, str) else None


@config_app.command()
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
        path, data = _load(ctx, creates=True)
        # save_profile checks again under the lock; this one fails before any prompt or request.
        if profile in config.profile_names(data) and not force:
            raise UsageError(
                f"profile {profile!r} already exists in {path}; pass --force to replace it"
            )
        if token_stdin and output.is_terminal(sys.stdin):
            raise UsageError(
                "--token-stdin reads a pipe, and stdin is a terminal (the token would show); "
                "pipe it in, or leave out --token-stdin to type it hidden"
            )
        interactive = _interactive() and not token_stdin
        if instance is None:
            if not interactive:
                raise UsageError("--instance ID is required when stdin or stdout is not a terminal")
            instance = output.ask("idInstance")
        values: dict[str, Any] = {"id_instance": config.normalise_value("id_instance", instance)}
        if api_url is None and interactive:
            output.err(
                "The console shows a faster host for your instance, such as https://1101.api.greenapi.com"
            )
            api_url = output.ask("apiUrl", default=config.DEFAULT_API_URL)
        values["api_url"] = config.normalise_value("api_url", api_url or config.DEFAULT_API_URL)
        if token_stdin:
            token = config.read_stdin_line(sys.stdin).strip()
        elif interactive:
            token = output.ask("apiTokenInstance (input hidden)", hidden=True).strip()
        else:
            raise UsageError(
                "give the token on stdin with --token-stdin (it is never an option value)"
            )
        state = _checked_token(values, token, interactive=interactive, verify=not no_verify)
        became_default = config.save_profile(
            path, profile, values, force=force, make_default=default
        )
        marker = " (default profile)" if became_default else ""
        output.success(f"saved profile {profile!r}{marker} to {path}")
        kept = ((data or {}).get("profiles", {}).get(profile) or {}) if force else {}
        output.err(_media_host_line(values["api_url"], kept.get("media_url")))
        if state is not None:
            code, advice = STATE_ADVICE.get(
                state, (ExitCode.TEMPORARY, "the instance is being created")
            )
            output.err(output.one_line(f"instance state: {state}: {advice}"))


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
            token = output.ask("apiTokenInstance again (input hidden)", hidden=True).strip()
        except TemporaryError as exc:
            if not interactive:
                raise type(exc)(
                    f"{exc.message}; nothing was saved (--no-verify saves without the check)",
                    http_status=exc.http_status,
                ) from None
            output.error(exc.message)
            if not output.confirm(
                "The check could not be made. Save the profile without it? "
                "(--no-verify skips it; 'greenstatus config check' runs it later)"
            ):
                output.err("greenstatus: nothing was saved")
                raise typer.Exit(int(exc.exit_code)) from None
            return None
    raise AssertionError("unreachable")  # pragma: no cover


def _media_host_line(api_url: str, stored: Any) -> str:
    """Where a local file of this profile would be uploaded, or why it cannot be."""
    from ... import config

    if isinstance(stored, str) and stored:
        return f"media host: {stored} (media_url)"
    derived = config.derive_media_url(api_url)
    if derived:
        return f"media host: {derived} (derived from api_url)"
    return (
        "media host: not set: api_url is not a GREEN-API host, so a local file needs "
        "media_url (greenstatus config set media_url URL)"
    )


@config_app.command()
def show(ctx: typer.Context, profile: ProfileOpt = None, as_json: JsonOpt = False) -> None:
    """Show the settings a post would use, and where each came from.

    [bold]Example[/bold]

      greenstatus config show --profile shop
    """
    from ... import config

    with reporting_errors(as_json):
        settings = load_settings(ctx, profile, secret=False)
        where = "--config" if config_option(ctx) else "GREENSTATUS_CONFIG or platform default"
        exists = "" if settings.path.exists() else " (missing)"
        rows = [("config file", str(settings.path), where + exists)]
        rows.append(("profile", settings.profile, settings.profile_source))
        for key in config.KEYS:
            value = settings.get(key)
            if value is None:
                shown, source = _EFFECTIVE_DEFAULTS.get(key, ("not set", "not set"))
            else:
                shown, source = _shown(key, value), settings.sources.get(key, "default")
            rows.append((key, shown, source))
        background = settings.get("background_color")
        if background and (problem := _contrast_warning(background, refused_only=True)):
            output.warn(f"{problem} (from background_color in profile {settings.profile!r})")
        output.settings_table(rows, f"profile {settings.profile}", as_json=as_json)


# What a post uses when a key is not set anywhere: (shown value, source).
_EFFECTIVE_DEFAULTS = {
    "background_color": (DEFAULT_BACKGROUND, "default"),
    "font": ("not set (WhatsApp's default)", "default"),
    "participants": ("all contacts", "default"),
    "id_instance": ("not set", "not set: run 'greenstatus config init'"),
    "api_token_instance": ("not set", "not set: run 'greenstatus config init'"),
    "media_url": (
        "not set",
        "not set: api_url is not a GREEN-API host, so a local file needs media_url",
    ),
}


def _contrast_warning(background: str, *, refused_only: bool = False) -> str | None:
    """What post would say about this background: refused, low contrast, or nothing."""
    from ...errors import UsageError as Refused
    from ...rules import colors

    try:
        warning = colors.check_contrast(background, False)
    except Refused as exc:
        return f"post would refuse this: {exc.message}"
    return None if refused_only else warning


def _shown(key: str, value: Any) -> str:
    from ...config import mask

    if value is None:
        return ""
    if key == "api_token_instance":
        return mask(str(value))
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@config_app.command()
def get(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A config key.", show_default=False)],
    profile: ProfileOpt = None,
) -> None:
    """Print one stored value, bare, for scripts; the token is masked.

    [bold]Example[/bold]

      greenstatus config get background_color
    """
    from ... import config

    with reporting_errors():
        if key not in config.KEYS:
            raise UsageError(f"unknown key {key!r}; known keys: {', '.join(config.KEYS)}")
        path, name, stored = _existing_profile(ctx, profile)
        if key not in stored:
            raise ConfigError(f"{key} is not set in profile {name!r} ({path})")
        try:
            value = config.normalise_value(key, stored[key])
        except UsageError as exc:
            # The file holds it: a configuration problem (78), not a usage one.
            raise ConfigError(f"config file {path}, [profiles.{name}]: {exc.message}") from None
        output.out(_shown(key, value))


@config_app.command("set")
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A config key.", show_default=False)],
    value: Annotated[
        str, typer.Argument(help="The value; '-' reads it from stdin.", show_default=False)
    ],
    profile: ProfileOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Store a background too light to read.")
    ] = False,
) -> None:
    """Validate, normalise and store one value (navy is stored as #000080).

    Keys: id_instance, api_token_instance, api_url, background_color, font, participants
    (comma list), timeout; for the journal: duplicate_window (minutes, 0 = off), outbox
    (true/false), outbox_expiry (hours), journal_days, journal (true/false);
    media_url (the upload host).
    The token is only taken from stdin. A background that post would refuse is
    refused here too, unless --force.

    [bold]Examples[/bold]

      greenstatus config set background_color navy

      greenstatus config set participants "+7 900 123-45-67, 79007654321"

      printf %s "$TOKEN" | greenstatus config set api_token_instance -
    """
    from ... import config

    with reporting_errors():
        if value == "-":
            value = config.read_stdin_line(sys.stdin).rstrip("\r\n")
        elif key == "api_token_instance":
            raise UsageError(
                "the token is read from stdin, never an argument: "
                'printf %s "$TOKEN" | greenstatus config set api_token_instance -'
            )
        output.register_secret(value if key == "api_token_instance" else None)
        path, name, _ = _existing_profile(ctx, profile, creates=True)
        stored = config.set_value(path, name, key, value, force=force)
        if key == "background_color" and (warning := _contrast_warning(stored)):
            output.warn(warning)
        output.success(f"{key} = {_shown(key, stored)} in profile {name!r} ({path})")


@config_app.command()
def unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A config key.", show_default=False)],
    profile: ProfileOpt = None,
) -> None:
    """Remove one value from a profile.

    [bold]Example[/bold]

      greenstatus config unset font
    """
    from ... import config

    with reporting_errors():
        path, name, _ = _existing_profile(ctx, profile)
        if not path.exists():
            raise config.unknown_profile(name, path, [])
        removed = config.unset_value(path, name, key)
        output.success(f"{key} {'removed from' if removed else 'was not set in'} profile {name!r}")


@config_app.command()
def profiles(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the profiles; the default one is marked with '*'."""
    from ... import config

    with reporting_errors(as_json):
        path, data = _load(ctx)
        default = (data or {}).get("default_profile")
        names = config.profile_names(data)
        if as_json:
            output.out_json([{"name": n, "default": n == default} for n in names])
        else:
            output.lines(f"{'*' if n == default else ' '} {n}" for n in names)


@config_app.command()
def use(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An existing profile.", show_default=False)],
) -> None:
    """Make NAME the default profile."""
    from ... import config

    with reporting_errors():
        path = config.config_path(config_option(ctx))
        config.require_named_file(path, config_option(ctx))
        config.use_profile(path, name)
        output.success(f"default profile is now {name!r}")


@config_app.command()
def path(ctx: typer.Context) -> None:
    """Print the config file's path (it may not exist yet)."""
    from ... import config

    with reporting_errors():
        output.out(str(config.config_path(config_option(ctx))))


@config_app.command()
def check(ctx: typer.Context, profile: ProfileOpt = None, as_json: JsonOpt = False) -> None:
    """Ask the instance for its state, and what to do about it.

    Exit 0 when authorized, 75 while starting, 69 otherwise.
    """
    from ... import client

    with reporting_errors(as_json):
        settings = load_settings(ctx, profile, secret=False)
        background = settings.get("background_color")
        if background and (problem := _contrast_warning(background, refused_only=True)):
            output.warn(f"{problem} (from background_color in profile {settings.profile!r})")
        api_url, id_instance, token = settings.credentials()
        output.register_secret(token)
        instance = client.Instance(api_url, id_instance, token)
        timeout = float(settings.get("timeout"))
        raw_state = client.get_state(instance, timeout=timeout, retries=1).get("stateInstance")
        state = raw_state if isinstance(raw_state, str) else "starting"
        code, advice = STATE_ADVICE.get(state, (ExitCode.UNAVAILABLE, "unknown state"))
        facts: dict[str, Any] = {"state": state, "advice": advice}
        if code == ExitCode.OK:
            facts.update(_status_settings(client, instance, timeout))
        if as_json:
            output.out_json(facts)
        else:
            output.lines(f"{k}: {v}" for k, v in facts.items())
        if code != ExitCode.OK:
            raise typer.Exit(int(code))


def _status_settings(client: Any, instance: Any, timeout: float) -> dict[str, Any]:
    try:
        answer = client.get_settings(instance, timeout=timeout, retries=0)
    except GreenstatusError as exc:
        output.warn(f"could not read the instance settings: {exc.message}")
        return {}
    facts: dict[str, Any] = {}
    if "delaySendMessagesMilliseconds" in answer:
        facts["send_delay_ms"] = answer["delaySendMessagesMilliseconds"]
    if "outgoingWebhook" in answer:
        facts["outgoing_webhook"] = answer["outgoingWebhook"]
    if "wid" in answer:
        facts["account"] = answer["wid"]
    return facts
