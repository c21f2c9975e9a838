"""outbox import and posts on several profiles, with the installed command against FakeAPI."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import run, state_env
from helpers.fakeapi import FakeAPI
from helpers.shells import bash_complete, fish_complete, zsh_complete


def count(state: Path) -> int:
    path = state / "journal.sqlite3"
    if not path.exists():
        return 0
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # killed before the schema was made
    finally:
        db.close()


def iso(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_kill_9_during_an_import_leaves_every_row_or_none(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("at,text\n" + "".join(f"{iso(86400)},row {n}\n" for n in range(1000)))
    timed_state = tmp_path / "timed"
    started = time.monotonic()
    done = run(exe, ["outbox", "import", str(plan)], state_env(fake_api.url, timed_state))
    took = time.monotonic() - started
    assert done.returncode == 0 and count(timed_state) == 1000
    seen = set()
    for n, fraction in enumerate((0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98)):
        state = tmp_path / f"state{n}"
        proc = subprocess.Popen(
            [exe, "outbox", "import", str(plan)],
            env=state_env(fake_api.url, state),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        time.sleep(took * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        stored = count(state)
        assert stored in (0, 1000), (fraction, stored)
        seen.add(stored)
        # What a kill left behind is a usable journal: the import completes, once.
        again = run(exe, ["outbox", "import", str(plan)], state_env(fake_api.url, state))
        assert again.returncode == 0, again.stderr
        assert count(state) == 1000
    assert 0 in seen  # at least one kill landed before the commit


def test_an_imported_plan_is_sent_by_flush_when_each_row_is_due(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    env = state_env(fake_api.url, state)
    plan = tmp_path / "plan.csv"
    soon, later = iso(6), iso(86400)  # room for a slow start on a loaded machine
    plan.write_text(f"at;text\n{soon};First\n{later};Second\n")
    imported = run(exe, ["outbox", "import", str(plan)], env)
    assert imported.returncode == 0, imported.stderr
    assert [line.split("\t")[1] for line in imported.stdout.splitlines()] == [soon, later]
    early = run(exe, ["outbox", "flush"], env)
    assert early.returncode == 0 and fake_api.queued == []
    time.sleep(max(0.0, datetime.fromisoformat(soon).timestamp() - time.time()) + 0.5)
    due = run(exe, ["outbox", "flush"], env)
    assert due.returncode == 0, due.stderr
    assert [body["message"] for body in fake_api.queued] == ["First"]
    waiting = run(exe, ["outbox", "list", "--json"], env)
    assert [(e["state"], e["not_before"]) for e in json.loads(waiting.stdout)] == [
        ("scheduled", later)
    ]


def test_a_post_on_three_profiles_reaches_three_instances(exe: str, tmp_path: Path) -> None:
    servers = [FakeAPI(id_instance=f"11020000{n}", token=f"{n}" * 50) for n in range(3)]
    for server in servers:
        server.__enter__()
    try:
        config = tmp_path / "config.toml"
        config.write_text(
            "".join(
                f'[profiles.p{n}]\nid_instance = "{s.id_instance}"\n'
                f'api_token_instance = "{s.token}"\napi_url = "{s.url}"\n'
                for n, s in enumerate(servers)
            )
        )
        config.chmod(0o600)
        env = state_env(servers[0].url, tmp_path / "state", GREENSTATUS_CONFIG=str(config))
        for name in ("GREENSTATUS_ID_INSTANCE", "GREENSTATUS_API_TOKEN_INSTANCE"):
            env.pop(name)
        env.pop("GREENSTATUS_API_URL")
        result = run(exe, ["post", "Open today", "--all-profiles"], env)
        assert result.returncode == 0, result.stderr
        assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["p0", "p1", "p2"]
        for server in servers:
            assert [b["message"] for b in server.queued] == ["Open today"]
        assert not any(s.token[:8] in result.stdout + result.stderr for s in servers)
    finally:
        for server in servers:
            server.__exit__(None, None, None)


@pytest.mark.parametrize(
    "line", ["greenstatus post -p shop --profile ", "greenstatus outbox import -p "]
)
def test_tab_offers_profile_names_after_a_second_p_and_for_import(
    shell_env: dict[str, str], tmp_path: Path, line: str
) -> None:
    assert set(bash_complete(line.split() + [""], shell_env)) == {"shop", "home"}
    assert zsh_complete(line, shell_env, tmp_path) == {"shop", "home"}
    assert fish_complete(line, shell_env) == {"shop", "home"}
