"""User text is shown as typed: markdown, reportlab and plotly markup in it is never obeyed."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from tracker import usertext
from tracker.usertext import WORD_JOINER as WJ
from tracker.usertext import Line

ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
MARKUP = re.compile(r"[\\`*\[\]<&$~|{}]|(?<![^\W_])_|_(?![^\W_])")
"""What makes markdown wherever it stands (an underscore only at a word's edge), so the output
holds none unescaped."""


def unescaped(markdown: str) -> str:
    """Return what a reader sees of escaped markdown text: backslashes and joiners removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WJ, "")


def test_an_image_link_is_text_so_no_browser_fetches_it():
    shown = usertext.markdown("![b](http://host/beacon.png)")
    assert shown == rf"!\[b\](http:{WJ}//host/beacon.png)"


def test_raw_html_is_text():
    shown = usertext.markdown('<img src="x" onerror="alert(1)"><a href="http://h">click</a>')
    assert "<" not in shown.replace("\\<", "")
    assert shown.startswith(r'\<img src="x" onerror="alert(1)">\<a href="http:')


def test_a_link_to_another_host_is_text_and_a_bare_url_is_not_made_a_link():
    assert usertext.markdown("[report](https://evil.example/x)") == (
        rf"\[report\](https:{WJ}//evil.example/x)"
    )
    # GFM turns http://, www. and name@host. into links after escapes are read: the joiner
    # sits inside each pattern.
    assert usertext.markdown("see www.evil.example or ann@evil.example") == (
        f"see www{WJ}.evil.example or ann@{WJ}evil.example"
    )


def test_bold_is_shown_with_its_asterisks_so_it_cannot_pass_for_the_trackers_verdict():
    assert usertext.markdown("**All green, nothing to see**") == (
        r"\*\*All green, nothing to see\*\*"
    )


def test_streamlit_colour_icons_emoji_and_latex_are_text():
    shown = usertext.markdown(":red[Fine] :material/check_circle: :smile: $x^2$")
    assert shown == rf":{WJ}red\[Fine\] :{WJ}material/check_circle: :{WJ}smile: \$x^2\$"


def test_headings_numbered_lists_quotes_and_rules_at_a_line_start_are_text():
    shown = usertext.markdown("# Done\n1. first\n2) second\n> quoted\n+1\n===\n---")
    assert shown == "\\# Done  \n1\\. first  \n2\\) second  \n\\> quoted  \n\\+1  \n\\===  \n\\---"


def test_line_breaks_paragraphs_and_bullet_points_are_kept():
    text = "Progress this month:\n- clinics opened\n* two more staff\n\nNext month\r\nmore"
    assert usertext.lines(text) == [
        Line("Progress this month:"),
        Line("clinics opened", bullet=True),
        Line("two more staff", bullet=True),
        Line("Next month", after_gap=True),
        Line("more"),
    ]
    assert usertext.markdown(text) == (
        "Progress this month:\n\n- clinics opened\n- two more staff\n\nNext month  \nmore"
    )


def test_old_mac_line_ends_break_lines_too():
    assert usertext.plain("a\rb\r\rc") == "a\nb\n\nc"


def test_inline_text_is_one_line():
    assert usertext.markdown("Raise\n\n- this", inline=True) == "Raise - this"
    # At the start the text may begin a line (a list item's words, a message): marks escaped.
    assert usertext.markdown("- this\n1. that", inline=True) == r"\- this 1. that"


def test_empty_and_missing_text_give_nothing():
    assert usertext.markdown(None) == ""
    assert usertext.markdown(float("nan")) == ""
    assert usertext.reportlab("  \n ") == ""


def test_reportlab_prints_its_own_markup_instead_of_obeying_it():
    typed = '<b>x</b> & <font color="red">y</font> &nbsp;'
    markup = usertext.reportlab(typed)
    assert markup == '&lt;b&gt;x&lt;/b&gt; &amp; &lt;font color="red"&gt;y&lt;/font&gt; &amp;nbsp;'
    assert Paragraph(markup, ParagraphStyle("t")).getPlainText() == typed


def test_reportlab_keeps_line_breaks_and_bullets():
    assert usertext.reportlab("a\n- b\n\nc") == "a<br/>• b<br/><br/>c"


def test_plain_text_for_powerpoint_keeps_lines_and_bullets():
    assert usertext.plain("a\n- b\n\n c ") == "a\n• b\n\nc"


def test_plotly_markup_and_latex_are_escaped():
    assert usertext.plotly("<b>Bold</b> <a href='http://x'>l</a>\n$x$") == (
        "&lt;b&gt;Bold&lt;/b&gt; &lt;a href='http://x'&gt;l&lt;/a&gt; &#36;x&#36;"
    )


@given(st.text())
def test_every_punctuation_mark_is_escaped_and_the_reader_sees_the_text_as_typed(text):
    shown = usertext.markdown(text, inline=True)
    assert not MARKUP.search(ESCAPED.sub("", shown))
    assert not re.match(r"[#>+=-]|\d+[.)]", shown)
    assert unescaped(shown) == usertext.one_line(text).replace(WJ, "")
    for danger in ("![", "<img", "](http", "<a ", "**"):
        assert danger not in shown


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("-*+• \n\r#>[]()!:")))
def test_block_markdown_shows_each_line_as_typed(text):
    shown = usertext.markdown(text)
    seen = [
        unescaped(part.removeprefix("- "))
        for block in shown.split("\n\n")
        for part in block.split("  \n" if not block.startswith("- ") else "\n")
        if block
    ]
    assert seen == [line.text.replace(WJ, "") for line in usertext.lines(text)]
    for danger in ("![", "<img", "](http", "\n#", "\n>", "\n1.", "\n==", "\n---"):
        assert danger not in shown


@given(st.text())
def test_plotly_text_reads_back_as_typed(text):
    shown = usertext.plotly(text)
    assert "<" not in shown and ">" not in shown and "$" not in shown
    assert html.unescape(shown) == usertext.one_line(text)
