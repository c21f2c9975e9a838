"""When a scheduled post is due: `--at WHEN` and `--in DURATION`, as pure functions of "now"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ..errors import UsageError
from ..i18n import _

MAX_AHEAD = timedelta(days=30)
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_WHEN_HINT = _(
    "give ISO 8601 (2026-12-01T09:00, 2026-12-01T09:00+03:00), 'YYYY-MM-DD HH:MM' or 'HH:MM'"
)


def now() -> datetime:
    return datetime.now(UTC)


def parse_duration(text: str) -> timedelta:
    """`90s`, `15m`, `2h`, `1d`, `1h30m`: units in the order d, h, m, s, each at most once."""
    cleaned = text.strip().lower()
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or not match or not any(match.groups()):
        raise UsageError(
            _(
                "--in {value}: give a duration such as 90s, 15m, 2h, 1d or 1h30m",
                value=repr(text),
            )
        )
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _local(naive: datetime) -> datetime:
    """A wall-clock time without an offset is the machine's local time."""
    return naive.astimezone()


def parse_when(text: str, now: datetime) -> datetime:
    """An aware datetime for WHEN; `HH:MM` is its next occurrence after `now` (local time)."""
    cleaned = text.strip()
    clock = _CLOCK.fullmatch(cleaned)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise UsageError(
                _("--at {value}: not a time of day; {hint}", value=repr(text), hint=_WHEN_HINT)
            )
        wall = now.astimezone().replace(tzinfo=None)
        target = wall.replace(hour=hour, minute=minute, second=0, microsecond=0)
        candidate = _local(target)
        if candidate <= now:
            candidate = _local(target + timedelta(days=1))
        return candidate
    try:
        parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            _("--at {value}: not a date and time; {hint}", value=repr(text), hint=_WHEN_HINT)
        ) from None
    if len(cleaned) <= 10:
        # A bare date has no time of day: midnight is a guess the user did not make.
        raise UsageError(
            _("--at {value}: give a time of day too; {hint}", value=repr(text), hint=_WHEN_HINT)
        )
    return parsed if parsed.tzinfo is not None else _local(parsed)


def check_ahead(due: datetime, now: datetime, given: str) -> datetime:
    """The due time in UTC; a time in the past or more than 30 days ahead is a usage error."""
    if due <= now:
        raise UsageError(
            _("{given} is in the past ({due}); give a future time", given=given, due=iso(due))
        )
    if due - now > MAX_AHEAD:
        raise UsageError(_("{given} is more than 30 days ahead ({due})", given=given, due=iso(due)))
    return due.astimezone(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, with Z: the journal's one format for times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def due_time(at: str | None, in_: str | None, now: datetime) -> datetime | None:
    """The UTC due time of `--at`/`--in`, or None when neither was given."""
    if at is not None and in_ is not None:
        raise UsageError(_("give --at or --in, not both"))
    try:
        if at is not None:
            return check_ahead(parse_when(at, now), now, f"--at {at!r}")
        if in_ is not None:
            return check_ahead(now + parse_duration(in_), now, f"--in {in_!r}")
    except (OverflowError, ValueError):
        # Dates at the edge of the calendar (year 1 or 9999 with an offset, 999999999d):
        # far outside the 30 days allowed, so the same usage error.
        given = f"--at {at!r}" if at is not None else f"--in {in_!r}"
        raise UsageError(_("{given} is not a time within the next 30 days", given=given)) from None
    return None
