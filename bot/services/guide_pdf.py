"""The printable guide's layout: an A4 PDF per language, drawn with reportlab.

Built from the knowledge base (the first-30-days lesson, the key rules with their sources, the
places by category with their addresses) and the emergency numbers, with QR codes to the bot, to each
rule's article and to each place's map. The embedded DejaVu Sans font covers Uzbek (oʻ gʻ), Tajik
(ҷ ӣ ӯ ҳ қ ғ) and Kyrgyz (ң ө ү). This module is imported only when a guide is built (see
bot/services/guide.py), so a running bot does not carry reportlab in memory.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bot.i18n import I18n, Translator
from bot.services.guide_content import CHECKLIST_LESSON, KEY_ARTICLES
from bot.services.reach import deep_link  # the same links the bot shares
from bot.ui.places import CATEGORY_KEYS
from knowledge.base import KnowledgeBase
from knowledge.model import Source
from knowledge.places import Place

FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"

_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _register_fonts() -> None:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=13.5, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=base, fontName="DejaVu-Bold", fontSize=18, leading=22),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName="DejaVu-Bold",
            fontSize=14,
            leading=18,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#0b4f8a"),
        ),
        "h2": ParagraphStyle("h2", parent=base, fontName="DejaVu-Bold", fontSize=11.5, leading=15, spaceBefore=6),
        "body": base,
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "emergency": ParagraphStyle("emergency", parent=base, fontSize=12, leading=16),
    }


def _inline(text: str) -> str:
    """Content Markdown (bold, links) → reportlab paragraph markup."""
    escaped = html.escape(text, quote=False)
    escaped = _LINK.sub(lambda m: f'<link href="{html.escape(m.group(2))}">{m.group(1)}</link>', escaped)
    return _BOLD.sub(r"<b>\1</b>", escaped)


def _markdown(text: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = []
    for block in text.strip().split("\n\n"):
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("- "):
                flow.append(Paragraph(_inline(line[2:]), styles["bullet"], bulletText="•"))
            else:
                flow.append(Paragraph(_inline(line), styles["body"]))
        flow.append(Spacer(1, 3))
    return flow


def _html_to_markup(text: str) -> list[str]:
    """A Fluent message in Telegram HTML (bold only) → lines of reportlab markup."""
    return [line.strip() for line in text.splitlines()]


def _qr(data: str, size: float = 24 * mm) -> Drawing:
    widget = QrCodeWidget(data)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def _with_qr(flow: list[Flowable], link: str | None, caption: str, styles: dict[str, ParagraphStyle]) -> Table:

    right = [_qr(link), Paragraph(caption, styles["small"])] if link else ""
    table = Table([[flow, right]], colWidths=[150 * mm, 30 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def build_guide(kb: KnowledgeBase, i18n: I18n, lang: str, bot_username: str, out: Path, today: date) -> Path:
    _register_fonts()
    t: Translator = i18n.get(lang)
    styles = _styles()
    bot_link = f"https://t.me/{bot_username}"
    story: list[Flowable] = []
    header = [
        Paragraph(html.escape(t("guide-title")), styles["title"]),
        Spacer(1, 4),
        Paragraph(html.escape(t("guide-made", date=today)), styles["small"]),
        Spacer(1, 4),
        Paragraph(html.escape(t("guide-scan-bot")), styles["body"]),
    ]
    story.append(_with_qr(header, bot_link, "@" + bot_username, styles))

    story.append(Paragraph(html.escape(t("guide-emergency")), styles["h1"]))
    for line in _html_to_markup(t("sos-text"))[1:]:
        if line:
            story.append(Paragraph(line, styles["emergency"]))

    lesson = next((lesson for lesson in kb.course if lesson.id == CHECKLIST_LESSON), None)
    if lesson is not None:
        story.append(Paragraph(html.escape(t("guide-checklist")), styles["h1"]))
        story += _markdown(lesson.text(lang).body, styles)
        story.append(Paragraph(_sources_line(t, lesson.sources, lesson.reviewed), styles["small"]))

    story.append(Paragraph(html.escape(t("guide-rules")), styles["h1"]))
    for article_id in KEY_ARTICLES:
        article = kb.get(article_id)
        if article is None:
            continue
        text = article.text(lang)
        flow = [Paragraph(html.escape(text.title), styles["h2"]), *_markdown(text.body, styles)]
        flow.append(Paragraph(_sources_line(t, article.sources, article.reviewed), styles["small"]))
        story.append(_with_qr(flow, deep_link(bot_username, "a", article_id), t("guide-scan-article"), styles))
        story.append(Spacer(1, 6))

    story.append(Paragraph(html.escape(t("guide-places")), styles["h1"]))
    for category in kb.place_categories():
        story.append(Paragraph(html.escape(_without_icon(t(CATEGORY_KEYS[category]))), styles["h2"]))
        for place in kb.places_in(category):
            lines = _place_lines(place, lang, t, styles)
            story.append(KeepTogether([_with_qr(lines, place.map_link(), t("guide-scan-map"), styles)]))

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("DejaVu", 7.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        width = A4[0] - 30 * mm
        text = t("guide-disclaimer")
        lines = _wrap(text, "DejaVu", 7.5, width)
        for index, line in enumerate(lines):
            canvas.drawString(15 * mm, 10 * mm + (len(lines) - 1 - index) * 9, line)
        canvas.drawRightString(A4[0] - 15 * mm, 5 * mm, f"mi-Help · {document.page}")
        canvas.restoreState()

    out.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(
        str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=22 * mm,
        title=t("guide-title"), author="mi-Help", lang=lang,
    )  # fmt: skip
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out


def _without_icon(label: str) -> str:
    """Menu labels start with an emoji, which the embedded font does not have."""
    icon, _, rest = label.partition(" ")
    return rest if rest and not any(ch.isalnum() for ch in icon) else label


def _place_lines(place: Place, lang: str, t: Translator, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A place in the printed guide: name, address (or how to find it), phone, hours, what to check."""

    lines: list[Flowable] = [Paragraph("<b>" + html.escape(place.text(place.name, lang) or place.id) + "</b>",
                                       styles["body"])]  # fmt: skip
    address = place.address_for(lang)
    if address:
        note = place.text(place.address_note, lang)
        lines.append(Paragraph(html.escape(address + (f" ({note})" if note else "")), styles["body"]))
        if place.approximate:
            lines.append(Paragraph(html.escape(t("guide-approximate")), styles["small"]))
    else:
        lines.append(Paragraph(html.escape(t("guide-no-address")), styles["body"]))
    if place.phone:
        lines.append(Paragraph("☎ " + html.escape(place.phone), styles["body"]))
    if place.hours:
        lines.append(Paragraph(html.escape(place.text(place.hours, lang) or ""), styles["small"]))
    if place.website:
        lines.append(Paragraph(html.escape(place.website), styles["small"]))
    if place.check and not address:
        how = t("guide-how-to-find") + " " + (place.text(place.check, lang) or "")
        lines.append(Paragraph(html.escape(how), styles["small"]))
    return lines


def _sources_line(t: Translator, sources: Sequence[Source], reviewed: date) -> str:
    titles = "; ".join(html.escape(source.title) for source in sources)
    return f"{html.escape(t('kb-sources'))} {titles}. {html.escape(t('kb-reviewed', date=reviewed))}"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
