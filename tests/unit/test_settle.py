"""The pure rules of issue 19: delivery order, matching an unknown entry, 25 hours, reach."""

from __future__ import annotations

from typing import Any

import pytest

from greenstatus.app.framework import _optional_values, optional_choice
from greenstatus.rules import settle

CREATED = 1_700_000_000.0


def text_item(ident: str = "BAE1", **extended: Any) -> dict[str, Any]:
    fields = {"text": "Doors open", "backgroundColor": "#228B22", **extended}
    return {
        "idMessage": ident,
        "timestamp": int(CREATED) + 5,
        "typeMessage": "extendedTextMessage",
        "textMessage": fields["text"],
        "extendedTextMessage": fields,
        "statusMessage": "sent",
        "sendByApi": True,
    }


def media_item(ident: str, kind: str = "imageMessage", **fields: Any) -> dict[str, Any]:
    return {
        "idMessage": ident,
        "timestamp": int(CREATED) + 5,
        "typeMessage": kind,
        "caption": "Two for one",
        "participants": [],
        "fileName": "0f1e2d3c.jpg",
        "statusMessage": "pending",
        "sendByApi": True,
        **fields,
    }


TEXT = {"message": "Doors open", "backgroundColor": "#228b22"}


def found(kind: str, body: dict[str, Any], items: list[dict[str, Any]], linked=()) -> list[str]:  # type: ignore[no-untyped-def]
    return [i["idMessage"] for i in settle.candidates(kind, body, CREATED, items, set(linked))]


def test_delivery_order_and_reached() -> None:
    assert settle.reached("read", "sent") and settle.reached("sent", "sent")
    assert not settle.reached("pending", "sent") and not settle.reached("sent", "delivered")
    assert not settle.reached("failed", "sent"), "an unknown word reaches nothing"
    assert settle.furthest("delivered", "sent") == "delivered", "a state never goes back"
    assert settle.furthest(None, "yellowCard") is None
    assert settle.furthest("sent", "read") == "read"


def test_text_matches_colour_case_insensitively_and_font_when_not_sent() -> None:
    assert found("text", TEXT, [text_item(font="SERIF")]) == ["BAE1"]
    assert found("text", {**TEXT, "font": "SERIF"}, [text_item(font="OSWALD_HEAVY")]) == []
    assert found("text", {**TEXT, "message": "Doors closed"}, [text_item()]) == []
    assert found("text", {**TEXT, "backgroundColor": "#000000"}, [text_item()]) == []


def test_a_kind_matches_each_typemessage_list_reads_as_that_kind() -> None:
    # One table (rules/states.KINDS) for list, report and sync: what list shows as a text
    # status is one sync may settle a text entry with, and nothing else is.
    assert found("text", TEXT, [{**text_item(), "typeMessage": "textMessage"}]) == ["BAE1"]
    assert found("text", TEXT, [{**text_item(), "typeMessage": "deletedMessage"}]) == []
    assert found("text", TEXT, [{**text_item(), "typeMessage": "imageMessage"}]) == []


def test_participants_are_a_set_and_none_matches_any_list() -> None:
    body = {**TEXT, "participants": ["2@c.us", "1@c.us"]}
    assert found("text", body, [text_item(participants=["1@c.us", "2@c.us"])]) == ["BAE1"]
    assert found("text", body, [text_item(participants=["1@c.us"])]) == []
    assert found("text", TEXT, [text_item(participants=["9@c.us"])]) == ["BAE1"]
    assert found("text", {**TEXT, "participants": []}, [text_item(participants=[])]) == ["BAE1"]


def test_media_by_caption_participants_and_type_never_the_file_name() -> None:
    body = {"urlFile": "https://x/a.jpg", "fileName": "a.jpg", "caption": "Two for one"}
    items = [
        media_item("IMG"),
        media_item("VID", "videoMessage"),
        media_item("OTHER", caption="Three for two"),
        media_item("AUD", "audioMessage"),
    ]
    assert found("image", body, items) == ["IMG"]
    assert found("video", body, items) == ["VID"]
    chosen = {**body, "participants": ["1@c.us"]}
    assert found("image", chosen, [media_item("IMG", participants=["1@c.us"])]) == ["IMG"]
    assert found("image", chosen, [media_item("IMG", participants=["2@c.us"])]) == []
    voice = {"urlFile": "https://x/a.mp3", "fileName": "a.mp3", "backgroundColor": "#000000"}
    assert found("voice", voice, items) == ["AUD"]


def test_phone_posts_old_items_and_linked_ids_are_never_candidates() -> None:
    assert found("text", TEXT, [text_item(), {**text_item("PHONE"), "sendByApi": False}]) == [
        "BAE1"
    ]
    old = {**text_item("OLD"), "timestamp": int(CREATED) - 61}
    slack = {**text_item("SLACK"), "timestamp": int(CREATED) - 60}
    assert found("text", TEXT, [old, slack]) == ["SLACK"]
    assert found("text", TEXT, [text_item("BAE1"), text_item("BAE2")], linked=["BAE1"]) == ["BAE2"]


@pytest.mark.parametrize(
    ("count", "age", "expected"),
    [
        (1, 10, ("queued", "BAE0")),
        (2, 10, ("ambiguous", None)),
        (2, 30 * 3600, ("ambiguous", None)),
        (0, 25 * 3600 - 1, ("unknown", None)),
        (0, 25 * 3600, ("absent", None)),
    ],
)
def test_the_verdict_and_the_25_hour_rule(count: int, age: float, expected: Any) -> None:
    items = [text_item(f"BAE{n}") for n in range(count)]
    assert settle.verdict(items, age) == expected


def test_minutes_cover_the_oldest_entry_within_30_days() -> None:
    assert settle.minutes_to_cover(0) == 2
    assert settle.minutes_to_cover(3600) == 62
    assert settle.minutes_to_cover(90 * 86400) == 43200


def test_reach_counts_every_participant_delivered_and_read() -> None:
    items = [{"status": "sent"}, {"status": "delivered"}, {"status": "read"}, "junk"]
    assert settle.reach(items) == (3, 2, 1)


@pytest.mark.parametrize(
    ("args", "joined"),
    [
        (["--wait", "Doors open"], ["--wait=sent", "Doors open"]),
        (["--wait", "delivered", "hi"], ["--wait=delivered", "hi"]),
        (["hi", "--wait"], ["hi", "--wait=sent"]),
        (["--wait=read", "hi"], ["--wait=read", "hi"]),
        (["--wait", "--", "--wait"], ["--wait=sent", "--", "--wait"]),
        (["--", "--wait", "read"], ["--", "--wait", "read"]),
    ],
)
def test_the_next_word_is_state_only_when_it_is_one(args: list[str], joined: list[str]) -> None:
    kind = optional_choice(settle.WAIT_STATES, "sent")
    assert _optional_values(args, {"--wait": kind}) == joined


@pytest.mark.parametrize(
    "stamp", [float("nan"), float("inf"), float("-inf"), "1700000005", None, True, [1]]
)
def test_an_item_whose_timestamp_is_no_finite_number_is_never_a_candidate(stamp: Any) -> None:
    odd = {**text_item("ODD"), "timestamp": stamp}
    assert found("text", TEXT, [odd, text_item("BAE1")]) == ["BAE1"]
    missing = text_item("GONE")
    del missing["timestamp"]
    assert found("text", TEXT, [missing]) == []
