"""The text status: the command line's options, the audience, and the sendTextStatus body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..i18n import _
from ..rules import colors, fonts, recipients, text

if TYPE_CHECKING:
    from ..config import Settings


@dataclass
class Options:
    """What the command line said about one post; None means "not given"."""

    color: str | None = None
    font: str | None = None
    to: list[str] = field(default_factory=list)
    to_file_text: str | None = None
    truncate: bool = False
    force: bool = False
    # The command's turn of the entries (None: no --to/--to-file given) into the final
    # participants and warnings: post's sending.recipients, which may read the contacts.
    audience: Callable[[list[str] | None], tuple[list[str], list[str]]] | None = None


@dataclass
class Prepared:
    """A text status checked and ready: the send body, warnings to show, the colour contrast,
    and the length in GREEN-API's units. (A dataclass without a docstring makes one from
    inspect.signature at import, on every post's start-up.)"""

    body: dict[str, Any]
    warnings: list[str]
    contrast: float
    units: int


def participants_from(options: Options, settings: Settings, warnings: list[str]) -> list[str]:
    """The audience: --to/--to-file when given (never empty), else the profile's, else none;
    a warning over 1024 recipients goes to warnings, and over 10,000 is refused.

    Only giving neither option means "the profile's participants, else all contacts"; an
    option that names nobody is an error, because widening it would post to everyone.
    With options.audience, the entries are turned into participants there (names, --except,
    the audience check); without it, they must be numbers.
    """
    given = _given(options)
    origin = "" if given is not None else _origin("participants", settings)
    if options.audience is not None:
        participants, found = options.audience(given)
        warnings.extend(found)
    elif given is None:
        participants = list(settings.get("participants") or [])
    else:
        participants = recipients.normalise_all(given)
    if warning := recipients.check_count(len(participants), options.force, origin):
        warnings.append(warning)
    return participants


def _given(options: Options) -> list[str] | None:
    """The entries of --to and --to-file, split; None when neither was given."""
    if not options.to and options.to_file_text is None:
        return None
    given = recipients.split_values(options.to)
    if options.to_file_text is not None:
        from_file = recipients.parse_lines(options.to_file_text)
        if not from_file:
            raise UsageError(
                _("--to-file names no recipients: {why}", why=recipients.EMPTY_AUDIENCE)
            )
        given += from_file
    return given


def _origin(key: str, settings: Settings) -> str:
    """Where a profile value came from, so a failure names the key and the profile to fix."""
    return _(
        "{key} in profile {profile}, {path}",
        key=key,
        profile=repr(settings.profile),
        path=settings.path,
    )


def background_from(options: Options, settings: Settings) -> str:
    """--color when given, else the profile's background, else the default; for text and voice."""
    return (
        colors.parse_color(options.color)
        if options.color is not None
        else settings.get("background_color") or colors.DEFAULT_BACKGROUND
    )


def prepare(raw: bytes, options: Options, settings: Settings) -> Prepared:
    """Apply every rule in the contract's order and build the exact body to send."""
    message = text.check_length(text.normalise(text.decode(raw)), options.truncate)
    warnings: list[str] = []
    background = background_from(options, settings)
    try:
        warning = colors.check_contrast(background, options.force)
    except UsageError as exc:
        if options.color is not None or not settings.get("background_color"):
            raise
        raise UsageError(
            _(
                "{message} (from {origin})",
                message=exc.message,
                origin=_origin("background_color", settings),
            )
        ) from None
    if warning:
        warnings.append(warning)
    font = fonts.parse_font(options.font) if options.font is not None else settings.get("font")
    if warning := fonts.font_warning(font, message):
        warnings.append(warning)
    body: dict[str, Any] = {"message": message, "backgroundColor": background}
    if font:
        body["font"] = font
    participants = participants_from(options, settings, warnings)
    if participants:
        body["participants"] = participants
    return Prepared(
        body, warnings, colors.contrast_with_white(background), text.utf16_units(message)
    )
