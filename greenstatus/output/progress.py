"""The upload's progress bar on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..i18n import _
from . import streams, terminal
from .secrets import one_line


@contextmanager
def upload_progress(name: str, size: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for an upload over 1 MiB, drawn only on a terminal and never
    with --quiet; elsewhere the callback is None and nothing is drawn."""
    import os

    from ..rules.media import PROGRESS_ABOVE

    if (
        streams.quiet()
        or size <= PROGRESS_ABOVE
        or not terminal.is_terminal(sys.stderr)
        or os.environ.get("TERM") == "dumb"
    ):
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        # Not markup: a file may be called "[bold]sale.png".
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    shown = one_line(name)
    with Progress(*columns, console=terminal.console(stderr=True), transient=True) as bar:
        task = bar.add_task(_("uploading {name}", name=shown), total=size)

        def update(sent: int) -> None:
            if sent < size:
                bar.update(task, completed=sent)
            else:
                # The server stores the file before it answers, for seconds on a large one: a
                # bar resting at 100% would look hung, so it pulses and says what it waits for.
                bar.update(
                    task,
                    completed=sent,
                    total=None,
                    description=_("{name} sent, waiting for the server", name=shown),
                )

        yield update
