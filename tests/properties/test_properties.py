"""Property-based fuzzing of the whole command line (issue 9).

For every generated run, whatever the argv, stdin bytes, config file and server answers:
- no 8-character piece of the token, plain or percent-encoded, in stdout, stderr or any file
  written other than the config file;
- the exit code is one of the contract's, and never 1;
- a request reaches the server again only after an answer that proves nothing was queued
  (a failure before sending, 429, 503, "starting", or a 502 to a GET), and never at a
  redirect's target.

Example counts are fixed and the search is derandomized, so CI runs the same cases each time:
IN_PROCESS_EXAMPLES through CliRunner with `responses`, SUBPROCESS_EXAMPLES through the
installed command against tests/helpers/fakeapi.py (README "Development" quotes both numbers).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
import urllib3.exceptions
from helpers import leaks as leaked
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from greenstatus import output
from greenstatus.api import retry
from greenstatus.cli import app

IN_PROCESS_EXAMPLES = 400
SUBPROCESS_EXAMPLES = 15
CONTRACT_CODES = {0, 2, 8, 65, 69, 74, 75, 77, 78, 130, 141}
API_URL = "https://7105.api.greenapi.com"
# Filler the server may add: none of these characters occurs in the (hex) token, so any
# 8 token characters in a row in the output came from the token itself.
FILLER = st.text(
    alphabet="ghijklmnopqrstuvwxyz GHIJKLMNOPQRSTUVWXYZ<>/:.=_-\n\t\x1b[]", max_size=40
)
# A long run before the echoed URL puts the token where a shortened message used to be cut.
PREFIX = st.builds(
    lambda n, tail: tail + "g" * n,
    st.sampled_from([0, 100, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 300]),
    FILLER,
)

COMMON = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# --- what the server may answer ------------------------------------------------------------------

SAFE_TO_REPEAT = {"before-sending", "429", "502", "503", "starting"}


def _kind_of(status: int, body: str) -> str:
    if status in (429, 502, 503):
        return str(status)
    if status == 400 and "starting process" in body.lower():
        return "starting"
    return f"{status}"


@st.composite
def answers(draw: st.DrawFn) -> tuple[str, Any]:
    """One server answer: (kind, what responses should return for it)."""
    choice = draw(
        st.sampled_from(
            ["ok", "ok-odd", "status", "echo", "redirect", "retry-after", "refused", "dropped"]
        )
    )
    if choice == "ok":
        ident = draw(st.text(max_size=40) | st.just("BAE5F4886F6F0001"))
        return "200", (200, {}, _json({"idMessage": ident}))
    if choice == "ok-odd":
        body = draw(
            st.sampled_from(
                [
                    "null",
                    "[]",
                    '{"code": 401}',
                    '{"idMessage": ""}',
                    "not json",
                    '{"idMessage": 5}',
                    "{" * 3000,
                    _json({"echo": TOKEN}),
                ]
            )
        )
        return "200", (200, {}, body)
    if choice == "status":
        status = draw(st.sampled_from([400, 401, 403, 404, 429, 466, 499, 500, 502, 503, 504]))
        body = draw(
            st.sampled_from(["", "Instance starting process", "not authorized", "Forbidden"])
            | FILLER
        )
        return _kind_of(status, body), (status, {}, body)
    if choice == "echo":
        status = draw(st.sampled_from([200, 400, 403, 500, 502, 504]))
        prefix = draw(PREFIX)
        wrap = draw(st.sampled_from(["{}", '{{"message": "{}"}}', "{}%s", "<a href='{}'>"]))
        return _kind_of(status, prefix), (status, {}, (prefix + wrap).replace("%s", "x"))
    if choice == "redirect":
        status = draw(st.sampled_from([301, 302, 303, 307, 308]))
        location = draw(
            st.sampled_from(
                [
                    "http://elsewhere.invalid/waInstance1/sendTextStatus/{}",
                    "/relative/{}",
                    "https://{}.evil.example/",
                    "http://[bad",
                    "",
                ]
            )
        )
        return "redirect", (status, {"Location": location}, "")
    if choice == "retry-after":
        header = draw(
            st.sampled_from(["soon", "nan", "inf", "-1", "0", "1e400", "Mon, 99 Foo", "2"])
        )
        return "429", (429, {"Retry-After": header}, "Too Many Requests")
    if choice == "refused":
        reason = draw(
            st.sampled_from(
                [
                    urllib3.exceptions.NewConnectionError(None, "refused"),  # type: ignore[arg-type]
                    urllib3.exceptions.NameResolutionError("h", None, OSError("dns")),  # type: ignore[arg-type]
                ]
            )
        )
        return "before-sending", reason
    dropped = draw(
        st.sampled_from(
            [
                urllib3.exceptions.ProtocolError("Connection aborted. NewConnectionError"),
                urllib3.exceptions.ReadTimeoutError(None, "/", "read timed out"),  # type: ignore[arg-type]
            ]
        )
    )
    return "dropped", dropped


def _json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


# --- what the user may type ----------------------------------------------------------------------

TEXTS = st.sampled_from(["hi", "-", "", " ", "Привет 👋", "x" * 501, TOKEN, "a\x00b"]) | st.text(
    max_size=30
)
FLAGS = st.lists(
    st.sampled_from(
        [
            ["--json"],
            ["-q"],
            ["-v"],
            ["--truncate"],
            ["--force"],
            ["-n"],
            ["-c", "navy"],
            ["-c", "white"],
            ["-c", "#zzz"],
            ["-f", "serif"],
            ["-f", "bogus"],
            ["-t", "+7 900 123-45-67"],
            ["-t", ""],
            ["--timeout", "nan"],
            ["--timeout", "5"],
            ["--retries", "0"],
            ["--retries", "2"],
            ["-p", "shop"],
            ["-p", TOKEN],
            ["--bogus"],
            ["--file", "/dev/null"],
            ["--file", "/"],
            ["--file", "/nonexistent/x"],
            ["--to-file", "/dev/null"],
            ["--config", "/dev/null"],
            ["--config", "/"],
        ]
    ),
    max_size=4,
)
CONFIGS = st.sampled_from(
    [
        None,
        "",
        f'[profiles.default]\nid_instance = "{ID_INSTANCE}"\napi_token_instance = "{TOKEN}"\n'
        f'api_url = "{API_URL}"\n',
        f'[profiles.default]\napi_token_instance = ["{TOKEN}"]\n',
        f'[profiles.default]\nid_instance = "{TOKEN}"\n',
        f'[profiles.default]\napi_url = "https://{TOKEN}/x"\n',
        "[profiles.default]\ntimeout = true\n",
        f'default_profile = "shop"\n[profiles.shop]\napi_token_instance = "{TOKEN}%"\n',
        "not [ toml",
    ]
) | st.binary(max_size=60).map(lambda b: b.decode("latin-1"))
ENVS = st.sampled_from(
    [
        {},
        {"GREENSTATUS_ID_INSTANCE": TOKEN},
        {"GREENSTATUS_API_URL": TOKEN},
        {"GREENSTATUS_API_URL": f"{API_URL}/{TOKEN}"},
        {"GREENSTATUS_API_TOKEN_INSTANCE": TOKEN + "#"},
        {"GREENSTATUS_PROFILE": "nope"},
    ]
)
COMMANDS = st.sampled_from(
    [
        ["post"],
        ["post"],
        ["post"],
        ["config", "show"],
        ["config", "get", "api_token_instance"],
        ["config", "set", "api_token_instance", "-"],
        ["config", "set", "timeout", "nan"],
        ["config", "check"],
        ["fonts"],
    ]
)


@contextmanager
def fresh_home() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="gs-prop-") as folder:
        yield Path(folder)


def files_written(home: Path, config: Path) -> str:
    texts = []
    for path in home.rglob("*"):
        if path.is_file() and path != config:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    def sleep(seconds: float) -> None:
        # What time.sleep would refuse, without the wait.
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"sleep length {seconds!r}")

    monkeypatch.setattr(retry.time, "sleep", sleep)
    return monkeypatch


@settings(COMMON, max_examples=IN_PROCESS_EXAMPLES)
@given(
    command=COMMANDS,
    text=TEXTS,
    flags=FLAGS,
    stdin=st.binary(max_size=80) | st.just(TOKEN.encode() + b"\n"),
    config_text=CONFIGS,
    env=ENVS,
    replies=st.lists(answers(), min_size=1, max_size=4),
    plain=st.sampled_from([True, True, False]),
)
def test_cli_keeps_its_promises_in_process(
    clean_env: pytest.MonkeyPatch,
    plain: bool,
    command: list[str],
    text: str,
    flags: list[list[str]],
    stdin: bytes,
    config_text: str | None,
    env: dict[str, str],
    replies: list[tuple[str, Any]],
) -> None:
    if plain:
        # Two runs in three are a valid post, so most examples reach the server's answers.
        command, text, config_text, env = ["post"], "hi", None, {}
        flags = [f for f in flags if f[0] in ("--json", "-q", "-v", "--retries")]
    # --config is a global option: it goes before the command.
    argv = [a for flag in flags if flag[0] == "--config" for a in flag] + list(command)
    flags = [f for f in flags if f[0] != "--config"]
    if command == ["post"]:
        argv.append(text)
    if command[0] in ("post", "config") and command[-1] not in ("-",):
        argv += [a for flag in flags for a in flag if command == ["post"] or flag[0] == "--json"]
    with fresh_home() as home:
        config = home / "cfg" / "config.toml"
        if config_text is not None:
            config.parent.mkdir(mode=0o700)
            config.write_text(config_text, encoding="latin-1")
            config.chmod(0o600)
        # A named file must exist (exit 78 otherwise); with no file, use the default place.
        named = {"GREENSTATUS_CONFIG": str(config)} if config_text is not None else {}
        variables = {
            **named,
            "XDG_CONFIG_HOME": str(home / "xdg"),
            "GREENSTATUS_ID_INSTANCE": ID_INSTANCE,
            "GREENSTATUS_API_TOKEN_INSTANCE": TOKEN,
            "GREENSTATUS_API_URL": API_URL,
            "HOME": str(home),
            **env,
        }
        for name in list(os.environ):
            if name.startswith("GREENSTATUS_"):
                clean_env.delenv(name)
        for name, value in variables.items():
            clean_env.setenv(name, value)
        output.set_quiet(False)
        output.forget_secrets()
        pending = list(replies)
        served: list[str] = []

        def answer(request: requests.PreparedRequest) -> Any:
            assert request.url is not None and "elsewhere.invalid" not in request.url
            kind, reply = pending.pop(0) if pending else ("200", (200, {}, '{"idMessage": "A"}'))
            # A 502 to a send may hide a queued status (issue 16); to a GET it proves nothing.
            served.append("502 to a send" if kind == "502" and request.method == "POST" else kind)
            if isinstance(reply, Exception):
                return requests.ConnectionError(
                    urllib3.exceptions.MaxRetryError(None, request.url or "", reply)  # type: ignore[arg-type]
                )
            status, headers, body = reply
            shown = f"{API_URL}/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
            headers = {k: v.replace("{}", TOKEN) for k, v in headers.items()}
            return status, headers, body.replace("{}", shown)

        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            mock.add_callback(responses.POST, re.compile(r".*"), callback=answer)
            mock.add_callback(responses.GET, re.compile(r".*"), callback=answer)
            result = CliRunner().invoke(app, argv, input=stdin)
        written = files_written(home, config)
    shown = result.stdout + result.stderr + written
    assert not leaked(shown), (argv, shown[-600:])
    assert result.exit_code in CONTRACT_CODES, (argv, result.exit_code, result.output[-600:])
    for earlier in served[:-1]:
        assert earlier in SAFE_TO_REPEAT, (argv, served)


# --- the installed command against the local server ----------------------------------------------


@st.composite
def server_replies(draw: st.DrawFn) -> Reply:
    choice = draw(st.sampled_from(["ok", "echo", "redirect", "status", "trickle", "retry"]))
    if choice == "ok":
        ident = draw(st.sampled_from(["BAE5", "[bold]x[/bold]", "a\nb", "\x1b]8;;http://e\x07"]))
        return Reply(200, {"idMessage": ident})
    if choice == "echo":
        status = draw(st.sampled_from([200, 400, 404, 500, 502]))
        return Reply(status, echo=draw(PREFIX))
    if choice == "redirect":
        status = draw(st.sampled_from([301, 302, 303, 307, 308]))
        where = draw(st.sampled_from(["http://127.0.0.1:9/", "http://nowhere.invalid/x"]))
        return Reply(status, "", {"Location": where})
    if choice == "status":
        status = draw(st.sampled_from([400, 401, 403, 429, 466, 500, 503, 504]))
        return Reply(status, draw(FILLER))
    if choice == "trickle":
        return Reply(200, {"idMessage": "T"}, trickle=0.2)
    header = draw(st.sampled_from(["soon", "nan", "0", "Mon, 99 Foo"]))
    return Reply(429, "slow down", {"Retry-After": header})


@settings(COMMON, max_examples=SUBPROCESS_EXAMPLES)
@given(
    reply=server_replies(),
    flags=st.lists(st.sampled_from(["--json", "-v", "-q"]), max_size=2, unique=True),
)
def test_installed_command_keeps_its_promises(exe: str, reply: Reply, flags: list[str]) -> None:
    with fresh_home() as home, FakeAPI() as api:
        api.replies.append(reply)
        env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
        env.update(
            GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
            GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
            GREENSTATUS_API_URL=api.url,
            XDG_CONFIG_HOME=str(home / "xdg"),
            HOME=str(home),
        )
        result = subprocess.run(
            [exe, "post", "hi", "--retries", "1", "--timeout", "1", *flags],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        seen = list(api.seen)
        written = files_written(home, home / "config.toml")
    shown = result.stdout + result.stderr + written
    assert not leaked(shown), shown[-600:]
    assert result.returncode in CONTRACT_CODES, (result.returncode, result.stderr)
    if len(seen) > 1:
        assert reply.status in (429, 503), (reply, len(seen))
    assert all(s.path.startswith("/waInstance") for s in seen)
