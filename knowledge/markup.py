"""The light Markdown of content files → Telegram HTML.

Supported: paragraphs, "- " list lines, **bold**, [text](https://link). Everything else is text and
is escaped, so content can never break the message's HTML.
"""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def inline_to_html(text: str) -> str:
    escaped = html.escape(text, quote=False)

    def link(match: re.Match[str]) -> str:
        url = html.escape(html.unescape(match.group(2)), quote=True)
        return f'<a href="{url}">{match.group(1)}</a>'

    escaped = _LINK.sub(link, escaped)
    return _BOLD.sub(r"<b>\1</b>", escaped)


def markdown_to_html(text: str) -> str:
    lines = []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            lines.append("• " + inline_to_html(stripped[2:].strip()))
        else:
            lines.append(inline_to_html(stripped))
    # Collapse runs of blank lines: one empty line separates paragraphs.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def markdown_to_plain(text: str) -> str:
    """Text without markup, for search and speech."""
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    return re.sub(r"^\s*- ", "", text, flags=re.MULTILINE).strip()
