"""Message formatting as Telegram does it: parse modes, entity clean-up, automatic entities.

The parsers follow the behaviour and the error wording of Telegram's own implementation, because bots
branch on those descriptions: offsets and lengths are UTF-16 code units, errors name UTF-8 byte offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Entity = dict[str, Any]
UserResolver = Callable[[int], dict[str, Any] | None]


class ParseError(ValueError):
    """The text can't be parsed; the Bot API prefixes the message with "can't parse entities: "."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _width(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


# Same order as Telegram's sort: offset, longer first, then a fixed priority per type.
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
SPLITTABLE_TYPES = frozenset({"bold", "italic", "underline", "strikethrough", "spoiler"})
HIDDEN_DATA_TYPES = frozenset({"text_link", "text_mention", "custom_emoji"})
ENTITY_TYPES = frozenset(
    {
        "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold", "italic",
        "underline", "strikethrough", "spoiler", "blockquote", "expandable_blockquote", "code", "pre",
        "text_link", "text_mention", "custom_emoji",
    }
)  # fmt: skip


def sort_entities(entities: list[Entity]) -> list[Entity]:
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))
    return entities


# --------------------------------------------------------------------------------------------- links

_TG_USER_LINK = re.compile(r"^tg://user\?id=(\d+)$", re.IGNORECASE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_HOST = re.compile(r"^[^\s/?#@:]+$")


def link_user_id(url: str) -> int | None:
    match = _TG_USER_LINK.match(url.strip())
    return int(match.group(1)) if match else None


def check_link(url: str) -> str | None:
    """Telegram's link normalisation: None for a link it would drop, else the stored URL."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    lowered = url.lower()
    if lowered.startswith(("tg:", "ton:")):
        return url
    match = _SCHEME.match(url)
    if match:
        scheme = match.group(1).lower()
        if scheme not in ("http", "https"):
            return None
        rest = url[match.end() :]
    else:
        if ":" in url.split("/", 1)[0] and not re.match(r"^[^:/]+:\d+(?:[/?#]|$)", url):
            return None  # e.g. "mailto:..." or "javascript:..."
        scheme, rest = "http", url
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    host = re.sub(r":\d{1,5}$", "", host)
    if not host or not _HOST.match(host) or ("." not in host and host.lower() != "localhost"):
        return None
    if host.startswith(".") or host.endswith(".") or ".." in host:
        return None
    result = f"{scheme}://{rest}"
    if rest == authority:
        result += "/"  # Telegram stores "http://example.com" as "http://example.com/"
    return result


def _link_entity(offset: int, length: int, url: str, resolve_user: UserResolver | None) -> Entity | None:
    user_id = link_user_id(url)
    if user_id is not None:
        user = resolve_user(user_id) if resolve_user else None
        if user is None:
            return None
        return {"type": "text_mention", "offset": offset, "length": length, "user": user}
    checked = check_link(url)
    if checked is None:
        return None  # Telegram silently drops links it can't use
    return {"type": "text_link", "offset": offset, "length": length, "url": checked}


# ---------------------------------------------------------------------------------------------- HTML

HTML_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span",
        "pre", "code", "blockquote",
    }
)  # fmt: skip
_HTML_SPACE = frozenset(" \t\r\n\v\0")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler",
}  # fmt: skip


def _decode_html_entity(text: str, pos: int) -> tuple[str | None, int]:
    """Decode ``&...;`` at ``pos``: (character, index after it) or (None, pos) if it is not an entity."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        code = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and text[end] in "0123456789":
                code = code * 10 + int(text[end])
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None, pos
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if named is None:
            return None, pos
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


_ENTITY_LIKE = re.compile(r"&(#x?[0-9A-Za-z]*|[A-Za-z]+);?")


def parse_html(
    text: str, resolve_user: UserResolver | None = None, *, strict_entities: bool = False
) -> tuple[str, list[Entity]]:
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else ""

    def is_space(ch: str) -> bool:
        return ch == "" or ch in _HTML_SPACE

    def offset(i: int) -> int:
        return _byte_offset(text, i)

    out: list[str] = []
    entities: list[Entity] = []
    utf16 = 0
    has_surrogate = False
    # open tags: name, argument, UTF-16 offset, position in ``out``
    stack: list[tuple[str, str, int, int]] = []
    i = 0
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded, end = _decode_html_entity(text, i)
            if decoded is not None:
                has_surrogate |= 0xD800 <= ord(decoded) <= 0xDFFF
                out.append(decoded)
                utf16 += _width(decoded)
                i = end
                continue
            if strict_entities:
                like = _ENTITY_LIKE.match(text, i)
                shown = like.group(0) if like and len(like.group(0)) > 1 else "&"
                raise ParseError(f'Unsupported HTML entity "{shown}" at byte offset {offset(i)}')
        if ch != "<":
            out.append(ch)
            utf16 += _width(ch)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            while not is_space(at(i)) and at(i) != ">":
                i += 1
            if i >= n:
                raise ParseError(f"Unclosed start tag at byte offset {offset(begin)}")
            tag = text[begin + 1 : i].lower()
            if tag not in HTML_TAGS:
                raise ParseError(f'Unsupported start tag "{tag}" at byte offset {offset(begin)}')
            argument = ""
            while at(i) != ">":
                while i < n and is_space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                name_begin = i
                while not is_space(at(i)) and at(i) not in ("=", ">"):
                    i += 1
                name = text[name_begin:i]
                if not name:
                    raise ParseError(f'Empty attribute name in the tag "{tag}" at byte offset {offset(begin)}')
                while i < n and is_space(at(i)):
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and name.lower() == "expandable":
                        argument = "1"
                        continue
                    raise ParseError(
                        f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                        f"at byte offset {offset(begin)}"
                    )
                i += 1
                while i < n and is_space(at(i)):
                    i += 1
                if i >= n:
                    raise ParseError(f'Unclosed start tag "{tag}" at byte offset {offset(begin)}')
                if at(i) not in ("'", '"'):
                    # an unquoted name token: letters, digits, periods, hyphens; case-insensitive
                    token_begin = i
                    while at(i) and at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if not is_space(at(i)) and at(i) != ">":
                        raise ParseError(f"Unexpected end of name token at byte offset {offset(token_begin)}")
                else:
                    quote = text[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            decoded, end = _decode_html_entity(text, i)
                            if decoded is not None:
                                chars.append(decoded)
                                i = end
                                continue
                        chars.append(text[i])
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if i >= n:
                    raise ParseError(f"Unclosed start tag at byte offset {offset(begin)}")
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset(begin)}')
            stack.append((tag, argument, utf16, len(out)))
            i += 1  # the ">"
            continue

        # an end tag
        if not stack:
            raise ParseError(f"Unexpected end tag at byte offset {offset(begin)}")
        while not is_space(at(i)) and at(i) != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while i < n and is_space(at(i)):
            i += 1
        if at(i) != ">":
            raise ParseError(f"Unclosed end tag at byte offset {offset(begin)}")
        tag, argument, start, out_pos = stack[-1]
        if end_name and end_name != tag:
            raise ParseError(
                f'Unmatched end tag at byte offset {offset(begin)}, expected "</{tag}>", found "</{end_name}>"'
            )
        if utf16 > start:
            length = utf16 - start
            if tag in _SIMPLE_TAGS:
                entities.append({"type": _SIMPLE_TAGS[tag], "offset": start, "length": length})
            elif tag == "tg-emoji":
                if not argument.isdigit() or int(argument) == 0:
                    raise ParseError("Invalid custom emoji identifier specified")
                entities.append(
                    {"type": "custom_emoji", "offset": start, "length": length, "custom_emoji_id": argument}
                )
            elif tag == "a":
                url = argument or "".join(out[out_pos:])
                link = _link_entity(start, length, url, resolve_user)
                if link is not None:
                    entities.append(link)
            elif tag == "pre":
                last = entities[-1] if entities else None
                if (
                    last is not None
                    and last["type"] == "code"
                    and (last["offset"], last["length"]) == (start, length)
                    and last.get("language")
                ):
                    last["type"] = "pre"  # <pre><code class="language-x">
                else:
                    entities.append({"type": "pre", "offset": start, "length": length})
            elif tag == "code":
                last = entities[-1] if entities else None
                if (
                    last is not None
                    and last["type"] == "pre"
                    and (last["offset"], last["length"]) == (start, length)
                    and argument
                ):
                    last["language"] = argument  # <code class="language-x"><pre>
                else:
                    entity: Entity = {"type": "code", "offset": start, "length": length}
                    if argument:
                        entity["language"] = argument
                    entities.append(entity)
            elif tag == "blockquote":
                kind = "expandable_blockquote" if argument == "1" else "blockquote"
                entities.append({"type": kind, "offset": start, "length": length})
        stack.pop()
        i += 1
    if stack:
        raise ParseError(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    if has_surrogate:
        raise ParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # only <pre> keeps a language
    return "".join(out), sort_entities(entities)


# ---------------------------------------------------------------------------------------- MarkdownV2

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!\n")
_MD_SPACE = frozenset(" \t\r\n\v")
_ENTITY_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline", "strikethrough": "Strikethrough",
    "spoiler": "Spoiler", "code": "Code", "pre": "Pre", "pre_code": "PreCode", "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji", "blockquote": "BlockQuote",
}  # fmt: skip
_CUSTOM_EMOJI_URL = re.compile(r"^tg://emoji\?id=(\d+)$")


def _reserved(ch: str) -> ParseError:
    return ParseError(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")


def _escapable(ch: str) -> bool:
    return ch != "" and 0 < ord(ch) <= 126


def parse_markdown_v2(text: str, resolve_user: UserResolver | None = None) -> tuple[str, list[Entity]]:
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else ""

    out: list[str] = []
    entities: list[Entity] = []
    utf16 = 0
    # open entities: type, argument, UTF-16 offset, index where it began, position in ``out``
    stack: list[list[Any]] = []
    have_blockquote = False

    def read_url(i: int) -> tuple[str, int]:
        chars: list[str] = []
        while i < n and text[i] != ")":
            if text[i] == "\\" and _escapable(at(i + 1)):
                chars.append(text[i + 1])
                i += 2
                continue
            chars.append(text[i])
            i += 1
        return "".join(chars), i

    i = 0
    while i < n:
        ch = text[i]
        if ch == "\\" and _escapable(at(i + 1)):
            out.append(text[i + 1])
            utf16 += 1
            i += 2
            continue
        in_code = bool(stack) and stack[-1][0] in ("code", "pre", "pre_code")
        reserved = frozenset("`") if in_code else _MDV2_RESERVED
        if ch not in reserved:
            out.append(ch)
            utf16 += _width(ch)
            i += 1
            continue

        is_end = False
        if stack:
            top = stack[-1][0]
            if have_blockquote and ch == "\n" and (i + 1 == n or text[i + 1] != ">"):
                is_end = True
            elif top == "bold":
                is_end = ch == "*"
            elif top == "italic":
                is_end = ch == "_" and at(i + 1) != "_"
            elif top == "code":
                is_end = ch == "`"
            elif top in ("pre", "pre_code"):
                is_end = ch == "`" and at(i + 1) == "`" and at(i + 2) == "`"
            elif top in ("text_link", "custom_emoji"):
                is_end = ch == "]"
            elif top == "underline":
                is_end = ch == "_" and at(i + 1) == "_"
            elif top == "strikethrough":
                is_end = ch == "~"
            elif top == "spoiler":
                is_end = ch == "|" and at(i + 1) == "|"

        if not is_end:
            begin = i
            argument = ""
            kind: str | None
            if ch == "_":
                if at(i + 1) == "_":
                    kind = "underline"
                    i += 1
                else:
                    kind = "italic"
            elif ch == "*":
                kind = "bold"
            elif ch == "~":
                kind = "strikethrough"
            elif ch == "|":
                if at(i + 1) != "|":
                    raise _reserved(ch)
                kind = "spoiler"
                i += 1
            elif ch == "[":
                kind = "text_link"
            elif ch == "`":
                if at(i + 1) == "`" and at(i + 2) == "`":
                    i += 3
                    kind = "pre"
                    language_end = i
                    while at(language_end) and at(language_end) not in _MD_SPACE and at(language_end) != "`":
                        language_end += 1
                    if i != language_end and language_end < n and text[language_end] != "`":
                        kind = "pre_code"
                        argument = text[i:language_end]
                        i = language_end
                    if at(i) in ("\n", "\r") and at(i):
                        if at(i + 1) in ("\n", "\r") and at(i + 1) and text[i] != text[i + 1]:
                            i += 2
                        else:
                            i += 1
                    i -= 1
                else:
                    kind = "code"
            elif ch == "!":
                if at(i + 1) != "[":
                    raise _reserved(ch)
                kind = "custom_emoji"
                i += 1
            elif ch == "\n":
                out.append("\n")
                utf16 += 1
                kind = None
                if i + 1 < n and text[i + 1] == ">":
                    i += 1
                    if not have_blockquote:
                        kind = "blockquote"
                        have_blockquote = True
            elif ch == ">":
                if i != 0:
                    raise _reserved(ch)
                kind = "blockquote"
                have_blockquote = True
            else:
                raise _reserved(ch)
            if kind is not None:
                stack.append([kind, argument, utf16, begin, len(out)])
            i += 1
            continue

        kind, argument, start, begin, out_pos = stack[-1]
        if ch == "\n" and kind != "blockquote":
            raise ParseError(
                f"Can't find end of {_ENTITY_NAMES[kind]} entity at byte offset {_byte_offset(text, begin)}"
            )
        skip = utf16 == start
        entity: Entity | None = None
        length = utf16 - start
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
        elif kind == "text_link":
            if at(i + 1) != "(":
                url = "".join(out[out_pos:])
            else:
                url_begin = i + 2
                url, i = read_url(url_begin)
                if at(i) != ")":
                    raise ParseError(f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}")
            entity = _link_entity(start, length, url, resolve_user)
            skip = skip or entity is None
        elif kind == "custom_emoji":
            if at(i + 1) != "(":
                raise ParseError("Custom emoji entity must contain a tg://emoji URL")
            url_begin = i + 2
            url, i = read_url(url_begin)
            if at(i) != ")":
                raise ParseError(f"Can't find end of a custom emoji URL at byte offset {_byte_offset(text, url_begin)}")
            match = _CUSTOM_EMOJI_URL.match(url)
            if not match:
                raise ParseError("Invalid custom emoji URL specified")
            argument = match.group(1)
        elif kind == "blockquote":
            have_blockquote = False
            out.append(text[i])
            utf16 += 1
        if not skip:
            if entity is None:
                entity = {"type": "pre" if kind == "pre_code" else kind, "offset": start, "length": length}
                if kind == "pre_code":
                    entity["language"] = argument
                elif kind == "custom_emoji":
                    entity["custom_emoji_id"] = argument
            entities.append(entity)
        stack.pop()
        i += 1

    if have_blockquote and stack and stack[-1][0] == "blockquote":
        start = stack[-1][2]
        if utf16 != start:
            entities.append({"type": "blockquote", "offset": start, "length": utf16 - start})
        stack.pop()
    if stack:
        kind, _argument, _start, begin, _pos = stack[-1]
        raise ParseError(f"Can't find end of {_ENTITY_NAMES[kind]} entity at byte offset {_byte_offset(text, begin)}")
    return "".join(out), sort_entities(entities)


# ------------------------------------------------------------------------------------ legacy Markdown


def parse_markdown(text: str, resolve_user: UserResolver | None = None) -> tuple[str, list[Entity]]:
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else ""

    out: list[str] = []
    entities: list[Entity] = []
    utf16 = 0
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\\" and at(i + 1) in ("_", "*", "`", "[") and at(i + 1):
            out.append(text[i + 1])
            utf16 += 1
            i += 2
            continue
        if ch not in "_*`[":
            out.append(ch)
            utf16 += _width(ch)
            i += 1
            continue
        begin = i
        end_char = "]" if ch == "[" else ch
        is_pre = False
        language = ""
        i += 1
        if ch == "`" and at(i) == "`" and at(i + 1) == "`":
            i += 2
            is_pre = True
            language_end = i
            while at(language_end) and at(language_end) not in _MD_SPACE and at(language_end) != "`":
                language_end += 1
            if i != language_end and language_end < n and text[language_end] != "`":
                language = text[i:language_end]
                i = language_end
            if at(i) in ("\n", "\r") and at(i):
                if at(i + 1) in ("\n", "\r") and at(i + 1) and text[i] != text[i + 1]:
                    i += 2
                else:
                    i += 1
        start = utf16
        while i < n and (text[i] != end_char or (is_pre and not (at(i + 1) == "`" and at(i + 2) == "`"))):
            out.append(text[i])
            utf16 += _width(text[i])
            i += 1
        if i >= n:
            raise ParseError(f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}")
        if start != utf16:
            length = utf16 - start
            if ch == "_":
                entities.append({"type": "italic", "offset": start, "length": length})
            elif ch == "*":
                entities.append({"type": "bold", "offset": start, "length": length})
            elif ch == "[":
                if at(i + 1) != "(":
                    url = text[begin + 1 : i]
                else:
                    i += 2
                    url_chars: list[str] = []
                    while i < n and text[i] != ")":
                        url_chars.append(text[i])
                        i += 1
                    url = "".join(url_chars)
                link = _link_entity(start, length, url, resolve_user)
                if link is not None:
                    entities.append(link)
            elif is_pre:
                entity: Entity = {"type": "pre", "offset": start, "length": length}
                if language:
                    entity["language"] = language
                entities.append(entity)
            else:
                entities.append({"type": "code", "offset": start, "length": length})
        if is_pre:
            i += 2
        i += 1
    return "".join(out), sort_entities(entities)


# ------------------------------------------------------------------------------ entity normalisation

_REMOVED_CHARS = frozenset({"\r", "\u0333", "\u033f", "\u030a"} | {chr(c) for c in range(0x2028, 0x202F)})
_TRIM = frozenset(" \n")


def check_entities(text: str, entities: list[Entity]) -> None:
    """Explicit ``entities``: each must fit in the text (Telegram's wording)."""
    total = utf16_len(text)
    for entity in entities:
        offset, length = entity["offset"], entity["length"]
        if offset > total:
            raise ParseError(f"Entity begins after the end of the text at UTF-16 offset {offset}")
        if offset + length > total:
            raise ParseError(
                f"Entity beginning at UTF-16 offset {offset} ends after the end of the text "
                f"at UTF-16 offset {offset + length}"
            )


def normalize(text: str, entities: list[Entity]) -> tuple[str, list[Entity]] | None:
    """Telegram's clean-up after parsing: control characters, whitespace-only entities, trimming.

    Returns None when nothing but whitespace is left (the caller decides whether that's an error).
    """
    # 1. drop/replace characters; a boundary map moves entity edges with removed characters
    kept: list[str] = []
    boundary = {0: 0}
    old = new = 0
    for ch in text:
        width = _width(ch)
        old += width
        if ch not in _REMOVED_CHARS:
            kept.append(" " if ord(ch) < 32 and ch != "\n" else ch)
            new += width
        boundary[old] = new
    fixed: list[Entity] = []
    for entity in entities:
        begin = boundary.get(entity["offset"])
        end = boundary.get(entity["offset"] + entity["length"])
        if begin is None or end is None:
            raise ParseError(f"Entity begins in a middle of a UTF-16 symbol at UTF-16 offset {entity['offset']}")
        if end > begin:
            fixed.append({**entity, "offset": begin, "length": end - begin})

    # 2. UTF-16 offsets of every character boundary
    cum = [0]
    for ch in kept:
        cum.append(cum[-1] + _width(ch))
    index_of = {offset: index for index, offset in enumerate(cum)}

    # 3. entities made of whitespace only disappear; leading whitespace moves out of an entity
    cleaned: list[Entity] = []
    for entity in fixed:
        first = index_of[entity["offset"]]
        last = index_of[entity["offset"] + entity["length"]]
        chars = kept[first:last]
        if entity["type"] not in HIDDEN_DATA_TYPES:
            if all(ch in _TRIM for ch in chars):
                continue
            lead = 0
            while chars[lead] in _TRIM:
                lead += 1
            entity = {**entity, "offset": entity["offset"] + lead, "length": entity["length"] - lead}
        cleaned.append(entity)

    # 4. trim spaces and newlines at both ends
    nonblank = [index for index, ch in enumerate(kept) if ch not in _TRIM]
    if not nonblank:
        return None
    first, last = nonblank[0], nonblank[-1]
    low, high = cum[first], cum[last + 1]
    result: list[Entity] = []
    for entity in cleaned:
        begin = max(entity["offset"], low)
        end = min(entity["offset"] + entity["length"], high)
        if end > begin:
            result.append({**entity, "offset": begin - low, "length": end - begin})
    return "".join(kept[first : last + 1]), sort_entities(result)


# -------------------------------------------------------------------------------- automatic entities

_DETECTORS: list[tuple[str, re.Pattern[str]]] = [
    (
        "email",
        re.compile(r"(?<![\w.+%-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@])"),
    ),
    (
        "url",
        re.compile(
            r"(?<![\w@/.-])(?:(?:https?|ftp)://[^\s<>\"]+|tg://[^\s<>\"]+|"
            r"(?:[A-Za-z0-9-]+\.)+(?:com|org|net|ru|uz|tj|kg|kz|io|me|dev|app|info|edu|gov|biz|рф)"
            r"(?::\d{1,5})?(?:/[^\s<>\"]*)?)(?![\w@])",
            re.IGNORECASE,
        ),
    ),
    ("bot_command", re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w\u200c#])#(?=[\w\u200c]*[^\W\d_])[\w\u200c]{1,256}(?![\w\u200c]*#)")),
]
_URL_TRAILING = ".,;:!?)'\"»"


def detect_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """Add the entities Telegram finds by itself (URLs, e-mails, commands, mentions, hashtags)."""
    cum = [0]
    for ch in text:
        cum.append(cum[-1] + _width(ch))
    # found entities must not cross code, pre, links or other found entities
    taken = [
        (e["offset"], e["offset"] + e["length"])
        for e in entities
        if e["type"] not in SPLITTABLE_TYPES and e["type"] not in ("blockquote", "expandable_blockquote")
    ]
    found: list[Entity] = []
    for kind, pattern in _DETECTORS:
        for match in pattern.finditer(text):
            begin, end = match.start(), match.end()
            if kind == "url":
                while end > begin and text[end - 1] in _URL_TRAILING:
                    end -= 1
            span = (cum[begin], cum[end])
            if span[1] <= span[0] or any(span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            found.append({"type": kind, "offset": span[0], "length": span[1] - span[0]})
    if not found:
        return entities
    return sort_entities([*entities, *found])


def parse(
    text: str,
    parse_mode: str | None,
    resolve_user: UserResolver | None = None,
    *,
    strict_html_entities: bool = False,
) -> tuple[str, list[Entity]]:
    """Apply a parse mode (already validated by the caller) to ``text``."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text, resolve_user, strict_entities=strict_html_entities)
    if mode == "markdownv2":
        return parse_markdown_v2(text, resolve_user)
    if mode == "markdown":
        return parse_markdown(text, resolve_user)
    return text, []


PARSE_MODES = frozenset({"html", "markdownv2", "markdown"})
