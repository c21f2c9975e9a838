"""`greenstatus post` through CliRunner and responses: exact requests and documented exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
import responses
from helpers import API_URL, SEND_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE
from responses import matchers
from typer.testing import CliRunner

from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")


def sent(api: responses.RequestsMock, index: int = 0) -> dict[str, object]:
    call = api.calls[index]
    assert call.request.headers["Content-Type"] == "application/json"
    body = call.request.body
    assert body is not None
    return json.loads(body)  # type: ignore[no-any-return]


def test_posts_exact_body_to_exact_url(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(
        SEND_URL,
        json={"idMessage": "3EB0C767D097B7C7C030"},
        match=[
            matchers.header_matcher({"Content-Type": "application/json"}),
            matchers.json_params_matcher(
                {
                    "message": "Open until 8 pm",
                    "backgroundColor": "#000080",
                    "font": "SANS_SERIF",
                    "participants": ["79001234567@c.us", "442000001234@c.us"],
                },
                strict_match=True,
            ),
        ],
    )
    result = runner.invoke(
        app,
        [
            "post",
            "Open until 8 pm",
            "-c",
            "navy",
            "-f",
            "sans-serif",
            "-t",
            "+7 (900) 123-45-67",
            "-t",
            "442000001234,79001234567@c.us",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "3EB0C767D097B7C7C030\n"
    assert result.stderr == ""


def test_default_body_has_only_message_and_background(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, json={"idMessage": "ID1"})
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0, result.output
    assert sent(api) == {"message": "hi", "backgroundColor": "#228B22"}


def test_piped_text_is_cleaned_before_sending(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, json={"idMessage": "ID1"})
    result = runner.invoke(app, ["post"], input=b"\xef\xbb\xbfline one\r\nline two\r\n\n")
    assert result.exit_code == 0, result.output
    assert sent(api)["message"] == "line one\nline two"


def test_text_from_file_and_recipients_from_file(
    runner: CliRunner, api: responses.RequestsMock, tmp_path: Path
) -> None:
    (tmp_path / "news.txt").write_text("Fresh bread at 7\n", encoding="utf-8")
    (tmp_path / "to.txt").write_text("# regulars\n79001234567\n\n+44 20 0000 1234 # Bob\n")
    api.post(SEND_URL, json={"idMessage": "ID1"})
    result = runner.invoke(
        app, ["post", "-F", str(tmp_path / "news.txt"), "--to-file", str(tmp_path / "to.txt")]
    )
    assert result.exit_code == 0, result.output
    assert sent(api)["participants"] == ["79001234567@c.us", "442000001234@c.us"]
    assert sent(api)["message"] == "Fresh bread at 7"


def test_profile_defaults_apply_and_options_override(
    runner: CliRunner, api: responses.RequestsMock, write_config: Callable[[str], Path]
) -> None:
    write_config(
        '[profiles.default]\nbackground_color = "#8B0000"\nfont = "SERIF"\n'
        'participants = ["79001234567@c.us"]\n'
    )
    api.post(SEND_URL, json={"idMessage": "A"})
    api.post(SEND_URL, json={"idMessage": "B"})
    assert runner.invoke(app, ["post", "one"]).exit_code == 0
    assert sent(api, 0) == {
        "message": "one",
        "backgroundColor": "#8B0000",
        "font": "SERIF",
        "participants": ["79001234567@c.us"],
    }
    assert (
        runner.invoke(
            app, ["post", "two", "-c", "#123456", "-f", "serif", "-t", "447700900123"]
        ).exit_code
        == 0
    )
    assert sent(api, 1) == {
        "message": "two",
        "backgroundColor": "#123456",
        "font": "SERIF",
        "participants": ["447700900123@c.us"],
    }


def test_json_output_is_the_api_answer(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, json={"idMessage": "ID9"})
    result = runner.invoke(app, ["post", "hi", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"idMessage": "ID9"}


def test_quiet_prints_nothing_even_warnings(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, json={"idMessage": "ID9"})
    result = runner.invoke(app, ["post", "Привет", "-q", "-c", "#AAAAAA", "-f", "NORICAN_REGULAR"])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_warnings_go_to_stderr(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, json={"idMessage": "ID9"})
    result = runner.invoke(app, ["post", "Привет", "-c", "#AAAAAA", "-f", "NORICAN_REGULAR"])
    assert result.exit_code == 0
    assert result.stdout == "ID9\n"
    assert "low contrast" in result.stderr and "Latin letters only" in result.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (["post", ""], None, "empty"),
        (["post", "  \n "], None, "empty"),
        (["post", "a" * 501], None, "501 characters"),
        (["post", "😀" * 251], None, "502 characters"),
        (["post"], b"ab\xfe", "offset 2"),
        (["post", "x", "-c", "white"], None, "--force"),
        (["post", "x", "-c", "blurple"], None, "unknown colour"),
        (["post", "x", "-f", "comic"], None, "unknown font"),
        (["post", "x", "-t", "123"], None, "7 to 15 digits"),
        (["post", "x", "-t", "12036302@g.us"], None, "group"),
        (["post", "-F", "/nonexistent/file"], None, "cannot read"),
    ],
)
def test_usage_errors_exit_2_and_send_nothing(
    runner: CliRunner,
    api: responses.RequestsMock,
    args: list[str],
    stdin: bytes | None,
    fragment: str,
) -> None:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert result.stdout == ""
    assert len(api.calls) == 0


def test_truncate_sends_at_most_500_units(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, json={"idMessage": "ID"})
    result = runner.invoke(app, ["post", "😀" * 400, "--truncate"])
    assert result.exit_code == 0, result.output
    message = str(sent(api)["message"])
    assert message == "😀" * 249 + "…"


def test_force_sends_a_white_background(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, json={"idMessage": "ID"})
    result = runner.invoke(app, ["post", "x", "-c", "#fff", "--force"])
    assert result.exit_code == 0
    assert sent(api)["backgroundColor"] == "#FFFFFF"
    assert "contrast" in result.stderr


@pytest.mark.parametrize(
    ("status", "body", "code", "fragment"),
    [
        (400, "Validation failed. Details: 'font' is not allowed", 65, "'font' is not allowed"),
        (400, "instance account not authorized", 69, "not authorised"),
        (400, "Instance account is expired. Renew your instance from personal area", 69, "expired"),
        (400, "Instance is deleted", 69, "deleted"),
        (401, "Unauthorized", 77, "apiTokenInstance was rejected"),
        (403, "Forbidden", 77, "status methods"),
        (
            466,
            {
                "correspondentsStatus": {
                    "status": "CORRESPONDENTS_QUOTE_EXCEEDED",
                    "description": "Change tariff",
                }
            },
            69,
            "quota",
        ),
        (500, "Internal Server Error", 75, "may or may not have been queued"),
        (504, "Gateway Timeout", 75, "may or may not have been queued"),
        (200, {"code": 401, "description": "Unauthorized"}, 77, "rejected"),
        (200, {"something": "else"}, 75, "without an idMessage"),
        (200, "not json", 75, "without a JSON object"),
    ],
)
def test_api_outcomes_map_to_exit_codes(
    runner: CliRunner,
    api: responses.RequestsMock,
    status: int,
    body: object,
    code: int,
    fragment: str,
) -> None:
    kwargs = {"json": body} if isinstance(body, dict) else {"body": body}
    api.post(SEND_URL, status=status, **kwargs)  # type: ignore[arg-type]
    result = runner.invoke(app, ["post", "hi", "--retries", "0"])
    assert result.exit_code == code, result.output
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1, "an error is one line"
    assert result.stdout == ""
    assert len(api.calls) == 1


def test_json_errors_carry_code_status_and_message(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, status=401, body="Unauthorized")
    result = runner.invoke(app, ["post", "hi", "--json"])
    assert result.exit_code == 77
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 77 and error["http_status"] == 401
    assert "rejected" in error["message"]


def test_json_error_without_response_has_null_status(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    api.post(SEND_URL, body=requests.ConnectionError("refused"))
    result = runner.invoke(app, ["post", "hi", "--json", "--retries", "0"])
    assert result.exit_code == 75
    assert json.loads(result.stdout)["error"]["http_status"] is None


@pytest.mark.parametrize("status", [429, 503])
def test_retryable_statuses_are_retried_then_succeed(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float], status: int
) -> None:
    api.post(SEND_URL, status=status, body="busy")
    api.post(SEND_URL, json={"idMessage": "OK"})
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK\n"
    assert len(api.calls) == 2 and len(no_sleep) == 1


def test_starting_instance_is_retried(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    api.post(SEND_URL, status=400, body="instance in starting process try later")
    api.post(SEND_URL, json={"idMessage": "OK"})
    assert runner.invoke(app, ["post", "hi"]).exit_code == 0
    assert len(api.calls) == 2


def test_retry_after_is_honoured_and_capped(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    api.post(SEND_URL, status=429, headers={"Retry-After": "7"}, body="slow down")
    api.post(SEND_URL, status=429, headers={"Retry-After": "3600"}, body="slow down")
    api.post(SEND_URL, json={"idMessage": "OK"})
    assert runner.invoke(app, ["post", "hi"]).exit_code == 0
    assert no_sleep == [7.0, 60.0]


def test_retries_give_up_with_75(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    for _ in range(3):
        api.post(SEND_URL, status=503, body="down")
    result = runner.invoke(app, ["post", "hi", "--retries", "2"])
    assert result.exit_code == 75
    assert len(api.calls) == 3
    assert len(no_sleep) == 2 and no_sleep[0] < no_sleep[1] * 2


@pytest.mark.parametrize(
    "failure", [requests.ReadTimeout("read timed out"), requests.ConnectionError("reset")]
)
def test_failures_after_sending_are_never_retried(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float], failure: Exception
) -> None:
    api.post(SEND_URL, body=failure)
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 75
    assert "may or may not have been queued" in result.stderr
    assert len(api.calls) == 1 and no_sleep == []


def test_dry_run_needs_no_credentials_and_sends_nothing(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "GREENSTATUS_ID_INSTANCE",
        "GREENSTATUS_API_TOKEN_INSTANCE",
        "GREENSTATUS_API_URL",
    ):
        monkeypatch.delenv(name)
    result = runner.invoke(app, ["post", "hi", "-n", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "method": "POST",
        "url": "https://api.green-api.com/waInstance{idInstance}/sendTextStatus/{apiTokenInstance}",
        "body": {"message": "hi", "backgroundColor": "#228B22"},
    }


def test_dry_run_masks_the_token(runner: CliRunner, api: responses.RequestsMock) -> None:
    result = runner.invoke(app, ["post", "hi", "--dry-run"])
    assert result.exit_code == 0
    assert TOKEN not in result.output
    assert f"{API_URL}/waInstance{ID_INSTANCE}/sendTextStatus/d75b…2345" in result.stdout
    assert '"message": "hi"' in result.stdout


def test_missing_credentials_exit_78_with_hint(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GREENSTATUS_API_TOKEN_INSTANCE")
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 78
    assert "greenstatus config init" in result.stderr


def test_verbose_summarises_on_stderr_without_token(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, json={"idMessage": "ID"})
    result = runner.invoke(app, ["post", "hi", "-v"])
    assert result.exit_code == 0
    assert result.stdout == "ID\n"
    assert "POST" in result.stderr and "HTTP 200" in result.stderr
    assert TOKEN not in result.stderr and "d75b…2345" in result.stderr


def test_ctrl_c_exits_130(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("greenstatus.api.send_status", interrupted)
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr


def test_unexpected_error_is_one_line_exit_1_and_traceback_only_in_debug(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"boom with {TOKEN}")

    monkeypatch.setattr("greenstatus.api.send_status", broken)
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert TOKEN not in result.stderr
    monkeypatch.setenv("GREENSTATUS_DEBUG", "1")
    # The first try is `unknown` in the journal now: the guard would refuse a plain repeat.
    result = runner.invoke(app, ["post", "hi", "--allow-duplicate"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and TOKEN not in result.stderr


def test_stdin_cannot_carry_both_text_and_recipients(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    result = runner.invoke(app, ["post", "--to-file", "-"], input="79001234567\n")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_recipients_from_stdin_with_text_argument(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, json={"idMessage": "ID"})
    result = runner.invoke(app, ["post", "hi", "--to-file", "-"], input="79001234567\n# x\n")
    assert result.exit_code == 0, result.output
    assert sent(api)["participants"] == ["79001234567@c.us"]
