"""The matching rule of sync against the test server's own journal items (issue 19): a status
always matches the item GREEN-API (here, the sandbox) lists for it, whatever its order or case."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from greenstatus.rules import settle
from greenstatus.sandbox.statuses import journal_item

CREATED = 1_700_000_000.0
PHONES = st.lists(st.from_regex(r"7900\d{7}@c\.us", fullmatch=True), max_size=4, unique=True)
TEXTS = st.text(min_size=1, max_size=40).filter(str.strip)
COLORS = st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)


def _item(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    item = journal_item("BAE5PROPERTY", body)
    item["timestamp"] = int(CREATED) + 1
    item.update(changes)
    return item


@settings(max_examples=150, derandomize=True)
@given(text=TEXTS, color=COLORS, font=st.sampled_from([None, "SERIF", "OSWALD_HEAVY"]), to=PHONES)
def test_a_text_status_matches_its_own_item_in_any_order_and_case(
    text: str, color: str, font: str | None, to: list[str]
) -> None:
    body: dict[str, Any] = {"message": text, "backgroundColor": color}
    if font:
        body["font"] = font
    if to:
        body["participants"] = to
    listed = {**body, "backgroundColor": color.swapcase(), "participants": to[::-1]}
    found = settle.candidates("text", body, CREATED, [_item(listed)], set())
    assert [i["idMessage"] for i in found] == ["BAE5PROPERTY"]
    assert settle.verdict(found, 0) == ("queued", "BAE5PROPERTY")
    other = {**body, "message": text + "!"}
    assert settle.candidates("text", other, CREATED, [_item(listed)], set()) == []


@settings(max_examples=100, derandomize=True)
@given(caption=TEXTS, to=PHONES, name=st.sampled_from(["a.jpg", "b.mp4"]))
def test_media_matches_by_caption_audience_and_type_whatever_the_file_is_called(
    caption: str, to: list[str], name: str
) -> None:
    kind = "video" if name.endswith("mp4") else "image"
    body = {"urlFile": f"https://x.example/{name}", "fileName": name, "caption": caption}
    if to:
        body["participants"] = to  # type: ignore[assignment]
    item = _item(body, fileName="0f1e2d3c-renamed", participants=to[::-1])
    assert len(settle.candidates(kind, body, CREATED, [item], set())) == 1
    wrong = "image" if kind == "video" else "video"
    assert settle.candidates(wrong, body, CREATED, [item], set()) == []
    assert settle.candidates(kind, body, CREATED, [item], {"BAE5PROPERTY"}) == []
