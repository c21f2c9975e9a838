"""The shape every usage error keeps, whether CliRunner or the installed command shows it."""

from __future__ import annotations


def check_one_line(stderr: str, expected: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("greenstatus: error: "), stderr
    assert expected in lines[0]
    assert lines[0].lower().count("did you mean") <= 1
    for box in "╭│╰─":
        assert box not in stderr
    assert "Usage:" not in stderr and "Try '" not in stderr
