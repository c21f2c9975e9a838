"""The HTTP transport, and the only importer of requests and urllib3: sessions and the watchdog."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests
import urllib3.exceptions
from requests.utils import guess_json_utf

from .. import __version__

# The library's names the other api modules need: they import them from here, never from
# requests or urllib3, so the transport can change in this one module.
Response = requests.Response
Session = requests.Session
RequestException = requests.RequestException
InvalidURL = requests.exceptions.InvalidURL
InvalidProxyURL = requests.exceptions.InvalidProxyURL
LibraryHTTPError = urllib3.exceptions.HTTPError
NameResolutionError = urllib3.exceptions.NameResolutionError
NewConnectionError = urllib3.exceptions.NewConnectionError
ConnectTimeout = requests.ConnectTimeout
READ_TIMEOUTS = (requests.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError)
__all__ = ["guess_json_utf"]

USER_AGENT = f"greenstatus/{__version__}"
# The whole-attempt watchdog fires this long after --timeout, so that requests' own connect
# timeout (which proves nothing was sent, and may be retried) wins whenever it applies.
DEADLINE_GRACE = 0.25


# Failures that happen before a connection exists: no byte of the request can have left.
_BEFORE_SENDING = (
    requests.ConnectTimeout,
    urllib3.exceptions.NewConnectionError,  # refused, unreachable; NameResolutionError too
    urllib3.exceptions.NameResolutionError,
    urllib3.exceptions.ConnectTimeoutError,
)


def _proxy_for(url: str) -> str | None:
    """The URL of the proxy requests uses for url, from the environment."""
    chosen = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
    return (chosen if "://" in chosen else f"http://{chosen}") if chosen else None


_PROXY_ERRORS = (requests.exceptions.ProxyError, urllib3.exceptions.ProxyError)


def _connecting(exc: BaseException) -> bool:
    """Whether exc broke into urllib3's making of a connection (name look-up and connect),
    where no byte of the request has been sent: decided by the frames it passed through."""
    frame = exc.__traceback__
    while frame is not None:
        code, module = frame.tb_frame.f_code, frame.tb_frame.f_globals.get("__name__")
        if code.co_name == "_new_conn" and module == "urllib3.connection":
            return True
        frame = frame.tb_next
    return False


class _Deadline(BaseException):
    """The whole attempt outlived its timeout (a trickling server resets requests' per-read one).

    A BaseException, so that no `except Exception` inside requests or urllib3 swallows it.
    """


@contextmanager
def _watchdog(seconds: float, *, started: bool = True) -> Iterator[Callable[[], None]]:
    """Raise _Deadline in this thread seconds after the watchdog starts (at once, or when the
    function it yields is first called), where signals allow it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield lambda: None
        return
    armed = [True]
    running = [False]

    def fire(_signum: int, _frame: object) -> None:
        if armed[0]:
            raise _Deadline

    def start() -> None:
        if not running[0]:
            running[0] = True
            signal.setitimer(signal.ITIMER_REAL, seconds)

    previous = signal.signal(signal.SIGALRM, fire)
    if started:
        start()
    try:
        yield start
        armed[0] = False
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if previous is not None:  # None: a handler set outside Python, left as it was
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def _session(given: requests.Session | None) -> Iterator[requests.Session]:
    if given is not None:
        yield given
        return
    with new_session() as session:
        yield session


class _Session(requests.Session):
    """A session that never reads a redirect's target: greenstatus follows none, and requests
    would parse it even with allow_redirects=False (an unparsable one raised ValueError)."""

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


class _LargeBlocks(requests.adapters.HTTPAdapter):
    """Connections that send a file body in blocks of `blocksize` bytes."""

    def __init__(self, blocksize: int) -> None:
        self._blocksize = blocksize
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, blocksize=self._blocksize, **kwargs)


def new_session(blocksize: int | None = None) -> requests.Session:
    """A session for many requests over one keep-alive connection per host; `blocksize`, in
    bytes, for one that sends large files (urllib3 reads and sends a body 16 KiB at a time,
    one round of Python per block: about 3,200 of them for 50 MiB)."""
    session = _Session()
    session.headers["User-Agent"] = USER_AGENT
    if blocksize is not None:
        for prefix in ("http://", "https://"):
            session.mount(prefix, _LargeBlocks(blocksize))
    return session
