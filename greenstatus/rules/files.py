"""When a file's status vouches for its bytes: the stamp that lets an upload skip a second hash.

Pure: the caller reads the clock and the file's status (os.stat_result); nothing here does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from ..i18n import _

if TYPE_CHECKING:
    from os import stat_result

# A write within one tick of the file system's clock (a jiffy on Linux, 2 s on FAT) can leave
# mtime and ctime as they were. Git calls this the racy-clean case: a file changed this shortly
# before it was examined is not vouched for by its stamp, and is hashed again as it is sent.
SETTLE_SECONDS = 2.0

# (device, inode, size, mtime ns, ctime ns): a write in place moves mtime and ctime (a process
# can set mtime back, never ctime), a file renamed over the path is another inode.
FileStamp = tuple[int, int, int, int, int]


def file_stamp(info: stat_result) -> FileStamp:
    """The stamp of a file's status: equal stamps on one open file mean the same bytes, once
    the first was settled."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def unreadable(path: str, exc: OSError) -> UsageError:
    """The error for a post's file that cannot be opened or read, when checked and when
    uploaded: nothing was posted, and the system says why."""
    return UsageError(
        _(
            "cannot read {path}: {reason}; nothing was posted",
            path=path,
            reason=exc.strerror or exc,
        )
    )


def settled(info: stat_result, now: float) -> bool:
    """Whether the file's last change (mtime or ctime) lies SETTLE_SECONDS or more before `now`
    (seconds since the epoch, read before `info`); a change in the future (a skewed clock of a
    network file system) is not settled either."""
    changed = max(info.st_mtime_ns, info.st_ctime_ns) / 1e9
    return changed <= now - SETTLE_SECONDS
