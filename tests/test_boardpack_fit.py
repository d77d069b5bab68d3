"""How much of a user's text the pack prints: cut at a stated limit with a note, names shortened,
and text wrapped into lines that give the text back when joined."""

import pytest

from tracker.boardpack.fit import cut, lines, shorten

WORDS = " ".join(f"word{n:04d}" for n in range(1, 400))
"""399 distinct eight-character words, 3,590 characters: where a cut falls can be read off."""


def test_a_text_within_the_limit_is_printed_whole():
    assert cut(WORDS, len(WORDS)) == WORDS


def test_a_longer_text_is_cut_between_words_and_says_where_and_why():
    shown = cut(WORDS, 100)
    # 100 characters hold eleven words of eight and the spaces between them (11 × 9 - 1 = 98).
    kept = " ".join(f"word{n:04d}" for n in range(1, 12))
    assert shown == f"{kept} … (cut at 100 characters; full text in the tracker)"


def test_a_text_without_spaces_is_cut_at_the_limit():
    assert cut("x" * 5_001, 5_000) == "x" * 5_000 + (
        " … (cut at 5,000 characters; full text in the tracker)"
    )


def test_a_long_name_is_shortened_with_an_ellipsis_to_the_limit():
    assert shorten("Same day emergency care", 10) == "Same day…"
    assert shorten("Short name", 10) == "Short name"


@pytest.mark.parametrize(
    "text",
    [WORDS, "", "one", "x" * 95, "first line\n\nthird line after a blank one\n", "a  b   c"],
)
def test_wrapped_lines_give_the_text_back_and_none_is_too_long(text):
    wrapped = lines(text, 30)
    assert "".join(wrapped) == text
    assert all(len(line.rstrip(" \n")) <= 30 for line in wrapped)


def test_lines_break_between_words_and_only_break_a_word_longer_than_a_line():
    assert lines("aaaa bbbb cccc", 8) == ["aaaa ", "bbbb ", "cccc"]
    assert lines("aaaa bbbb cccc", 9) == ["aaaa bbbb ", "cccc"]
    assert lines("x" * 12, 5) == ["xxxxx", "xxxxx", "xx"]
    assert lines("one\ntwo", 10) == ["one\n", "two"]
