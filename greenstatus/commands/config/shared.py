"""What the config verbs share: the file and profile, a value as shown, the instance states."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ... import output
from ...app.context import config_option
from ...errors import ExitCode
from ...i18n import _

if TYPE_CHECKING:
    from ...config import Settings

STATE_ADVICE = {
    "authorized": (ExitCode.OK, _("ready: statuses will be sent")),
    "notAuthorized": (
        ExitCode.UNAVAILABLE,
        _("no phone linked: scan the QR code in the console at console.green-api.com"),
    ),
    "blocked": (
        ExitCode.UNAVAILABLE,
        _("the WhatsApp account is banned; contact GREEN-API support"),
    ),
    "starting": (
        ExitCode.TEMPORARY,
        _("the instance is starting (up to 5 minutes); try again soon"),
    ),
    "sleepMode": (ExitCode.UNAVAILABLE, _("the phone is offline or asleep; open WhatsApp on it")),
    "yellowCard": (
        ExitCode.UNAVAILABLE,
        _("sending is suspended for suspected spam; reboot the instance in the console"),
    ),
}


def load_file(ctx: typer.Context, *, creates: bool = False) -> tuple[Any, dict[str, Any] | None]:
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


def existing_profile(
    ctx: typer.Context, profile: str | None, *, creates: bool = False
) -> tuple[Any, str, dict[str, Any]]:
    from ... import config

    path, data = load_file(ctx, creates=creates)
    name, _source, stored = config.select_profile(data, path, profile)
    return path, name, stored


def contrast_warning(background: str, *, refused_only: bool = False) -> str | None:
    """What post would say about this background: refused, low contrast, or nothing."""
    from ...errors import UsageError as Refused
    from ...rules import colors

    try:
        warning = colors.check_contrast(background, False)
    except Refused as exc:
        return _("post would refuse this: {message}", message=exc.message)
    return None if refused_only else warning


def warn_refused_background(settings: Settings) -> None:
    """Say when the profile's background is one post would refuse."""
    background = settings.get("background_color")
    if background and (problem := contrast_warning(background, refused_only=True)):
        output.warn(
            _(
                "{problem} (from background_color in profile {profile})",
                problem=problem,
                profile=repr(settings.profile),
            )
        )


def shown_value(key: str, value: Any) -> str:
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
