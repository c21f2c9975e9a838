"""Every path greenstatus keeps (config file, state folder, journal, copies), kept private."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ConfigError
from ..i18n import _

CONFIG_ENV = "GREENSTATUS_CONFIG"
STATE_ENV = "GREENSTATUS_STATE_DIR"
JOURNAL_FILE = "journal.sqlite3"
# Kept media copies, beside the journal.
COPIES = "files"
# The names of the contacts who can see statuses, one a line, for the completion scripts; they
# read it from the state folder themselves, so its name is also written into them.
CONTACTS_FILE = "contacts.txt"


def config_path(explicit: str | None = None) -> Path:
    """The config file: --config, else $GREENSTATUS_CONFIG, else the platform's config folder."""
    chosen = explicit or os.environ.get(CONFIG_ENV)
    try:
        if chosen:
            return Path(chosen).expanduser()
        import platformdirs

        return platformdirs.user_config_path("greenstatus") / "config.toml"
    except (RuntimeError, KeyError, OSError, ValueError) as exc:
        # No HOME and no passwd entry (some containers): a setup problem, not a bug.
        raise ConfigError(
            _(
                "cannot find the config folder ({reason}); set HOME, XDG_CONFIG_HOME or "
                "{variable}, or pass --config PATH",
                reason=exc,
                variable=CONFIG_ENV,
            )
        ) from None


def require_named_file(path: Path, explicit: str | None) -> None:
    """A file named by --config or $GREENSTATUS_CONFIG must exist (only the default may not).

    Treating a mistyped name as an empty file would quietly run with other credentials.
    """
    if path.exists():
        return
    if explicit:
        named = "--config"
    elif os.environ.get(CONFIG_ENV):
        named = CONFIG_ENV
    else:
        return
    raise ConfigError(
        _(
            "config file {path} (named by {named}) does not exist; "
            "create it with 'greenstatus config init' or 'greenstatus config set'",
            path=path,
            named=named,
        )
    )


def state_dir() -> Path:
    """$GREENSTATUS_STATE_DIR, else the platform's state folder."""
    chosen = os.environ.get(STATE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_state_path("greenstatus")


def journal_file() -> Path:
    """The local journal's SQLite file, in the state folder."""
    return state_dir() / JOURNAL_FILE


def copies_dir() -> Path:
    """The folder of media copies kept for a later flush, in the state folder."""
    return state_dir() / COPIES


def contacts_file() -> Path:
    """contacts.txt in the state folder: the completion scripts' list of contact names."""
    return state_dir() / CONTACTS_FILE


def private(path: Path, *, folder: bool = False) -> None:
    """Keep path to its owner: whatever exists there loses its group and other bits (a
    folder becomes 0700, a file 0600), with a one-line note on stderr; with folder=True a
    missing folder is made 0700 with its parents (OSError when it cannot be).

    Every place that keeps the token, the journal or a media copy calls this, so what an
    older release or a hand left readable by others is tightened, not only new files."""
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        if folder:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(path, 0o700)
        return
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return
    if mode & stat.S_ISVTX or info.st_uid != os.geteuid():
        # A shared folder such as /tmp named as the state folder: closing it would break
        # everyone else's use of it, even where this user may.
        _note(
            _(
                "{path} is open to others (mode {mode}) and shared; it is left as it is",
                path=path,
                mode=f"{mode:o}",
            )
        )
        return
    try:
        os.chmod(path, mode & 0o700)
    except OSError as exc:
        _note(
            _(
                "{path} is open to others (mode {mode}) and cannot be tightened: {reason}",
                path=path,
                mode=f"{mode:o}",
                reason=exc.strerror,
            )
        )
        return
    _note(
        _(
            "{path} was open to others (mode {mode}); it is now {now}",
            path=path,
            mode=f"{mode:o}",
            now=f"{mode & 0o700:o}",
        )
    )


def _note(line: str) -> None:
    # config sits below output, which cannot be imported here; a full stderr is no failure.
    import sys

    try:
        from ..i18n import _, localized

        sys.stderr.write(localized(_("greenstatus: note: {message}", message=line)) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
