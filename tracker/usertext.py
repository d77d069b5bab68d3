"""User-entered text shown as text: one reading of it for the pages, charts, PDF and PowerPoint.

A person's aim, narrative, name or label is shown as they typed it. Line breaks and bullet points
("- ", "* ", "+ " or "• " at the start of a line) are kept, because a narrative reads better with
them and they cannot pass for anything else. Everything else is shown literally: no image, link,
raw HTML, heading, colour, icon, emoji shortcode or LaTeX, in the app or in the pack.

Bold is not kept either, not even in narratives: the tracker writes its own labels and verdicts in
bold beside user text ("**Progress.**", "**On track**", "Aim."), so a typed
"**All green, nothing to see**" would read as the tracker's word. The asterisks are shown as typed,
so nothing the author wrote is lost.

Streamlit still draws a spaced "->" as "→" and "--" as "—"; the meaning is the same, so that is
left. What each page draws was checked in Chromium (tests/e2e/test_usertext_browser.py).
"""

import html
import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

BULLET = "•"
"""How a bullet point is shown in the PDF and PowerPoint (the pages draw Streamlit's own)."""

BULLET_MARKS = re.compile(r"^[-*+•]\s+")
"""The line starts a person types for a bullet point, with the space after them."""

WORD_JOINER = "\u2060"
"""An invisible character that keeps the characters either side of it together.

Streamlit turns a few patterns into links, icons and emoji after it has read the markdown, so a
backslash cannot stop them: http:// and www. (links), name@host. (mail links), :word: (emoji and
the Streamlit logo) and :material/…: (icons). A word joiner after the ':' or '@', or between
'www' and '.', breaks each pattern without changing what the reader sees.
"""

_BREAK_PATTERNS = re.compile(r"(?<=[:@])(?=\S)|(?i:(?<=www)(?=\.))")
_MARKUP_ANYWHERE = re.compile(r"([\\`*\[\]<&$~|{}]|(?<![^\W_])_|_(?![^\W_]))")
"""Characters that make markup wherever they stand: escape, code, emphasis, links and images,
HTML and entities, LaTeX, strikethrough, tables and directive attributes. A backslash before
each makes it plain text (CommonMark lets any ASCII punctuation be escaped). An underscore
between two letters or digits (forecast_date) cannot start or end emphasis, so it is left."""
_MARKUP_AT_LINE_START = re.compile(r"^(?:[#>+=-]|\d+[.)])")
"""What makes markup only at the start of a line: headings, quotes, list items, rules and
setext underlines. Anywhere else these characters are ordinary, so they are left as typed and
messages that quote user text stay readable."""


@dataclass(frozen=True)
class Line:
    """One line of user text: its words (bullet mark and outer spaces removed) and its kind."""

    text: str
    bullet: bool = False
    after_gap: bool = False
    """True when one or more blank lines came before it: a new paragraph."""


def _text(value: object) -> str:
    """Return `value` as text; None and NaN (an empty cell) give ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def lines(value: object) -> list[Line]:
    """Return user text as its lines: the one reading every output shows.

    CR, LF and CRLF all end a line; blank lines become a paragraph gap; a line starting with a
    bullet mark becomes a bullet point. Nothing else in the text has any meaning.
    """
    found: list[Line] = []
    gap = False
    for raw in _text(value).splitlines():
        stripped = raw.strip()
        if not stripped:
            gap = bool(found)
            continue
        mark = BULLET_MARKS.match(stripped)
        words = stripped[mark.end() :] if mark else stripped
        found.append(Line(words, bullet=mark is not None, after_gap=gap))
        gap = False
    return found


def one_line(value: object) -> str:
    """Return user text on one line: every run of spaces and line breaks becomes one space."""
    return " ".join(_text(value).split())


def _markdown_escape(text: str) -> str:
    """Return one line of text as markdown that shows it as typed, wherever it is placed."""
    text = _MARKUP_ANYWHERE.sub(r"\\\1", _BREAK_PATTERNS.sub(WORD_JOINER, text))
    # The line-start mark is escaped on its last character: "1\." and "\-" are plain text.
    return _MARKUP_AT_LINE_START.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], text)


def markdown(value: object, *, inline: bool = False) -> str:
    """Return user text as Streamlit markdown that shows it as typed.

    With `inline` the text is put on one line, for titles, labels, captions, table-like lines
    and words inside a sentence. Otherwise line breaks, paragraphs and bullet points are kept.
    """
    if inline:
        return _markdown_escape(one_line(value))
    # Consecutive lines of one kind form a block: a paragraph, or a list of bullet points.
    blocks: list[tuple[bool, list[str]]] = []
    for line in lines(value):
        if not blocks or line.after_gap or blocks[-1][0] != line.bullet:
            blocks.append((line.bullet, []))
        blocks[-1][1].append(_markdown_escape(line.text))
    return "\n\n".join(
        # Two spaces before a newline are markdown's line break inside a paragraph.
        "\n".join(f"- {item}" for item in texts) if bullet else "  \n".join(texts)
        for bullet, texts in blocks
    )


def reportlab(value: object) -> str:
    """Return user text as the XML-like markup of a reportlab Paragraph, shown as typed.

    <, > and & are escaped, so a typed <b>, <font> or &nbsp; is printed, not obeyed; line
    breaks, paragraph gaps and bullet points are kept.
    """
    parts: list[str] = []
    for line in lines(value):
        text = xml_escape(line.text)
        if line.bullet:
            text = f"{BULLET} {text}"
        if parts:
            parts.append("<br/><br/>" if line.after_gap else "<br/>")
        parts.append(text)
    return "".join(parts)


def plain(value: object) -> str:
    """Return user text for PowerPoint, whose runs show every character as it is: each line on
    its own line, a blank line between paragraphs and • for each bullet point."""
    parts: list[str] = []
    for line in lines(value):
        if parts:
            parts.append("\n\n" if line.after_gap else "\n")
        parts.append(f"{BULLET} {line.text}" if line.bullet else line.text)
    return "".join(parts)


def plotly(value: object) -> str:
    """Return user text for a plotly title, hover text, tick or annotation label, on one line.

    Plotly reads a subset of HTML there (<b>, <a href>, <br>, <span style>) and LaTeX between
    dollar signs; <, > and & become entities and $ its numeric entity, which plotly shows as the
    characters typed.
    """
    return html.escape(one_line(value), quote=False).replace("$", "&#36;")
