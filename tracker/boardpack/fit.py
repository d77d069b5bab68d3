"""How much of a user's text the pack prints: the stated limits, cutting and splitting (pure)."""

import re

TEXT_LIMIT = 5_000
"""Characters of one paragraph (an aim, a part of a check-in) the pack prints: about a slide of
11 pt text. The model allows 20,000; a board reads a summary, the tracker keeps the whole."""
CELL_LIMIT = 2_000
"""Characters of one table cell (a measure definition, a reason): a careful operational
definition fits whole; a longer one is cut rather than fill pages of the appendix."""
NAME_LIMIT = 120
"""Characters of a name in a title, heading, contents line, chart or table: two lines of a
slide title. The models allow 500."""
FOOTER_NAME_LIMIT = 60
"""Characters of the programme's name in the footer, so the footer stays on one line."""
PAGES_BASE = 50
PAGES_PER_INITIATIVE = 50
"""A pack may run to PAGES_BASE + PAGES_PER_INITIATIVE slides or pages per initiative (its
section, its share of the exceptions and the appendix). With every text at its longest the
sample takes about 23 an initiative (250 slides, 183 pages for 11), so a pack past twice that
is a layout that does not end; stopping it with a message beats filling the server's memory."""


def page_limit(initiatives: int) -> int:
    """Return the most slides or pages a pack of `initiatives` initiatives may run to."""
    return PAGES_BASE + PAGES_PER_INITIATIVE * max(initiatives, 1)


def cut(text: str, limit: int) -> str:
    """Return `text`, or its first `limit` characters (ending at a word) with a note saying so."""
    if len(text) <= limit:
        return text
    kept = text[:limit]
    space = kept.rfind(" ")
    # Cut between words unless that would throw away more than a tenth of what is kept.
    if space > limit * 0.9:
        kept = kept[:space]
    return f"{kept.rstrip()} … (cut at {limit:,} characters; full text in the tracker)"


def shorten(name: str, limit: int = NAME_LIMIT) -> str:
    """Return a name, or its first `limit` characters ending in "…" (a name has no room for
    a note)."""
    if len(name) <= limit:
        return name
    return name[: limit - 1].rstrip() + "…"


def lines(text: str, size: int) -> list[str]:
    """Return `text` wrapped into lines of at most `size` characters, between words where it can.

    Each line keeps the space or line break it ends with, so "".join(lines) is `text` again;
    a word longer than `size` is broken. An empty text is one empty line.
    """
    if size < 1:
        raise ValueError(f"a line must hold at least 1 character, not {size}")
    found = []
    for paragraph in re.split(r"(?<=\n)", text):
        rest = paragraph
        while len(rest.rstrip("\n")) > size:
            at = rest.rfind(" ", 1, size + 1)
            end = size if at <= 0 else at + 1
            found.append(rest[:end])
            rest = rest[end:]
        if rest or not found:
            found.append(rest)
    return found
