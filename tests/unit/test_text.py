"""Text rules: sources, decoding, clean-up, counting as GREEN-API does, and truncation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from greenstatus.errors import ExitCode, UsageError
from greenstatus.rules import text


def test_counts_utf16_units_like_javascript() -> None:
    assert text.utf16_units("hello") == 5
    assert text.utf16_units("привет") == 6
    assert text.utf16_units("😀") == 2
    assert text.utf16_units("👍🏽") == 4
    assert text.utf16_units("🇷🇺") == 4
    assert text.utf16_units("é") == 1


def test_normalise_drops_one_bom_and_folds_line_ends() -> None:
    assert text.normalise("\ufeff\ufeffa\r\nb\rc\n\n  \t\n") == "\ufeffa\nb\nc"


def test_normalise_keeps_leading_space_and_inner_blank_lines() -> None:
    assert text.normalise("  a\n\nb  ") == "  a\n\nb"


@pytest.mark.parametrize("empty", ["", "   ", "\n\r\n\t", "\ufeff \n"])
def test_empty_text_is_a_usage_error(empty: str) -> None:
    with pytest.raises(UsageError, match="empty") as caught:
        text.normalise(empty)
    assert caught.value.exit_code == ExitCode.USAGE


def test_invalid_utf8_names_the_byte_offset() -> None:
    with pytest.raises(UsageError, match=r"0xFF at offset 3"):
        text.decode(b"abc\xffdef")
    with pytest.raises(UsageError, match=r"0xD0 at offset 2"):
        text.decode(b"ok\xd0")


def test_500_units_pass_and_501_fail_with_the_count() -> None:
    assert text.check_length("a" * 500, allow_truncate=False) == "a" * 500
    with pytest.raises(UsageError) as caught:
        text.check_length("a" * 499 + "😀", allow_truncate=False)
    assert "501 characters" in caught.value.message
    assert "UTF-16" in caught.value.message
    assert "--truncate" in caught.value.message


def test_truncate_ends_with_ellipsis_within_the_limit() -> None:
    cut = text.check_length("word " * 200, allow_truncate=True)
    assert cut.endswith("…")
    assert text.utf16_units(cut) <= 500
    assert not cut[:-1].endswith(" ")


def test_truncate_never_splits_a_surrogate_pair() -> None:
    cut = text.truncate("a" + "😀" * 300)
    assert text.utf16_units(cut) <= 500
    assert cut == "a" + "😀" * 249 + "…"


def test_truncate_keeps_skin_tone_with_its_emoji() -> None:
    source = "x" * 496 + "👍🏽" + "tail"  # the modifier would straddle the cut
    cut = text.truncate(source)
    assert "🏽" not in cut and cut.endswith("x…")


def test_truncate_keeps_flags_paired() -> None:
    source = "x" * 496 + "🇷🇺" + "more text"  # only the first half of the flag would fit
    cut = text.truncate(source)
    assert cut == "x" * 496 + "…"
    assert text.truncate("x" * 495 + "🇷🇺" + "more") == "x" * 495 + "🇷🇺…"


def test_truncate_keeps_zwj_sequences_whole() -> None:
    family = "👨\u200d👩\u200d👧"
    cut = text.truncate("x" * 494 + family + "tail")
    assert "\u200d" not in cut


def test_truncate_keeps_combining_marks_with_their_letter() -> None:
    cut = text.truncate("x" * 498 + "e\u0301" + "tail")
    assert cut == "x" * 498 + "…"


def test_source_order_argument_then_file_then_stdin(tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_bytes(b"from file")
    pipe = io.BytesIO(b"from stdin")
    assert text.read_source("arg", str(f), pipe, False) == b"arg"
    assert text.read_source(None, str(f), pipe, False) == b"from file"
    assert text.read_source(None, None, pipe, False) == b"from stdin"
    assert text.read_source("-", None, io.BytesIO(b"dash"), False) == b"dash"
    assert text.read_source(None, "-", io.BytesIO(b"dash file"), False) == b"dash file"


def test_never_reads_a_terminal() -> None:
    with pytest.raises(UsageError, match="no status text"):
        text.read_source(None, None, io.BytesIO(b"typed"), True)
    with pytest.raises(UsageError, match="stdin is a terminal"):
        text.read_source("-", None, io.BytesIO(b"typed"), True)


def test_dev_null_is_not_data() -> None:
    with open("/dev/null", "rb") as devnull:
        assert not text.stdin_is_data(devnull)  # type: ignore[arg-type]
        with pytest.raises(UsageError, match="no status text"):
            text.read_source(None, None, devnull, False)  # type: ignore[arg-type]


def test_input_over_one_mebibyte_is_refused_without_reading_on() -> None:
    class Counting(io.BytesIO):
        asked = 0

        def read(self, size: int | None = -1) -> bytes:
            Counting.asked = size or -1
            return super().read(size)

    stream = Counting(b"a" * (2 * 1024 * 1024))
    with pytest.raises(UsageError, match="larger than 1 MiB"):
        text.read_source(None, None, stream, False)
    assert Counting.asked == 1024 * 1024 + 1


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        text.read_source(None, str(tmp_path / "nope.txt"), None, True)
    with pytest.raises(UsageError, match="directory"):
        text.read_source(None, str(tmp_path), None, True)


def test_argument_bytes_survive_surrogateescape() -> None:
    import os

    arg = os.fsdecode(b"bad \xff byte")
    with pytest.raises(UsageError, match="offset 4"):
        text.decode(text.read_source(arg, None, None, True))
