"""post's fast path against the typer path, as real processes against FakeAPI: for the same
command line, environment and streams, a user sees the same exit code, the same bytes on
stdout and stderr, the same requests at the server and the same journal.

The typer path is the same `greenstatus.__main__.main` (stream set-up, gc, os._exit) with the
fast path switched off, so the two differ only in who reads the line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import TOKEN, FakeAPI, env_for, leaks, rows

# main() as the console script runs it, with every line going through typer and click.
TYPER_PATH = (
    "import sys\n"
    "from greenstatus.app import fast_path\n"
    "fast_path.post_values = lambda args: None\n"
    "from greenstatus.__main__ import main\n"
    "main()\n"
)
# A line's words as bytes: a word that is not UTF-8 reaches Python as surrogates.
Word = str | bytes


def observed(
    command: list[Word], tmp_path: Path, *, shell: str = "", stdin: bytes = b"", **env: str
) -> dict[str, Any]:
    """What a user sees of one run: exit code, stdout and stderr bytes (the server's address
    and tmp_path masked), the requests the server received (method, path, body) and the
    journal's rows. shell redirects the streams (`>&-`)."""
    tmp_path.mkdir()
    with FakeAPI() as server:
        environment = env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(tmp_path / "s"))
        environment.update(env)
        argv = [os.fsencode(word) if isinstance(word, str) else word for word in command]
        if shell:
            argv = [b"sh", b"-c", b'"$0" "$@" ' + shell.encode(), *argv]
        done = subprocess.run(argv, env=environment, input=stdin, capture_output=True, timeout=60)
        seen = [(s.method, s.path, s.body) for s in server.seen]
        url = server.url.encode()
    here = os.fsencode(tmp_path)
    journal = rows(tmp_path / "s") if (tmp_path / "s" / "journal.sqlite3").exists() else []
    return {
        "code": done.returncode,
        "stdout": done.stdout.replace(url, b"URL").replace(here, b"TMP"),
        "stderr": done.stderr.replace(url, b"URL").replace(here, b"TMP"),
        "seen": seen,
        "journal": journal,
    }


def both(
    exe: str, line: list[Word], tmp_path: Path, **options: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    fast = observed([exe, *line], tmp_path / "fast", **options)
    typer = observed([sys.executable, "-c", TYPER_PATH, *line], tmp_path / "typer", **options)
    return fast, typer


NOT_UTF8 = b"caf\xe9 \xff"

LINES: list[tuple[list[Word], dict[str, Any]]] = [
    (["post", "hello"], {}),
    (["post", "hello", "--json", "-q"], {}),
    (["post", ""], {}),
    (["post", "--color=", "hello"], {}),
    (["post", "-p", "", "hello", "-n"], {}),
    (["post", NOT_UTF8], {}),
    (["post", "--color", NOT_UTF8, "hello", "--json"], {}),
    (["post", "-p", NOT_UTF8, "hello"], {}),
    (["post", "--color=--font", "hello"], {}),
    (["post", "--", "--json"], {}),
    (["post", "-"], {"stdin": b"from stdin\n"}),
    (["post", "--file", "-", "--json"], {"stdin": b"caf\xe9\n"}),
    (["post", "hello", "--to-file", "-", "-n"], {"stdin": b"79001234567\n# a comment\n"}),
    (["post", "--file", "-", "--to-file", "-"], {"stdin": b"x\n"}),
    (["post", "x" * 600, "--json"], {}),
    (["post", "x" * 20000, "--truncate", "-n"], {}),
    (["post", "hello", "--color", "#eeeeee", "--json"], {}),
    (["post", "hello", "--json"], {"GREENSTATUS_API_TOKEN_INSTANCE": ""}),
    (["post", "hello", "-p", "nosuch", "--json"], {}),
    (["post", "hello"], {"GREENSTATUS_CONFIG": "/nonexistent/config.toml"}),
    (["post", "hello", "--json"], {"GREENSTATUS_API_URL": "http://127.0.0.1:9"}),
    (["post", "hello", "--json"], {"shell": "| head -c0"}),
    (["post", "hello"], {"shell": ">&-"}),
    (["post", "hello", "--json"], {"shell": "> /dev/full"}),
    (["post", "", "--json"], {"shell": "2>&- > /dev/full"}),
    (["post", "hello", "-n"], {"GREENSTATUS_DEBUG": "1", "LANG": "C", "LC_ALL": "C"}),
]


@pytest.mark.parametrize(("line", "options"), LINES, ids=[repr(line)[:60] for line, _ in LINES])
def test_a_line_the_fast_path_reads_ends_as_on_the_typer_path(
    line: list[Word], options: dict[str, Any], exe: str, tmp_path: Path
) -> None:
    fast, typer = both(exe, line, tmp_path, **options)
    assert fast == typer
    assert not leaks(fast["stdout"].decode(errors="replace") + fast["stderr"].decode(), TOKEN)


@pytest.mark.parametrize("instruction", ["bash_source", "zsh_complete", "complete_bash"])
def test_clicks_completion_variable_is_answered_as_on_the_typer_path(
    instruction: str, exe: str, tmp_path: Path
) -> None:
    # typer answers any command line as a shell-completion request while
    # _GREENSTATUS_COMPLETE is set (an `export` copied from click's docs): nothing is posted.
    fast, typer = both(exe, ["post", "hello"], tmp_path, _GREENSTATUS_COMPLETE=instruction)
    assert fast == typer
    assert fast["seen"] == [] and fast["journal"] == []
