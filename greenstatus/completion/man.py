"""Man pages in roff, one per command, from the same walk of the app as the completion scripts.

A developer's tool, never imported by the command itself: `python -m greenstatus.manpages man/`
rewrites the committed pages. The exit codes and the environment come from the README's tables,
so each is written once.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import ExitCode
from .model import PROG, Command, walk

if TYPE_CHECKING:
    import click

REGENERATE = "python -m greenstatus.manpages man/"
README = Path(__file__).resolve().parents[2] / "README.md"
FILES = (
    (
        "~/.config/greenstatus/config.toml",
        "The config file: profiles, credentials and posting defaults, `0600`. "
        "`$XDG_CONFIG_HOME` moves it, `GREENSTATUS_CONFIG` or `--config` replace it; "
        "`greenstatus config path` prints the one in use.",
    ),
    (
        "~/.local/state/greenstatus/journal.sqlite3",
        "The journal: what was sent, the outbox, scheduled posts. "
        "`$XDG_STATE_HOME` or `GREENSTATUS_STATE_DIR` moves its folder.",
    ),
    (
        "~/.local/state/greenstatus/files/",
        "Copies of local media kept for scheduled and pending posts.",
    ),
)
# Variables the colour and terminal rules read; the README's table must explain each.
REQUIRED_VARIABLES = ("NO_COLOR", "CLICOLOR", "GREENSTATUS_FORCE_TTY", "GREENSTATUS_DEBUG")


def escape(text: str) -> str:
    """Text lines for roff: backslashes and hyphens escaped (`\\-` is a hyphen-minus one can
    copy into a shell), anything outside ASCII as a named code point, whatever the renderer's
    input encoding; no line may start with a control character (`.` or `'`)."""
    return "\n".join(_guard(_chars(line)) for line in text.split("\n"))


def _chars(text: str) -> str:
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)


def _guard(line: str) -> str:
    return "\\&" + line if line.startswith((".", "'")) else line


def _inline(markdown: str) -> str:
    """One README table cell: `code` in bold, the rest as text."""
    parts = markdown.replace("\\|", "|").split("`")
    return _guard(
        "".join(
            f"\\fB{_chars(part)}\\fR" if index % 2 else _chars(part)
            for index, part in enumerate(parts)
        )
    )


def _table(heading: str, readme: str) -> list[list[str]]:
    """The rows of the first table after a heading line (or a header row) of the README."""
    lines = readme.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    if start is None:
        raise SystemExit(f"README.md has no {heading!r}; the man pages take a table from there")
    rows: list[list[str]] = []
    for line in lines[start:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    return rows[2:]  # past the header and its |---| line


def exit_codes(readme: str) -> list[list[str]]:
    rows = _table("## Exit codes", readme)
    missing = {int(code) for code in ExitCode} - {int(row[0]) for row in rows}
    if missing:
        raise SystemExit(f"README.md's exit-code table lacks {sorted(missing)} (errors.ExitCode)")
    return rows


def environment(readme: str) -> list[list[str]]:
    rows = _table("| variable | meaning |", readme)
    named = " ".join(row[0] for row in rows)
    missing = [v for v in REQUIRED_VARIABLES if v not in named]
    if missing:
        raise SystemExit(f"README.md's variable table lacks {missing}")
    return rows


def page_name(command: Command) -> str:
    return "-".join([PROG, *command.path.split()])


def _label(label: str) -> str:
    """`-F, --file PATH` as a man page sets it: options in bold, values in italics."""
    pieces = []
    for token in re.split(r"(, | / | )", label):
        if token.startswith("-"):
            pieces.append(f"\\fB{_chars(token)}\\fR")
        elif token.strip(" ,/"):
            pieces.append(f"\\fI{_chars(token)}\\fR")
        else:
            pieces.append(_chars(token))
    return "".join(pieces)


def _usage(usage: str) -> str:
    """`[OPTIONS] ID|last`: the placeholders in italics, brackets and literals as they are."""
    parts = re.split(r"([A-Z][A-Z_]+)", usage)
    return "".join(
        f"\\fI{_chars(part)}\\fR" if index % 2 else _chars(part) for index, part in enumerate(parts)
    )


def _prose(text: str) -> list[str]:
    """A help text as roff: filled paragraphs, and click's verbatim (\\b) ones as examples."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b\n"):
            lines += [".PP", ".RS 4", ".EX"]
            lines += escape(textwrap.dedent(paragraph[2:]).strip("\n")).split("\n")
            lines += [".EE", ".RE"]
        elif paragraph.strip():
            lines += [".PP", escape(" ".join(paragraph.split()))]
    return lines


def _split_examples(text: str) -> tuple[str, str]:
    """The description, and what follows its "Example(s)" heading."""
    match = re.search(r"(?:^|\n\n)Examples?\n\n", text)
    if match is None:
        return text, ""
    return text[: match.start()], text[match.end() :]


def _tagged(tag: str, body: str) -> list[str]:
    return [".TP", tag, body]


def render(command: Command, commands: list[Command], readme: str) -> str:
    name = page_name(command)
    description, examples = _split_examples(command.text)
    lines = [
        f'.\\" Generated by `{REGENERATE}` from the app; do not edit (regenerate instead).',
        f'.TH "{_chars(name.upper())}" "1" "" "{PROG} {_chars(__version__)}" "User Commands"',
        # Left-aligned and never hyphenated: option names and ids must be copied whole.
        ".ad l",
        ".nh",
        ".SH NAME",
        f"{escape(name)} \\- {_chars(command.help)}",
        ".SH SYNOPSIS",
        f".B {_chars(' '.join([PROG, *command.path.split()]))}",
        _usage(command.usage),
        ".SH DESCRIPTION",
        *_prose(description),
    ]
    children = [c for c in commands if c.path.rpartition(" ")[0] == command.path and c.path]
    if children:
        lines.append(".SH COMMANDS")
        for child in children:
            short = child.path.rpartition(" ")[2]
            lines += _tagged(
                f".B {_chars(short)}",
                f"{escape(child.help)}; see \\fB{_chars(page_name(child))}\\fR(1).",
            )
    lines.append(".SH OPTIONS")
    if command.path:
        lines += [
            ".PP",
            f"The global \\fB\\-\\-config\\fR \\fIPATH\\fR goes before the command; "
            f"see \\fB{PROG}\\fR(1).",
        ]
    for option in command.options:
        lines += _tagged(_label(option.label), escape(" ".join(option.text.split())))
    lines.append(".SH EXIT STATUS")
    for code, meaning, causes in exit_codes(readme):
        lines += _tagged(f".B {_chars(code)}", f"{_inline(meaning)}: {_inline(causes)}.")
    lines.append(".SH ENVIRONMENT")
    for variable, meaning in environment(readme):
        lines += _tagged(_inline(variable), _inline(meaning) + ".")
    lines.append(".SH FILES")
    for path, meaning in FILES:
        lines += _tagged(f".I {_chars(path)}", _inline(meaning))
    if examples:
        lines += [".SH EXAMPLES", *_prose("\n\n".join(_verbatim(examples)))]
    if see_also := _see_also(command, commands):
        lines += [".SH SEE ALSO", see_also]
    return "\n".join(lines) + "\n"


def _verbatim(examples: str) -> list[str]:
    """Every paragraph after an "Examples" heading is an example, marked or not."""
    return [p if p.startswith("\b\n") else "\b\n" + p for p in examples.split("\n\n") if p.strip()]


def _see_also(command: Command, commands: list[Command]) -> str:
    if not command.path:
        related = [c for c in commands if c.path]
    else:
        parent = command.path.rpartition(" ")[0]
        related = [c for c in commands if c.path in ("", parent) and c is not command]
        related += [c for c in commands if c.path.rpartition(" ")[0] == command.path]
    return ",\n".join(f"\\fB{_chars(page_name(c))}\\fR(1)" for c in related)


def pages(root: click.Command | None = None, readme: str | None = None) -> dict[str, str]:
    """Every page by file name, rendered from the app (or the click command given)."""
    if root is None:
        import typer.main

        from ..app.framework import prepare_tree
        from ..cli import app

        root = typer.main.get_command(app)
        prepare_tree(root)  # the help texts `-h` shows: no Rich tags, examples verbatim
    if readme is None and not README.exists():
        raise SystemExit(f"{README} not found: run this from a checkout of greenstatus")
    text = README.read_text(encoding="utf-8") if readme is None else readme
    commands = walk(root)
    return {f"{page_name(c)}.1": render(c, commands, text) for c in commands}


def write(folder: Path) -> None:
    """Write every page into folder, removing pages of commands that no longer exist."""
    folder.mkdir(parents=True, exist_ok=True)
    generated = pages()
    for stale in folder.glob(f"{PROG}*.1"):
        if stale.name not in generated:
            stale.unlink()
    for name, text in generated.items():
        (folder / name).write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write(f"usage: {REGENERATE.replace('man/', 'FOLDER')}\n")
        return 2
    write(Path(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
