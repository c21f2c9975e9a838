"""For any command line of post's words: the fast path reads it as typer does, or not at all."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from greenstatus.app import fast_path
from greenstatus.cli import app
from greenstatus.commands import post_run

NAMES = [*fast_path.OPTIONS, "--timeout", "--retries", "--wait", "--wait-timeout", "-h", "-nq"]
WORDS = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(lambda name: name + "=v"),
    st.sampled_from(["--", "-", "", "-x", "5", "navy", "a,b", "--no-such", "SERIF", "09:00"]),
    st.text(max_size=6),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=st.lists(WORDS, max_size=7))
def test_the_fast_path_reads_a_line_as_typer_does_or_leaves_it(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    values = fast_path.post_values(args)
    handed: list[Any] = []
    with monkeypatch.context() as patch:
        patch.setattr(post_run, "run", lambda config, given: handed.append(dict(given)))
        result = CliRunner().invoke(app, ["post", *args])
    if values is not None:
        assert (result.exit_code, handed) == (0, [dict(values)])
    elif result.exit_code == 2:
        assert handed == []  # a usage error: click's words, never the fast path's
