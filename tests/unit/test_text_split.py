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


def parts_of(text: str, entity_type: str, limit: int = 4096, head: str = "") -> list[str]:
    from aiogram.types import MessageEntity

    from bot.ui.text import split_formatted

    entity = MessageEntity(type=entity_type, offset=0, length=utf16_len(text))
    return split_formatted(text, [entity], limit, head=head)


def balanced(html_text: str) -> bool:
    """Every opened tag is closed, innermost first (what Telegram's HTML parser insists on)."""
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)(\w+)[^>]*>", html_text):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def test_an_all_bold_reply_with_a_head_splits_into_balanced_parts():
    text = " ".join(f"слово{n}" for n in range(700))[:4096]
    parts = parts_of(text, "bold", head="<b>Юрист</b>")
    assert len(parts) == 2
    assert parts[0].startswith("<b>Юрист</b>\n<b>") and all(part.endswith("</b>") for part in parts)
    assert all(balanced(part) and utf16_len(visible(part)) <= 4096 for part in parts)
    first_body = visible(parts[0]).split("\n", 1)[1]
    assert f"{first_body} {visible(parts[1])}" == text


def test_an_all_pre_reply_without_spaces_is_cut_at_the_limit_not_inside_an_emoji():
    text = "a" + "😀" * 3000  # 6,001 UTF-16 units, no boundary to prefer
    parts = parts_of(text, "pre", limit=4096)
    assert [utf16_len(visible(part)) for part in parts] == [4095, 1906]  # the pair at 4,096 moves whole
    assert all(part.startswith("<pre>") and part.endswith("</pre>") for part in parts)
    assert "".join(visible(part) for part in parts) == text


def test_entities_are_clipped_to_each_part():
    from aiogram.types import MessageEntity

    from bot.ui.text import split_formatted

    text = "plain start " + "x" * 30 + " bold middle " + "y" * 30
    bold = MessageEntity(type="bold", offset=text.index("bold"), length=len("bold middle"))
    link = MessageEntity(type="text_link", offset=0, length=5, url="https://example.org/")
    parts = split_formatted(text, [bold, link], limit=50)
    assert parts == [
        '<a href="https://example.org/">plain</a> start ' + "x" * 30 + " <b>bold</b>",
        "<b>middle</b> " + "y" * 30,
    ]
