"""`list`, `stats` and `delete` through CliRunner and responses: every answer GREEN-API gives."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from helpers import API_URL, SETTINGS_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE, INCOMING_EXAMPLE, OUTGOING_EXAMPLE, STATISTIC_EXAMPLE
from responses import matchers
from typer.testing import CliRunner

from greenstatus import api as greenapi
from greenstatus.api import pacing
from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")

BASE = f"{API_URL}/waInstance{ID_INSTANCE}"
OUT_URL = f"{BASE}/getOutgoingStatuses/{TOKEN}"
IN_URL = f"{BASE}/getIncomingStatuses/{TOKEN}"
STAT_URL = f"{BASE}/getStatusStatistic/{TOKEN}"
DELETE_URL = f"{BASE}/deleteStatus/{TOKEN}"
ID = "BAE5F4886F6F2D05"


@pytest.fixture(autouse=True)
def fresh_pace(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Each test starts with no earlier request to pace against, and sleeps are recorded."""
    monkeypatch.setattr(pacing, "_last_request", {})
    slept: list[float] = []
    monkeypatch.setattr("greenstatus.api.pacing.time.sleep", slept.append)
    return slept


def minutes(n: int) -> list[Any]:
    return [matchers.query_param_matcher({"minutes": str(n)})]


# --- list ----------------------------------------------------------------------------------------


def test_list_piped_is_tab_lines_from_a_get_with_query_and_no_body(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json=OUTGOING_EXAMPLE, match=minutes(1440))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "BAE5018000000000\t2024-03-11T05:26:51Z\ttext\tread\tI use Green-API to send this status!\n"
        "BAE5207000000000\t2024-03-11T05:26:54Z\timage\tread\tLittle horse\n"
    )
    assert result.stderr == ""
    assert api.calls[0].request.method == "GET"
    assert not api.calls[0].request.body, "a GET carries no body"
    assert len(api.calls) == 1, "a non-empty list asks nothing else"


def test_list_incoming_with_minutes_shows_the_sender(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(IN_URL, json=INCOMING_EXAMPLE, match=minutes(60))
    result = runner.invoke(app, ["list", "--incoming", "--minutes", "60"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "A5D2E3B4C1F0A9B8C7D6\t2024-03-11T05:28:20Z\ttext\t70000000002@c.us\tFresh bread at 7\n"
    )


def test_list_json_is_the_items_unchanged(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(OUT_URL, json=OUTGOING_EXAMPLE)
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == OUTGOING_EXAMPLE


def test_list_minutes_must_be_positive(runner: CliRunner) -> None:
    assert runner.invoke(app, ["list", "--minutes", "0"]).exit_code == 2


UNKNOWN = [
    {"idMessage": "X1", "timestamp": 1710134811, "typeMessage": "pollMessage"},
    {"idMessage": "X2", "typeMessage": "deletedMessage", "statusMessage": "sent"},
    {"typeMessage": 42, "timestamp": "yesterday", "extendedTextMessage": "not an object"},
    "a bare string",
    None,
    [1, 2],
    {"idMessage": "X3", "typeMessage": "videoMessage", "caption": {"odd": True}},
]


def test_unknown_item_shapes_are_other_never_a_crash(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json=UNKNOWN)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "X1\t2024-03-11T05:26:51Z\tother\t-\t",
        "X2\t-\tother\tsent\t",
        "-\t-\tother\t-\t",
        "-\t-\tother\t-\t",
        "-\t-\tother\t-\t",
        "-\t-\tother\t-\t",
        "X3\t-\tvideo\t-\t",
    ]


def test_unknown_item_shapes_on_a_terminal(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.get(OUT_URL, json=UNKNOWN)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert "X1" in result.stdout and "other" in result.stdout


HOSTILE = {
    "idMessage": "EVIL\x1b[2J1",
    "timestamp": 1710134811,
    "typeMessage": "extendedTextMessage",
    "statusMessage": "[bold red]read[/]",
    "extendedTextMessage": {
        "text": "[link=file:///etc]x[/link] one\ttab \x1b]0;pwned\x07\u202egnp.exe\nline two",
        "backgroundColor": "red; blink",
        "font": "SERIF\r\nINJECTED",
    },
}


def test_server_text_piped_stays_one_line_of_five_fields(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json=[HOSTILE])
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    fields = lines[0].split("\t")
    assert fields == [
        "EVIL1",
        "2024-03-11T05:26:51Z",
        "text",
        "[bold red]read[/]",
        "[link=file:///etc]x[/link] one tab gnp.exe",
    ]
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_server_text_on_a_terminal_is_never_markup_or_escapes(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    on_terminal.setenv("COLUMNS", "200")
    api.get(OUT_URL, json=[HOSTILE])
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "[bold red]read[/]" in result.stdout, "markup from the server is shown literally"
    assert "[link=file:///etc]" in result.stdout
    assert "INJECTED" in result.stdout and "SERIF INJECTED" in result.stdout
    assert "red; blink" not in result.stdout, "an invalid colour is not used as a style"
    body = [line for line in result.stdout.splitlines() if "EVIL" in line]
    assert len(body) == 1, "one line per item"


def test_terminal_table_labels_the_time_and_shows_colour_and_font(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    on_terminal.setenv("COLUMNS", "140")
    on_terminal.setenv("FORCE_COLOR", "1")
    on_terminal.setenv("COLORTERM", "truecolor")
    long = {**OUTGOING_EXAMPLE[0], "idMessage": "LONG1"}
    long["extendedTextMessage"] = {**long["extendedTextMessage"], "text": "word " * 30}
    api.get(OUT_URL, json=[*OUTGOING_EXAMPLE, long])
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "last action (UTC)" in result.stdout
    assert "2024-03-11 05:26" in result.stdout
    assert "48;2;34;139;34" in result.stdout, "the #228B22 swatch is drawn"
    assert "#228B22" in result.stdout and "SERIF" in result.stdout
    assert "BAE5207000000000" in result.stdout and "image" in result.stdout
    assert "…" in result.stdout, "a long text is shortened"


def test_narrow_terminal_prints_key_value_lines_with_whole_ids(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    on_terminal.setenv("COLUMNS", "40")
    api.get(OUT_URL, json=OUTGOING_EXAMPLE)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "id: BAE5018000000000" in result.stdout
    assert "last action (UTC): 2024-03-11 05:26" in result.stdout
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


def _long(ident: str, text: str) -> dict[str, Any]:
    item = {**OUTGOING_EXAMPLE[0], "idMessage": ident}
    item["extendedTextMessage"] = {**item["extendedTextMessage"], "text": text}
    return item


@pytest.mark.parametrize("columns", [80, 100, 120, 200])
def test_every_item_is_one_line_that_fits(
    runner: CliRunner,
    api: responses.RequestsMock,
    on_terminal: pytest.MonkeyPatch,
    columns: int,
) -> None:
    from rich.cells import cell_len

    on_terminal.setenv("COLUMNS", str(columns))
    items = [*OUTGOING_EXAMPLE, _long("WIDE1", "界" * 100), _long("MULTI1", "one\ntwo\nthree")]
    api.get(OUT_URL, json=items)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    for ident in ("BAE5018000000000", "BAE5207000000000", "WIDE1", "MULTI1"):
        mine = [line for line in lines if ident in line]
        assert len(mine) == 1, (ident, result.stdout)
        assert ("read" in mine[0]) and ("text" in mine[0] or "image" in mine[0])
    assert "…" in next(line for line in lines if "WIDE1" in line)
    assert "one …" in result.stdout, "a text with more lines says so"
    if columns == 80:
        assert "#228B22" not in result.stdout
        assert "colour and font: a wider terminal, or --json" in result.stdout
    if columns == 200:
        assert "#228B22" in result.stdout and "SERIF" in result.stdout


@pytest.mark.parametrize("webhook", ["no", None])
def test_empty_outgoing_list_asks_settings_once_and_explains(
    runner: CliRunner, api: responses.RequestsMock, webhook: str | None
) -> None:
    api.get(OUT_URL, json=[])
    settings = {"wid": "79990000000@c.us", "delaySendMessagesMilliseconds": 5000}
    if webhook:
        settings["outgoingWebhook"] = webhook
    api.get(SETTINGS_URL, json=settings)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "outgoingWebhook" in result.stderr
    assert "statuses sent before it was enabled never appear" in result.stderr
    assert [c.request.url.split("/")[-2] for c in api.calls] == [
        "getOutgoingStatuses",
        "getSettings",
    ]


def test_no_hint_when_outgoing_webhook_is_on(
    runner: CliRunner, api: responses.RequestsMock, fresh_pace: list[float]
) -> None:
    api.get(OUT_URL, json=[])
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert fresh_pace == [], "getSettings has its own quota: no wait after the list"


def test_no_hint_when_settings_cannot_be_read(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json=[])
    api.get(SETTINGS_URL, status=500, body="boom")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(api.calls) == 2, "the hint's call is made once, never retried"


def test_empty_incoming_list_asks_nothing_more(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(IN_URL, json=[])
    result = runner.invoke(app, ["list", "--incoming"])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert len(api.calls) == 1


def test_empty_list_on_a_terminal_says_so(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.get(IN_URL, json=[])
    result = runner.invoke(app, ["list", "--incoming", "--minutes", "5"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no received statuses in the last 5 minutes" in result.stderr


def test_list_answer_that_is_not_an_array_is_temporary(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json={"unexpected": True})
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 75
    assert "without a JSON array" in result.stderr
    assert "queued" not in result.stderr, "nothing was being queued"


# --- errors common to the four methods -----------------------------------------------------------

CALLS = {
    "list": (["list"], responses.GET, OUT_URL),
    "list --incoming": (["list", "--incoming"], responses.GET, IN_URL),
    "stats": (["stats", ID], responses.GET, STAT_URL),
    "delete": (["delete", ID, "--yes"], responses.POST, DELETE_URL),
}


@pytest.mark.parametrize("case", list(CALLS))
def test_403_says_the_status_methods_are_not_enabled(
    runner: CliRunner, api: responses.RequestsMock, case: str
) -> None:
    args, verb, url = CALLS[case]
    api.add(verb, url, status=403, body="Forbidden")
    result = runner.invoke(app, [*args, "-v"])
    assert result.exit_code == 77
    assert "no access to the status methods" in result.stderr
    assert "GREEN-API support" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert len(api.calls) == 1, "a 403 is not retried"


def test_403_with_json_prints_the_error_object(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(STAT_URL, status=403, body="Forbidden")
    result = runner.invoke(app, ["stats", ID, "--json"])
    assert result.exit_code == 77
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 77 and error["http_status"] == 403
    assert "status methods" in error["message"]


@pytest.mark.parametrize("case", list(CALLS))
def test_429_is_waited_out_and_paced(
    runner: CliRunner, api: responses.RequestsMock, case: str, fresh_pace: list[float]
) -> None:
    args, verb, url = CALLS[case]
    api.add(verb, url, status=429, body="Too Many Requests", headers={"Retry-After": "0"})
    if verb == responses.POST:
        api.add(verb, url, body="")
    else:
        api.add(verb, url, json=[])
    if case == "list":
        api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    interval = 0.1 if case == "delete" else 1.0
    # Retry-After 0 waits nothing; the pace then keeps the retry 1 s (0.1 s) after the first.
    assert fresh_pace[0] == 0
    assert interval * 0.5 < sum(fresh_pace) <= interval


@pytest.mark.parametrize("case", list(CALLS))
def test_429_that_lasts_is_exit_75(
    runner: CliRunner, api: responses.RequestsMock, case: str
) -> None:
    args, verb, url = CALLS[case]
    api.add(verb, url, status=429, body="Too Many Requests")
    result = runner.invoke(app, [*args, "--retries", "0"])
    assert result.exit_code == 75
    assert "rate limited" in result.stderr
    assert "queued" not in result.stderr


def test_pace_is_per_instance_and_method(fresh_pace: list[float]) -> None:
    instance = greenapi.Instance(API_URL, ID_INSTANCE, TOKEN)
    other = greenapi.Instance(API_URL, "1101000002", TOKEN)
    with responses.RequestsMock() as mock:
        mock.get(OUT_URL, json=[])
        mock.get(OUT_URL, json=[])
        mock.get(f"{API_URL}/waInstance1101000002/getOutgoingStatuses/{TOKEN}", json=[])
        mock.get(STAT_URL, json=[])
        greenapi.get_statuses(instance)
        greenapi.get_statuses(other)
        greenapi.get_status_statistic(instance, ID)
        assert fresh_pace == []
        greenapi.get_statuses(instance)
    assert len(fresh_pace) == 1 and 0.5 < fresh_pace[0] <= 1.0


@pytest.mark.parametrize("status", [400, 401, 429, 500])
def test_server_words_in_errors_carry_no_escapes(
    runner: CliRunner, api: responses.RequestsMock, status: int
) -> None:
    api.get(STAT_URL, status=status, body="\x1b[2J\x1b]0;pwned\x07bad\rthing")
    result = runner.invoke(app, ["stats", ID, "--retries", "0"])
    assert result.exit_code in (65, 75, 77)
    assert "bad" in result.stderr or status == 401
    assert not any(ch in result.stderr for ch in "\x1b\x07\r")
    assert result.stderr.count("\n") == 1, "one line"


def test_hint_shows_an_odd_setting_value_without_escapes(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json=[])
    api.get(SETTINGS_URL, json={"outgoingWebhook": "\x1b[31mmaybe"})
    result = runner.invoke(app, ["list"])
    assert '(it is "maybe"' in result.stderr and "\x1b" not in result.stderr


# --- stats ---------------------------------------------------------------------------------------


def test_stats_piped_is_digits_state_and_iso_time(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(
        STAT_URL,
        json=STATISTIC_EXAMPLE,
        match=[matchers.query_param_matcher({"idMessage": ID})],
    )
    result = runner.invoke(app, ["stats", ID])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "11001234567\tread\t2020-04-17T13:15:19Z\n"
        "11001234568\tdelivered\t2020-04-17T13:15:20Z\n"
        "11001234569\tsent\t2020-04-17T13:15:21Z\n"
    )
    assert not api.calls[0].request.body


def test_stats_on_a_terminal_has_a_table_and_a_summary(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.get(STAT_URL, json=[*STATISTIC_EXAMPLE, STATISTIC_EXAMPLE[0] | {"participant": "7@c.us"}])
    result = runner.invoke(app, ["stats", ID])
    assert result.exit_code == 0
    assert "sent 1, delivered 1, read 2" in result.stdout
    assert "11001234568" in result.stdout and "2020-04-17 13:15" in result.stdout
    assert "time (UTC)" in result.stdout


def test_stats_json_is_the_array_unchanged(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(STAT_URL, json=STATISTIC_EXAMPLE)
    result = runner.invoke(app, ["stats", ID, "--json"])
    assert json.loads(result.stdout) == STATISTIC_EXAMPLE


def test_stats_empty_is_exit_0_with_a_note(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(STAT_URL, json=[])
    result = runner.invoke(app, ["stats", ID])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "not delivered to anyone yet, older than 30 days, or statistics are off" in (
        result.stderr
    )


def test_stats_odd_items_do_not_crash(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(STAT_URL, json=[{"participant": ["x"], "status": None}, "junk", {"status": "played"}])
    result = runner.invoke(app, ["stats", ID])
    assert result.exit_code == 0
    assert result.stdout == "-\tother\t-\n-\tother\t-\n-\tplayed\t-\n"


@pytest.mark.parametrize("bad", ["", "  ", "BAE5 F488", "BAE5\x1b[2J"])
def test_stats_refuses_an_id_that_cannot_be_one(runner: CliRunner, bad: str) -> None:
    result = runner.invoke(app, ["stats", bad])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr or "'" in result.stderr


# --- last: the journal look-up (a stub until issue 11 is merged; adapt these tests then) ---------


def test_stats_last_with_an_empty_journal_is_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stats", "last"])
    assert result.exit_code == 2
    assert f"no queued status in the journal for instance {ID_INSTANCE}" in result.stderr


def test_delete_last_with_an_empty_journal_is_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["delete", "last", "--yes"])
    assert result.exit_code == 2
    assert "give an idMessage" in result.stderr


def test_last_uses_the_journal_look_up(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greenstatus.commands.statuses import delete, shared

    marked: list[str] = []
    monkeypatch.setattr(shared, "_last_id", lambda settings: ID)
    monkeypatch.setattr(delete, "_journal_deleted", lambda settings, ident: marked.append(ident))
    api.get(STAT_URL, json=[], match=[matchers.query_param_matcher({"idMessage": ID})])
    api.post(DELETE_URL, body="", match=[matchers.json_params_matcher({"idMessage": ID})])
    assert runner.invoke(app, ["stats", "last"]).exit_code == 0
    result = runner.invoke(app, ["delete", "last", "--yes"])
    assert result.exit_code == 0 and result.stdout == f"{ID}\n"
    assert marked == [ID], "a deletion is recorded in the journal"


# --- delete --------------------------------------------------------------------------------------


def test_delete_empty_200_is_success_and_prints_the_id(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(
        DELETE_URL,
        body="",
        match=[
            matchers.header_matcher({"Content-Type": "application/json"}),
            matchers.json_params_matcher({"idMessage": ID}, strict_match=True),
        ],
    )
    result = runner.invoke(app, ["delete", ID, "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{ID}\n"
    assert result.stderr == ""


def test_delete_200_with_a_json_body_is_success_too(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(DELETE_URL, json={})
    assert runner.invoke(app, ["delete", ID, "--yes"]).exit_code == 0


def test_delete_200_carrying_code_401_is_refused(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(DELETE_URL, json={"code": 401, "description": "Unauthorized"})
    assert runner.invoke(app, ["delete", ID, "--yes"]).exit_code == 77


def test_delete_notfound_is_exit_65(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(DELETE_URL, status=400, body="ID message notfound")
    result = runner.invoke(app, ["delete", ID, "--yes"])
    assert result.exit_code == 65
    assert f"no status '{ID}' to delete" in result.stderr
    assert result.stdout == ""


def test_delete_without_yes_off_a_terminal_is_exit_2_and_sends_nothing(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    result = runner.invoke(app, ["delete", ID])
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert len(api.calls) == 0


def test_delete_with_only_stdout_on_a_terminal_still_needs_yes(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "greenstatus.output.terminal.is_terminal", lambda stream=None: stream is None
    )
    result = runner.invoke(app, ["delete", ID])
    assert result.exit_code == 2
    assert len(api.calls) == 0


def test_delete_on_a_terminal_asks_first(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.post(DELETE_URL, body="")
    result = runner.invoke(app, ["delete", ID], input="y\n")
    assert result.exit_code == 0, result.output
    assert f"Delete status {ID} from WhatsApp?" in result.stderr
    assert "Status deleted" in result.stdout and ID in result.stdout


def test_delete_on_a_terminal_declined_sends_nothing(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["delete", ID], input="n\n")
    assert result.exit_code == 0
    assert "nothing deleted" in result.stderr
    assert len(api.calls) == 0


def test_delete_on_a_terminal_with_yes_does_not_ask(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.post(DELETE_URL, body="")
    result = runner.invoke(app, ["delete", ID, "--yes"])
    assert result.exit_code == 0
    assert "Delete status" not in result.stderr


def test_delete_read_timeout_says_it_may_have_been_deleted(
    runner: CliRunner, api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    import requests

    api.post(DELETE_URL, body=requests.ReadTimeout("read timed out"))
    result = runner.invoke(app, ["delete", ID, "--yes"])
    assert result.exit_code == 75
    assert "may or may not have been deleted" in result.stderr
    assert "queued" not in result.stderr


# --- the token -----------------------------------------------------------------------------------


def test_token_in_server_text_is_scrubbed_before_shortening(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    # The token starts where the shortened text would be cut, so cutting first would leak a part.
    leaky = {
        "idMessage": TOKEN,
        "typeMessage": "imageMessage",
        "caption": "x" * 30 + TOKEN,
        "statusMessage": TOKEN,
    }
    api.get(OUT_URL, json=[leaky])
    result = runner.invoke(app, ["list", "-v"])
    assert result.exit_code == 0
    for start in range(len(TOKEN) - 8):
        assert TOKEN[start : start + 8] not in result.stdout + result.stderr


@pytest.mark.parametrize("flags", [[], ["--json"]])
def test_token_never_printed_by_list_or_stats(
    runner: CliRunner, api: responses.RequestsMock, flags: list[str]
) -> None:
    api.get(OUT_URL, json=[{"idMessage": "A", "caption": TOKEN, "typeMessage": "imageMessage"}])
    api.get(STAT_URL, json=[{"participant": TOKEN, "status": "read"}])
    listed = runner.invoke(app, ["list", "-v", *flags])
    stats = runner.invoke(app, ["stats", ID, "-v", *flags])
    for result in (listed, stats):
        assert result.exit_code == 0
        assert TOKEN not in result.stdout + result.stderr
        assert "d75b…2345" in result.stdout + result.stderr


# --- profiles and the global --config ----------------------------------------------------------


def test_profile_from_the_config_option_picks_the_instance(
    runner: CliRunner, api: responses.RequestsMock, tmp_path: Any
) -> None:
    config = tmp_path / "other.toml"
    config.write_text(
        '[profiles.shop]\nid_instance = "1101000002"\n'
        f'api_token_instance = "{TOKEN}"\napi_url = "https://1101.api.greenapi.com"\n'
    )
    config.chmod(0o600)
    shop = f"https://1101.api.greenapi.com/waInstance1101000002/getStatusStatistic/{TOKEN}"
    api.get(shop, json=STATISTIC_EXAMPLE)
    result = runner.invoke(app, ["--config", str(config), "stats", ID, "-p", "shop"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize("args", [["list"], ["stats", ID], ["delete", ID, "--yes"]])
def test_unknown_profile_is_exit_78(runner: CliRunner, args: list[str]) -> None:
    unknown = runner.invoke(app, [*args, "-p", "ghost"])
    assert unknown.exit_code == 78 and "ghost" in unknown.stderr


@pytest.mark.parametrize("status", [400, 200])
def test_token_cut_by_the_300_character_limit_never_leaks(
    runner: CliRunner, api: responses.RequestsMock, status: int
) -> None:
    api.get(STAT_URL, status=status, body="x" * 290 + TOKEN)
    result = runner.invoke(app, ["stats", ID, "-v", "--json"])
    assert result.exit_code in (65, 75)
    text = result.stdout + result.stderr
    for start in range(len(TOKEN) - 8):
        assert TOKEN[start : start + 8] not in text
