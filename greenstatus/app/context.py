"""The settings a command runs with: the --config value, the profile preamble, the secrets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from ..api import Instance
    from ..config import Settings


def config_option(ctx: typer.Context) -> str | None:
    """The global --config value, from whichever level of the command tree holds it."""
    root_ctx = ctx.find_root()
    return (root_ctx.obj or {}).get("config")


def load_settings(ctx: typer.Context, profile: str | None, *, secret: bool = True) -> Settings:
    """The profile's settings: resolved, its token known to the scrubber, its warnings shown.

    secret=False leaves the token unregistered, for the commands that registered it only
    later (history never prints it; config check registers it once it has checked it).
    """
    return settings_for(config_option(ctx), profile, secret=secret)


def settings_for(config_path: str | None, profile: str | None, *, secret: bool = True) -> Settings:
    """load_settings for a run without a click context: config_path is the --config value."""
    from .. import config, output

    settings = config.resolve(config_path, profile)
    if secret:
        output.register_secret(settings.get("api_token_instance"))
    for warning in settings.warnings:
        output.warn(warning)
    return settings


def request_options(
    settings: Settings, timeout: float | None, retries: int, verbose: bool
) -> dict[str, Any]:
    """The keyword arguments every GREEN-API call of a command takes: timeout, retries, and
    -v's log."""
    from .. import output

    return {
        "timeout": settings.timeout(timeout),
        "retries": retries,
        "log": output.err if verbose else None,
    }


def for_requests(
    ctx: typer.Context, profile: str | None, timeout: float | None, retries: int, verbose: bool
) -> tuple[Settings, Instance, dict[str, Any]]:
    """The preamble of every command that calls GREEN-API: the profile's settings (as
    load_settings gives them), its Instance, and the keyword arguments of each call
    (request_options)."""
    from .. import api

    settings = load_settings(ctx, profile)
    instance = api.Instance.for_settings(settings)
    return settings, instance, request_options(settings, timeout, retries, verbose)


def require_profile(ctx: typer.Context, profile: str | None) -> None:
    """A profile given by name must exist, also where only its name is used (outbox)."""
    if profile:
        from .. import config

        config.resolve(config_option(ctx), profile)


def config_in(argv: list[str]) -> str | None:
    """The --config value of a command line that click could not parse."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--config="):
            return arg.partition("=")[2]
    return None


def learn_secrets(config: str | None) -> None:
    """Tell the scrubber every token of the config file before an error is printed."""
    from ..config import remember_secrets

    remember_secrets(config)
