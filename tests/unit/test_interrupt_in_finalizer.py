"""A Ctrl-C that lands in a finalizer as the send's request ends (urllib3 closes a pool's
connections from one) must neither print Python's "Exception ignored" traceback nor be lost."""

from __future__ import annotations

import signal
import weakref
from typing import Any

import pytest

from greenstatus.api import send
from greenstatus.api.instance import Instance


def _raise_interrupt() -> None:
    raise KeyboardInterrupt


def _answer_after_a_finalizer_is_interrupted(*_: Any, **__: Any) -> dict[str, Any]:
    class Pool:
        pass

    pool = Pool()
    weakref.finalize(pool, _raise_interrupt)
    del pool  # the finalizer runs here and raises, as a SIGINT in it would
    return {"idMessage": "BAE5F4886F6F0001"}


def test_a_ctrl_c_swallowed_by_a_finalizer_is_held_not_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(send, "call", _answer_after_a_finalizer_is_interrupted)
    monkeypatch.setattr(send, "_held", [])
    previous = signal.getsignal(signal.SIGINT)
    try:
        answer = send.send_status(Instance.__new__(Instance), "sendTextStatus", {"message": "x"})
        assert answer == {"idMessage": "BAE5F4886F6F0001"}
        assert send._held == [signal.SIGINT]
    finally:
        signal.signal(signal.SIGINT, previous)
    captured = capsys.readouterr()
    assert "Exception ignored" not in captured.err
    assert "Traceback" not in captured.err


def test_other_errors_in_finalizers_still_reach_pythons_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[type[BaseException] | None] = []
    monkeypatch.setattr("sys.unraisablehook", lambda u: seen.append(u.exc_type))

    def answer(*_: Any, **__: Any) -> dict[str, Any]:
        class Pool:
            pass

        pool = Pool()
        weakref.finalize(pool, lambda: 1 / 0)
        del pool
        return {"idMessage": "BAE5F4886F6F0002"}

    monkeypatch.setattr(send, "call", answer)
    previous = signal.getsignal(signal.SIGINT)
    try:
        send.send_status(Instance.__new__(Instance), "sendTextStatus", {"message": "x"})
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [ZeroDivisionError]
