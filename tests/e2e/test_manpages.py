"""Issue 21, man pages: generated from the app, committed under man/, installed by the wheel
into share/man/man1, and rendered by man-db without a warning."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import click
import pytest
from helpers import build_wheel, modules_after
from helpers.shells import need

from greenstatus.completion import man as manpages
from greenstatus.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
MAN = ROOT / "man"
README = (ROOT / "README.md").read_text(encoding="utf-8")
GROUPS = {"greenstatus.1", "greenstatus-config.1", "greenstatus-outbox.1"}
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES"]


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return manpages.pages()


def render(page: Path) -> subprocess.CompletedProcess[str]:
    """The page as `man` shows it, every groff warning on (`-ww`)."""
    return subprocess.run(
        [need("man"), "--warnings=w", "-l", str(page)],
        env={**os.environ, "MANWIDTH": "80", "MAN_KEEP_FORMATTING": "", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_committed_pages_match_the_app(generated: dict[str, str]) -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in MAN.glob("*.1")}
    stale = sorted(
        name
        for name in generated.keys() | committed.keys()
        if generated.get(name) != committed.get(name)
    )
    assert not stale, f"man/ is stale ({', '.join(stale)}); regenerate with: {manpages.REGENERATE}"


def test_one_page_per_command_and_subcommand(generated: dict[str, str]) -> None:
    for name in ("greenstatus.1", "greenstatus-post.1", "greenstatus-config-set.1"):
        assert name in generated
    assert "greenstatus-outbox-flush.1" in generated
    for name, text in generated.items():
        headings = re.findall(r"^\.SH (.+)$", text, re.M)
        assert [h for h in headings if h not in ("COMMANDS", "EXAMPLES")][:-1] == SECTIONS, name
        assert ("COMMANDS" in headings) is (name in GROUPS), name
        assert headings[-1] == "SEE ALSO", name
        assert "\\fBgreenstatus\\fR(1)" in text or name == "greenstatus.1"


def test_post_lists_every_option_with_its_value_and_default(generated: dict[str, str]) -> None:
    post = generated["greenstatus-post.1"]
    assert "\\fB\\-n\\fR, \\fB\\-\\-dry\\-run\\fR\n" in post
    assert "\\fB\\-\\-media\\fR \\fIPATH|URL\\fR\n" in post
    assert "\\fB\\-\\-outbox\\fR / \\fB\\-\\-no\\-outbox\\fR\n" in post
    assert "[default: 3; 0<=x<=10]" in post  # click's default, as `-h` shows it
    assert ".B greenstatus post\n[\\fIOPTIONS\\fR] [\\fITEXT\\fR]\n" in post
    # The examples stay examples: verbatim, one shell line each.
    assert ".EX\nuptime | greenstatus post \\-\\-truncate \\-\\-quiet\n.EE" in post


def test_no_date_so_regenerating_is_reproducible(generated: dict[str, str]) -> None:
    from greenstatus import __version__

    th = generated["greenstatus.1"].splitlines()[1]
    assert th == f'.TH "GREENSTATUS" "1" "" "greenstatus {__version__}" "User Commands"'
    assert manpages.pages() == generated


def test_exit_status_and_environment_come_from_the_readme(generated: dict[str, str]) -> None:
    post = generated["greenstatus-post.1"]
    for code in [*map(int, ExitCode), 141]:
        assert f".TP\n.B {code}\n" in post
    for variable in ("NO_COLOR", "CLICOLOR=0", "GREENSTATUS_FORCE_TTY=1", "GREENSTATUS_CONFIG"):
        assert f".TP\n\\fB{variable}\\fR\n" in post
    # One source: a change to the README's table is a change to every page.
    changed = README.replace("| 74 | local storage |", "| 74 | local disk |")
    assert "local disk" in manpages.pages(readme=changed)["greenstatus-post.1"]
    without = re.sub(r"^\| 74 \|.*\n", "", README, flags=re.M)
    with pytest.raises(SystemExit, match=r"lacks \[74\]"):
        manpages.pages(readme=without)


HOSTILE = """Lines that roff would take for requests.

.TH looks like a request, 'so does this' and \\fB is no font.

Examples

\b
  .start --at-first -x
  'quoted' C:\\path\\to -- “quotes” … done"""


def test_hostile_help_text_is_printed_as_written(tmp_path: Path) -> None:
    @click.command(help=HOSTILE)
    @click.option("--dry-run", "-n", is_flag=True, help=".dot first, \\backslash, naïve.")
    def tool(dry_run: bool) -> None: ...

    page = tmp_path / "tool.1"
    page.write_text(manpages.pages(root=tool, readme=README)["greenstatus.1"], encoding="utf-8")
    shown = render(page)
    assert shown.returncode == 0 and shown.stderr == ""
    text = shown.stdout
    assert ".TH looks like a request, 'so does this' and \\fB is no font." in " ".join(text.split())
    assert "  .start --at-first -x\n" in text
    assert "  'quoted' C:\\path\\to -- “quotes” … done\n" in text
    assert ".dot first, \\backslash, naïve." in text
    assert "-n, --dry-run" in text


def test_the_wheel_installs_every_page_and_man_renders_it_cleanly(tmp_path: Path) -> None:
    started = time.monotonic()
    need("man")
    wheel = build_wheel(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    installed = venv / "share" / "man" / "man1"
    committed = sorted(p.name for p in MAN.glob("*.1"))
    assert sorted(p.name for p in installed.glob("*.1")) == committed
    for name in committed:
        page = installed / name
        assert page.read_text(encoding="utf-8") == (MAN / name).read_text(encoding="utf-8")
        shown = render(page)
        assert shown.returncode == 0, shown.stderr
        assert shown.stderr == "", f"{name}: {shown.stderr}"
        lines = shown.stdout.splitlines()
        assert lines[0].startswith(name[:-2].upper() + "(1)")
        # Filled text fits; a verbatim example line is as long as it is.
        prose = lines[: lines.index("EXAMPLES")] if "EXAMPLES" in lines else lines
        assert max(len(line) for line in prose) <= 80, name
    assert time.monotonic() - started < 30  # no need for a slow mark


@pytest.mark.parametrize("args", [["--version"], ["fonts"], ["post", "hi", "--dry-run"]])
def test_the_command_never_loads_the_man_page_writer(args: list[str], tmp_path: Path) -> None:
    names = ("greenstatus.manpages", "greenstatus.completion")
    assert modules_after(args, tmp_path, names) == set()


def test_the_sdist_carries_the_pages(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (sdist,) = tmp_path.glob("greenstatus-*.tar.gz")
    with tarfile.open(sdist) as archive:
        shipped = sorted(Path(n).name for n in archive.getnames() if "/man/" in n)
    assert shipped == sorted(p.name for p in MAN.glob("*.1"))
