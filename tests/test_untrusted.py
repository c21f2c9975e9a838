"""Round 3 (issue 16): the token in any case or spelling, server text that is stored or shown,
--json that is JSON, usage errors, and the streams a run writes to."""

from __future__ import annotations

import json
import random
import time
from urllib.parse import quote

from fakeapi import TOKEN
from hypothesis import given, settings
from hypothesis import strategies as st

from greenstatus import output

ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def fragments(token: str) -> set[str]:
    return {token[i : i + 8].lower() for i in range(len(token) - 7)}


def decoded(text: str) -> str:
    """The text as a reader would undo every %XX, case folded."""
    from urllib.parse import unquote

    return unquote(text).lower()


@st.composite
def spelled_window(draw: st.DrawFn) -> tuple[str, str]:
    token = draw(st.text(alphabet=ALNUM, min_size=20, max_size=60))
    start = draw(st.integers(0, len(token) - 8))
    end = draw(st.integers(start + 8, len(token)))
    spelled = []
    for char in token[start:end]:
        if draw(st.booleans()):
            char = char.swapcase()
        how = draw(st.sampled_from(["raw", "upper", "lower"]))
        if how != "raw":
            hexed = f"{ord(char):02X}"
            char = "%" + (hexed if how == "upper" else hexed.lower())
        spelled.append(char)
    return token, "".join(spelled)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(spelled_window(), st.text(alphabet=" :/?=-xyz", max_size=12))
def test_any_window_in_any_case_and_encoding_is_masked(case: tuple[str, str], around: str) -> None:
    token, spelled = case
    shown = output.scrub(f"{around}{spelled}{around[::-1]}", [token])
    assert not any(f in decoded(shown) for f in fragments(token)), shown


def test_fully_percent_encoded_token_in_either_hex_case_is_masked() -> None:
    upper = "".join(f"%{ord(c):02X}" for c in TOKEN)
    for spelled in (
        upper,
        upper.lower(),
        TOKEN.upper(),
        json.dumps(TOKEN.upper(), ensure_ascii=True),
    ):
        shown = output.scrub(f"GET /waInstance1/x/{spelled} 200", [TOKEN])
        assert not any(f in decoded(shown) for f in fragments(TOKEN)), shown
        assert shown.startswith("GET /waInstance1/x/") and shown.endswith(" 200")


def test_json_and_repr_escapes_are_still_masked() -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in TOKEN[:20]) + TOKEN[20:].upper()
    shown = output.scrub(f"{{'t': '{escaped}'}} {quote(TOKEN)!r}", [TOKEN])
    assert "\\u" not in shown.replace("\\u2026", "")
    assert not any(f in decoded(shown) for f in fragments(TOKEN))


def test_text_that_only_looks_like_a_token_is_kept() -> None:
    text = "deadbeef cafebabe 0123456789 %41%42%43%44 TOKEN"
    assert output.scrub(text, [TOKEN]) == text


def test_scrubbing_a_mebibyte_is_fast() -> None:
    rng = random.Random(16)
    words = ["status", "queued", "%2F", "https://", TOKEN[:7], "7105", "BAE5", "\\u00e9"]
    text = " ".join(rng.choice(words) for _ in range(200_000))[: 1 << 20]
    started = time.perf_counter()
    output.scrub(text, [TOKEN])
    assert time.perf_counter() - started < 1.0
