"""The README, pasted as a new user pastes it: its tour, its crontab lines, its shell set-up."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from pathlib import Path

import pytest
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI
from helpers.shells import need

README = Path(__file__).resolve().parents[2] / "README.md"
TOUR_MARK = "<!-- tests/e2e/test_readme.py runs the next block as written"


def blocks(language: str) -> list[str]:
    """Every fenced code block of that language, as written."""
    fence = re.compile(rf"^ *```{language}\n(.*?)^ *```$", re.S | re.M)
    return [m.group(1) for m in fence.finditer(README.read_text(encoding="utf-8"))]


def tour() -> str:
    text = README.read_text(encoding="utf-8")
    after = text[text.index(TOUR_MARK) :]
    match = re.search(r"```sh\n(.*?)```", after, re.S)
    assert match is not None
    return match.group(1)


def fresh_user(tmp_path: Path, exe: str) -> dict[str, str]:
    """A new account: the command on PATH, a fresh HOME, XDG folders in tmp, no GREENSTATUS_."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GREENSTATUS_", "XDG_"))}
    home = tmp_path / "home"
    home.mkdir()
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        TMPDIR=str(tmp_path),
        PATH=f"{Path(exe).parent}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
    )
    return env


def test_the_offline_tour_runs_as_written(exe: str, tmp_path: Path) -> None:
    script = tour()
    result = subprocess.run(
        ["bash", "-e", "-c", script],
        env=fresh_user(tmp_path, exe),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    notes = result.stderr.splitlines()
    assert len(notes) == 3, result.stderr
    assert re.fullmatch(r"greenstatus: [0-9A-F]{16} is (sent|delivered|read) after \d+ s", notes[0])
    assert re.fullmatch(
        r"greenstatus: sync: 0 entries changed state; delivery updates: \d+", notes[1]
    )
    assert re.fullmatch(r"dropped outbox \d+", notes[2])
    out = result.stdout.splitlines()
    # contacts: the sandbox's small list, piped: who sees statuses, and who does not.
    assert "79001234567\tAnna (flowers)\tAnna\tyes" in out
    assert "79001234569\t\tVera\tno" in out
    assert "120363043968066561\t\tShop team\tno" in out
    posted = next(line for line in out if re.fullmatch(r"[0-9A-F]{16}", line))
    assert notes[0].startswith(f"greenstatus: {posted} is ")
    listed = [line for line in out if line.startswith(posted + "\t")]
    assert listed and re.search(
        r"\ttext\t(sent|delivered|read)\tHello from the sandbox$", listed[0]
    )
    assert "79001234567\tread\t" in result.stdout
    # The post by names went to the two saved contacts; report saw both statuses.
    # (delivered and viewed depend on the seconds between the post and the report)
    staff = [line for line in out if re.search(r"\ttext\t2\t[0-2]\t[0-2]\tStaff only$", line)]
    assert staff, out
    assert any(
        line.startswith(posted + "\t") and line.endswith("Hello from the sandbox") for line in out
    )
    # delete last deleted the post by names; the plan's two rows were scheduled.
    assert any("\tdeleted\t" in line and line.endswith("Staff only") for line in out)
    assert any("\tdropped\t" in line and line.endswith("Doors open at 9") for line in out)
    assert sum("\tscheduled\t-\ttext\t" in line for line in out) == 2
    assert any("\tqueued\t" + posted in line for line in out)
    # Nothing is left behind: the folder is removed, the journal of the account untouched.
    assert [p.name for p in tmp_path.iterdir()] == ["home"]


def cron_lines() -> list[tuple[str, str]]:
    """(block, command) for every crontab entry in the README."""
    found = []
    for block in blocks("cron"):
        for line in block.splitlines():
            if line.strip() and not line.lstrip().startswith("#") and "=" not in line.split()[0]:
                found.append((block, " ".join(line.split()[5:])))
    return found


def test_every_crontab_line_names_the_command_by_a_full_path_or_sets_path() -> None:
    lines = cron_lines()
    assert len(lines) >= 3
    for block, command in lines:
        if re.search(r"^PATH=", block, re.M):
            continue
        assert command.startswith(("/", "$HOME/")), command
        # And the block says which install it is for.
        assert re.search(r"#.*(venv|virtual environment|pipx)", block), block


def test_crontab_lines_run_in_crons_environment(exe: str, tmp_path: Path) -> None:
    """cron's environment: PATH=/usr/bin:/bin, HOME, no terminal, /dev/null as stdin."""
    home = tmp_path / "you"
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "greenstatus").symlink_to(exe)
    venv_bin = home / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "greenstatus").symlink_to(exe)
    with FakeAPI() as api:
        config = home / ".config" / "greenstatus"
        config.mkdir(parents=True, mode=0o700)
        (config / "config.toml").write_text(
            f'[profiles.default]\nid_instance = "{ID_INSTANCE}"\n'
            f'api_token_instance = "{TOKEN}"\napi_url = "{api.url}"\n'
        )
        (config / "config.toml").chmod(0o600)
        for _block, command in cron_lines():
            command = command.replace("/home/you/", f"{home}/")
            result = subprocess.run(
                ["/bin/sh", "-c", command],
                env={"HOME": str(home), "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh"},
                capture_output=True,
                text=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
            )
            assert "not found" not in result.stderr, command
            assert result.returncode == 0, (command, result.stderr)
    assert [s.json()["message"] for s in api.seen] == ["Good morning! We open at 9."]


def test_no_example_names_a_date_that_will_pass(exe: str) -> None:
    dated = re.compile(r"--at[ =]?[\"']?\d{4}-\d{2}-\d{2}")
    assert dated.findall(README.read_text(encoding="utf-8")) == []
    helped = subprocess.run([exe, "post", "--help"], capture_output=True, text=True, timeout=60)
    assert dated.findall(helped.stdout) == []


def test_every_config_use_follows_a_step_that_creates_that_profile() -> None:
    for block in blocks("sh"):
        created = {"default"}
        for line in block.splitlines():
            command = line.split("#", 1)[0]
            if m := re.search(r"config init .*(?:-p|--profile) (\w+)", command):
                created.add(m.group(1))
            if m := re.search(r"config use (\w+)", command):
                assert m.group(1) in created, line


def test_the_zsh_lines_give_completion_on_a_fresh_account(exe: str, tmp_path: Path) -> None:
    zsh = need("zsh")
    section = README.read_text(encoding="utf-8").split("## Shell completion", 1)[1]
    zshrc = [b for b in blocks("zsh") if "compinit" in b and b in section]
    assert zshrc, "the README gives no ~/.zshrc lines with compinit"
    env = fresh_user(tmp_path, exe)
    env["ZDOTDIR"] = env["HOME"]
    setup = [b for b in blocks("sh") if "completion zsh >" in b and b in section]
    subprocess.run(["bash", "-e", "-c", setup[0]], env=env, check=True, timeout=60)
    Path(env["HOME"], ".zshrc").write_text(zshrc[0])
    result = subprocess.run(
        [zsh, "-i", "-c", "print -r -- ${_comps[greenstatus]}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.stdout.strip() == "_greenstatus", result.stderr


def test_the_sandbox_port_is_closed_after_the_tour_kills_it(exe: str, tmp_path: Path) -> None:
    env = fresh_user(tmp_path, exe)
    script = tour().replace('kill "$sandbox"', 'echo "$GREENSTATUS_API_URL"; kill "$sandbox"')
    result = subprocess.run(
        ["bash", "-e", "-c", script + "wait\n"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    url = [line for line in result.stdout.splitlines() if line.startswith("http://")][0]
    with (
        pytest.raises(OSError),
        socket.create_connection(("127.0.0.1", int(url.rpartition(":")[2])), timeout=2),
    ):
        pass


def test_every_performance_figure_has_its_command_above_it() -> None:
    text = README.read_text(encoding="utf-8")
    assert "faster than a bare" not in text.split("##", 1)[0]
    section = text.split("## Performance", 1)[1].split("\n## ", 1)[0]
    command = None
    for chunk in re.split(r"(```sh\n.*?```)", section, flags=re.S):
        if chunk.startswith("```sh"):
            command = chunk
            continue
        figures = re.findall(r"\d+(?:\.\d+)? ?(?:ms|MiB|×|sends/s)", chunk)
        if figures:
            assert command is not None and "benchmarks/" in command, figures[:3]


def test_the_post_option_table_lists_every_option_of_post_help(exe: str) -> None:
    """A reader scans the table for an option: every one `post --help` has is there, and no more."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## Posting", 1)[1].split("| option | meaning |", 1)[1].split("\n\n", 1)[0]
    in_readme = set(re.findall(r"^\| `([^`]*)`", table, re.M))
    env = {**os.environ, "COLUMNS": "200"}
    helped = subprocess.run(
        [exe, "post", "--help"], capture_output=True, text=True, timeout=60, env=env
    ).stdout
    options = helped.split("Options:", 1)[1]
    in_help = set()
    for line in options.splitlines():
        m = re.match(r"  (-\w, --[\w-]+|--[\w-]+(?: / --[\w-]+)?)(?: (\[?[A-Z|]+\]?))?  ", line)
        if m and m.group(1) != "-h, --help":
            in_help.add(m.group(1) + (f" {m.group(2)}" if m.group(2) else ""))
    assert len(in_help) > 15
    in_readme_here = {o.replace("\\|", "|") for o in in_readme if o != "--config PATH"}
    assert in_readme_here == in_help


def test_scheduled_examples_in_one_block_are_not_duplicates_of_each_other() -> None:
    """Pasted as a block, two posts with the same text would meet the duplicate guard."""
    for block in blocks("sh"):
        texts = re.findall(r"^greenstatus post \"([^\"]+)\"", block, re.M)
        assert len(texts) == len(set(texts)), texts


def test_bash_set_up_says_what_to_do_when_bash_completion_is_not_loaded() -> None:
    section = README.read_text(encoding="utf-8").split("## Shell completion", 1)[1]
    assert "type _completion_loader" in section
    assert ". ~/.local/share/bash-completion/completions/greenstatus" in section


def test_the_tour_ends_when_the_sandbox_cannot_start(exe: str, tmp_path: Path) -> None:
    """A sandbox that exits at once (no greenstatus on PATH yet, a port it cannot take) must
    not leave the tour waiting for ever for lines that never come."""
    env = fresh_user(tmp_path, exe)
    env["PATH"] = "/usr/bin:/bin"  # the venv not activated yet
    result = subprocess.run(
        ["bash", "-e", "-c", tour()],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "greenstatus: command not found" in result.stderr


def test_the_layout_section_names_every_module_of_the_package() -> None:
    """A newcomer reads the architecture from the Layout table: a module it does not name is a
    job nobody can find. Named as `stem`, stem.py, or inside {a,b,...}.py."""
    layout = README.read_text(encoding="utf-8").split("## Layout", 1)[1]
    named = set(re.findall(r"`(\w+)`", layout)) | set(re.findall(r"(\w+)\.py", layout))
    for group in re.findall(r"\{([\w,]+)\}\.py", layout):
        named |= set(group.split(","))
    package = Path(__file__).resolve().parents[2] / "greenstatus"
    unnamed = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.stem != "__init__" and p.stem not in named
    )
    assert unnamed == []
