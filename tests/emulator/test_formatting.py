"""parse_mode handling: the entities Telegram stores and the errors it gives."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest

from tgemu import Emulator
from tgemu.formatting import (
    ParseError,
    check_link,
    detect_entities,
    normalize,
    parse_html,
    parse_markdown_v2,
)


def entities(text_and_entities):
    return [(e["type"], e["offset"], e["length"]) for e in text_and_entities[1]]


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("Hello <foo>world</foo>", 'Unsupported start tag "foo" at byte offset 6'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold", "Can't find end tag corresponding to start tag b"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Ўзбек <x>", 'Unsupported start tag "x" at byte offset 11'),  # offsets are UTF-8 bytes
    ],
)
def test_html_errors(html, error):
    with pytest.raises(ParseError) as raised:
        parse_html(html)
    assert str(raised.value) == error


def test_html_entities_and_offsets():
    text, found = parse_html('😀 <b>bold <i>both</i></b> &lt;&amp;&gt; &#65;&#x42; AT&T <a href="example.com">link</a>')
    assert text == "😀 bold both <&> AB AT&T link"
    assert [(e["type"], e["offset"], e["length"]) for e in found] == [
        ("bold", 3, 9),  # the emoji is two UTF-16 code units
        ("italic", 8, 4),
        ("text_link", 25, 4),
    ]
    assert found[-1]["url"] == "http://example.com/"


def test_html_pre_code_blockquote_spoiler():
    text, found = parse_html(
        '<pre><code class="language-python">print(1)</code></pre><blockquote expandable>q</blockquote>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><code>c</code>'
    )
    assert text == "print(1)qstc"
    assert found[0] == {"type": "pre", "offset": 0, "length": 8, "language": "python"}
    assert ("expandable_blockquote", 8, 1) in entities((text, found))
    assert ("spoiler", 9, 1) in entities((text, found)) and ("spoiler", 10, 1) in entities((text, found))
    assert ("code", 11, 1) in entities((text, found))


def test_links_mentions_and_dropped_links():
    resolve = {42: {"id": 42, "is_bot": False, "first_name": "Ann"}}.get
    text, found = parse_html('<a href="tg://user?id=42">Ann</a> <a href="javascript:x">bad</a>', resolve)
    assert text == "Ann bad"
    assert found == [{"type": "text_mention", "offset": 0, "length": 3, "user": resolve(42)}]
    assert check_link("https://t.me/mihelp_bot?start=x") == "https://t.me/mihelp_bot?start=x"
    assert check_link("mailto:a@b.c") is None


@pytest.mark.parametrize(
    ("markdown", "error"),
    [
        ("Price: 5.5", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("*bold", "Can't find end of Bold entity at byte offset 0"),
        ("a [link](http://x.com", "Can't find end of a URL at byte offset 9"),
        (">quote *bold\nnext", "Can't find end of Bold entity at byte offset 7"),
    ],
)
def test_markdown_v2_errors(markdown, error):
    with pytest.raises(ParseError) as raised:
        parse_markdown_v2(markdown)
    assert str(raised.value) == error


def test_markdown_v2_entities():
    text, found = parse_markdown_v2(r"*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://x.org) 1\.5 " + "```py\ncode```")
    assert text == "b i u s sp c l 1.5 code"
    assert entities((text, found)) == [
        ("bold", 0, 1),
        ("italic", 2, 1),
        ("underline", 4, 1),
        ("strikethrough", 6, 1),
        ("spoiler", 8, 2),
        ("code", 11, 1),
        ("text_link", 13, 1),
        ("pre", 19, 4),
    ]
    assert found[-1]["language"] == "py"


def test_normalize_trims_and_drops_blank_entities():
    text, found = normalize("  \n<x>\r\n  ", [{"type": "bold", "offset": 0, "length": 3}])
    assert text == "<x>" and found == []
    text, found = normalize("a \tb", [{"type": "bold", "offset": 1, "length": 3}])
    # the tab becomes a space, and an entity never starts with whitespace
    assert text == "a  b" and found == [{"type": "bold", "offset": 3, "length": 1}]
    assert normalize(" \n ", []) is None


def test_automatic_entities():
    text = "/start@mihelp_bot see https://mihelp.uz/help, mail a.b@c.ru #huquq @aziz_k"
    kinds = [(e["type"], text[e["offset"] : e["offset"] + e["length"]]) for e in detect_entities(text, [])]
    assert kinds == [
        ("bot_command", "/start@mihelp_bot"),
        ("url", "https://mihelp.uz/help"),
        ("email", "a.b@c.ru"),
        ("hashtag", "#huquq"),
        ("mention", "@aziz_k"),
    ]


async def test_parse_errors_through_the_api(emu, bot):
    user = emu.add_user(started=True)
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(user.id, "Hello <foo>world</foo>", parse_mode="HTML")
    assert error.value.message == 'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 6'
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Character '!' is reserved"):
        await bot.send_message(user.id, "Hi!", parse_mode="MarkdownV2")
    with pytest.raises(TelegramBadRequest, match="Bad Request: unsupported parse_mode"):
        await bot.send_message(user.id, "x", parse_mode="BBCode")
    message = await bot.send_message(user.id, "<b>Hi</b> &amp; <i>welcome</i>", parse_mode="HTML")
    assert message.text == "Hi & welcome"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 2), ("italic", 5, 7)]
    stored = user.last_message()
    assert stored.entities == [e.model_dump(exclude_none=True) for e in message.entities]


async def test_explicit_entities_win_over_parse_mode(emu, bot):
    from aiogram.types import MessageEntity

    user = emu.add_user(started=True)
    message = await bot.send_message(
        user.id, "<b>raw</b>", parse_mode="HTML", entities=[MessageEntity(type="bold", offset=0, length=3)]
    )
    assert message.text == "<b>raw</b>" and message.entities[0].length == 3
    with pytest.raises(TelegramBadRequest, match="ends after the end of the text"):
        await bot.send_message(user.id, "ab", entities=[MessageEntity(type="bold", offset=1, length=5)])


async def test_strict_html_entities_option():
    async with Emulator(strict_html_entities=True) as emu:
        emu.add_bot()
        user = emu.add_user(started=True)
        api = emu.api.handlers["sendmessage"][1]
        from tgemu.errors import ApiError
        from tgemu.params import Params

        with pytest.raises(ApiError) as error:
            await api(
                emu.world.bots[123456],
                Params({"chat_id": user.id, "text": "AT&T &nbsp;", "parse_mode": "HTML"}),
            )
        assert error.value.description == (
            'Bad Request: can\'t parse entities: Unsupported HTML entity "&T" at byte offset 2'
        )
