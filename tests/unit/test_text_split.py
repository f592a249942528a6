import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ui.text import split_text, utf16_len


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_short_text_untouched():
    assert split_text("hello") == ["hello"]


def test_splits_on_paragraphs_first():
    paragraphs = ["A" * 3000, "B" * 3000, "C" * 100]
    chunks = split_text("\n\n".join(paragraphs))
    assert chunks == ["A" * 3000, "B" * 3000 + "\n\n" + "C" * 100]


def test_long_word_is_cut_but_not_lost():
    chunks = split_text("x" * 9000)
    assert [len(c) for c in chunks] == [4096, 4096, 808]


def test_tags_and_entities_are_never_cut():
    text = ("<b>bold</b> &amp; " * 600).strip()
    chunks = split_text(text, limit=500)
    for chunk in chunks:
        assert chunk.count("<b>") == chunk.count("</b>")
        assert not re.search(r"&[a-z]*$", chunk)
        assert utf16_len(visible(chunk)) <= 500


def test_emoji_counted_in_utf16():
    text = "😀" * 3000  # 6000 UTF-16 units
    chunks = split_text(text)
    assert all(utf16_len(c) <= 4096 for c in chunks)
    assert "".join(chunks) == text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab cд\n😀.")), min_size=0, max_size=3000),
    st.integers(min_value=20, max_value=400),
)
def test_nothing_lost_and_all_within_limit(text, limit):
    chunks = split_text(text, limit=limit)
    assert all(utf16_len(chunk) <= limit for chunk in chunks)
    # Only whitespace at the cut points may go; every other character survives in order.
    assert "".join(text.split()) == "".join("".join(chunks).split())
