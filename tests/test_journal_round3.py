"""Round 3 of the journal and the outbox: final answers, `failed` entries, `last` by the time
GREEN-API queued it, modes enforced, and the messages a person reads on a terminal."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import SEND_URL
from typer.testing import CliRunner

from greenstatus import client, output
from greenstatus import journal as jn
from greenstatus.cli import app


@pytest.fixture(autouse=True)
def ctrl_c_restored() -> Iterator[None]:
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)
    client._held.clear()


def seed(state: str = "pending", message: str = "due", **extra: Any) -> jn.Entry:
    body = {"message": message, "backgroundColor": "#228B22"}
    with jn.open_journal() as opened:
        added = opened.add(
            jn.Draft(
                profile="default",
                id_instance="1101000001",
                kind=extra.pop("kind", "text"),
                body=body,
                fingerprint=jn.fingerprint("text", body),
                state=state,
                not_before=extra.pop("not_before", jn.utcnow() - jn.timedelta(seconds=5)),
                **extra,
            )
        )
    assert added.entry is not None
    return added.entry


def states() -> list[tuple[int, str]]:
    with jn.open_journal() as opened:
        return [(e.id, e.state) for e in reversed(opened.history("1101000001", 100))]


def ctrl_c_during(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A real SIGINT to this process while output.<name> runs."""
    original = getattr(output, name)

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return original(*args, **kwargs)

    monkeypatch.setattr(output, name, interrupted)


# --- 1. an answer that arrived is final ----------------------------------------------------------


def test_ctrl_c_while_a_queued_post_is_shown_is_exit_0(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.post(SEND_URL, json={"idMessage": "BAE5HELD"})
    ctrl_c_during(monkeypatch, "queued")
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "BAE5HELD\n"
    assert states() == [(1, "queued")]


def test_ctrl_c_after_a_flushed_answer_keeps_it_queued_and_sends_no_more(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(message="one")
    seed(message="two")
    api.post(SEND_URL, json={"idMessage": "BAE5ONE"})
    ctrl_c_during(monkeypatch, "flushed")
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 130
    assert result.stdout == "1\tBAE5ONE\n"
    assert "after queuing outbox 1; nothing else was sent" in result.stderr
    assert states() == [(1, "queued"), (2, "pending")]
    assert len(api.calls) == 1


def test_ctrl_c_before_the_request_drops_the_post_even_with_the_outbox(
    runner: CliRunner, creds_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(client, "_wait_for_turn", interrupted)
    result = runner.invoke(app, ["post", "hi", "--outbox"])
    assert result.exit_code == 130
    assert "nothing was sent" in result.stderr and "outbox" not in result.stderr
    assert states() == [(1, "dropped")]
