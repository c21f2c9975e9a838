"""Everything greenstatus shows, by name: `output.err(...)` finds the module that owns it.

Plain text goes to pipes and files; Rich draws only on a terminal, and is imported only then.
A name's module loads on first use, so `--version` or a plain post loads streams and secrets
alone. A test patches a name where it lives (`greenstatus.output.terminal.is_terminal`), and
every caller, here or in the renderers, sees the patch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .contacts import contact_list as contact_list
    from .delivery import report as report
    from .delivery import report_progress as report_progress
    from .delivery import sync_result as sync_result
    from .delivery import wait_progress as wait_progress
    from .delivery import wait_reached as wait_reached
    from .journal import flush_idle as flush_idle
    from .journal import flush_json as flush_json
    from .journal import flushed as flushed
    from .journal import history as history
    from .journal import outbox_list as outbox_list
    from .plans import plan_problems as plan_problems
    from .plans import plan_rows as plan_rows
    from .plans import plan_warning as plan_warning
    from .posting import dry_run as dry_run
    from .posting import dry_run_media as dry_run_media
    from .posting import duplicate_queued as duplicate_queued
    from .posting import duplicate_waiting as duplicate_waiting
    from .posting import preview_card as preview_card
    from .posting import queued as queued
    from .posting import scheduled as scheduled
    from .progress import upload_progress as upload_progress
    from .prompts import ask as ask
    from .prompts import confirm as confirm
    from .prompts import success as success
    from .secrets import forget_secrets as forget_secrets
    from .secrets import one_line as one_line
    from .secrets import register_secret as register_secret
    from .secrets import scrub as scrub
    from .settings import fonts as fonts
    from .settings import settings_table as settings_table
    from .several import profile_results as profile_results
    from .statuses import delete_prompt as delete_prompt
    from .statuses import status_deleted as status_deleted
    from .statuses import status_list as status_list
    from .statuses import status_stats as status_stats
    from .streams import captured as captured
    from .streams import debug_traceback as debug_traceback
    from .streams import drop_stdout as drop_stdout
    from .streams import err as err
    from .streams import error as error
    from .streams import error_json as error_json
    from .streams import flush_stdout as flush_stdout
    from .streams import json_text as json_text
    from .streams import lines as lines
    from .streams import note as note
    from .streams import out as out
    from .streams import out_json as out_json
    from .streams import queued_on_stderr as queued_on_stderr
    from .streams import raw as raw
    from .streams import remark as remark
    from .streams import set_quiet as set_quiet
    from .streams import warn as warn
    from .terminal import can_prompt as can_prompt
    from .terminal import is_terminal as is_terminal
    from .terminal import width as width
    from .times import local_time as local_time
    from .times import stderr_time as stderr_time

# Each public name and the module that owns it. tests/unit/test_layout.py checks that this table and
# the imports above name the same things.
_HOME = {
    "contact_list": "contacts",
    **dict.fromkeys(
        ("report", "report_progress", "sync_result", "wait_progress", "wait_reached"), "delivery"
    ),
    **dict.fromkeys(("flush_idle", "flush_json", "flushed", "history", "outbox_list"), "journal"),
    **dict.fromkeys(
        (
            "dry_run",
            "dry_run_media",
            "duplicate_queued",
            "duplicate_waiting",
            "preview_card",
            "queued",
            "scheduled",
        ),
        "posting",
    ),
    **dict.fromkeys(("plan_problems", "plan_rows", "plan_warning"), "plans"),
    "upload_progress": "progress",
    **dict.fromkeys(("ask", "confirm", "success"), "prompts"),
    **dict.fromkeys(("forget_secrets", "one_line", "register_secret", "scrub"), "secrets"),
    **dict.fromkeys(("fonts", "settings_table"), "settings"),
    "profile_results": "several",
    **dict.fromkeys(("delete_prompt", "status_deleted", "status_list", "status_stats"), "statuses"),
    **dict.fromkeys(
        (
            "captured",
            "debug_traceback",
            "drop_stdout",
            "err",
            "error",
            "error_json",
            "flush_stdout",
            "json_text",
            "lines",
            "note",
            "out",
            "out_json",
            "queued_on_stderr",
            "raw",
            "remark",
            "set_quiet",
            "warn",
        ),
        "streams",
    ),
    **dict.fromkeys(("can_prompt", "is_terminal", "width"), "terminal"),
    **dict.fromkeys(("local_time", "stderr_time"), "times"),
}


def __getattr__(name: str) -> Any:
    # Looked up on every use, never cached here: a patch of the owning module stays seen.
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import sys

    module = sys.modules.get(f"{__name__}.{home}")
    if module is None:
        from importlib import import_module

        module = import_module(f"{__name__}.{home}")
    return getattr(module, name)
