"""End to end: answers read aloud, shared links and inline mode, and the printable guide."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.callbacks import ContentKind, KbCb, LangCb, ListenCb, MenuCb, ShareCb
from bot.services.voice import VOICES, Synthesizer, ogg_duration_seconds, reading_for, speakable
from tests.e2e.harness import started, t

ROOT = Path(__file__).resolve().parents[2]
needs_speech = pytest.mark.skipif(
    not Synthesizer.available(), reason="espeak-ng and opusenc (Debian: espeak-ng, opus-tools) are not installed"
)


@needs_speech
@pytest.mark.parametrize("lang", [lang for lang, voice in VOICES.items() if voice])
async def test_a_valid_voice_message_for_each_language_with_a_voice(tmp_path, knowledge, lang):
    article = knowledge.kb.get("hotlines")
    reading = reading_for("a", article.id, lang, lambda content: article.text(content).body)
    path = await Synthesizer(tmp_path).file(reading)
    data = path.read_bytes()
    assert data[:4] == b"OggS" and b"OpusHead" in data[:200]
    assert ogg_duration_seconds(path) > 5
    assert "http" not in reading.text and "**" not in reading.text and "🆘" not in reading.text
    assert "1 1 2" in reading.text  # emergency numbers are read digit by digit


@needs_speech
async def test_tajik_listen_button_says_russian_from_the_start(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "tg")
    await user.send_text("касалхонаи таъҷилӣ")
    await bot.idle()
    article = user.last_message()
    assert t("tg", "btn-listen-russian") in article.button_texts()
    assert t("tg", "btn-listen") not in article.button_texts()
    await user.press(t("tg", "btn-listen-russian"), message_id=article)
    await bot.idle()
    assert user.last_message().kind == "voice"  # no detour through "there is no voice in your language"
    reading = bot.app.dispatcher.workflow_data["synthesizer"]
    assert reading.synthesized == 1
    # An older button, made before the label said so, still explains and offers the Russian reading.
    await user.press_forged(article, ListenCb(kind="a", item="emergency-care").pack())
    await bot.idle()
    last = user.last_message()
    assert last.text == t("tg", "listen-no-voice")
    assert t("tg", "btn-listen-russian") in last.button_texts()


@needs_speech
async def test_listen_then_listen_again_from_the_cache(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    await user.press(MenuCb(section="kb").pack())
    await bot.idle()
    await user.press(KbCb(action="cat", cat="life").pack())
    await bot.idle()
    await user.press(KbCb(action="art", art="hotlines").pack())
    await bot.idle()
    article_message = user.last_message()
    await user.press(ListenCb(kind="a", item="hotlines").pack())
    await bot.idle()
    first = emulator.find_calls("sendVoice")
    assert len(first) == 1 and user.last_message().kind == "voice"
    synthesizer = bot.app.dispatcher.workflow_data["synthesizer"]
    assert synthesizer.synthesized == 1
    # Telegram shows the real length, not 0:00: the duration comes from the generated file.
    files = list(synthesizer.cache_dir.glob("*.ogg"))
    seconds = ogg_duration_seconds(files[0])
    assert seconds > 20 and int(first[0].params["duration"]) == round(seconds)
    assert user.last_message().data["voice"]["duration"] == round(seconds)
    await user.press(ListenCb(kind="a", item="hotlines").pack(), message_id=article_message)
    await bot.idle()
    calls = emulator.find_calls("sendVoice")
    assert len(calls) == 2
    assert isinstance(calls[1].params["voice"], str) and not calls[1].params["voice"].startswith("<")  # by file_id
    assert user.messages()[-1].file_id == user.messages()[-2].file_id
    assert int(calls[1].params["duration"]) == round(seconds)
    assert synthesizer.synthesized == 1  # the cache answered: no second synthesis


@needs_speech
async def test_the_reading_starts_with_the_short_answer_and_has_its_duration(tmp_path, knowledge):
    from bot.services.reach import ListenService

    listening = ListenService(media=None, knowledge=knowledge, synthesizer=None)  # type: ignore[arg-type]
    article = knowledge.kb.get("patent-payment")
    reading = listening.reading(ContentKind.ARTICLE, "patent-payment", "uz")
    title, short = article.text("uz").title, article.text("uz").short
    assert reading.text.startswith(speakable(f"{title}.\n\n{short}", "uz"))
    path = await Synthesizer(tmp_path).file(reading)
    info = await asyncio.to_thread(subprocess.run, ["opusinfo", str(path)], capture_output=True, text=True)
    length = info.stdout
    minutes, seconds = re.search(r"Playback length: (\d+)m:([\d.]+)s", length).groups()
    assert abs(ogg_duration_seconds(path) - (int(minutes) * 60 + float(seconds))) < 0.05


async def test_deep_link_opens_the_article_after_the_language_picker(emulator, staff, running_bot):
    bot = await running_bot()
    newcomer = emulator.add_user(language_code=None)
    await newcomer.send_command("/start", args="a-sim-card")
    await bot.idle()
    assert len(newcomer.last_message().button_texts()) == 6  # the language picker comes first
    await newcomer.press(LangCb(code="ky").pack())
    await bot.idle()
    title = bot.context.knowledge.kb.get("sim-card").text("ky").title
    assert any(title in (m.text or "") for m in newcomer.messages()[-3:])

    known = await started(emulator, bot, "uz")
    await known.send_command("/start", args="a-detention")
    await bot.idle()
    assert bot.context.knowledge.kb.get("detention").text("uz").title in known.last_message().text
    await known.send_command("/start", args="l-police")
    await bot.idle()
    assert bot.context.knowledge.kb.course[3].text("uz").title in known.last_message().text
    await known.send_command("/start", args="p-consulate-kazakhstan")
    await bot.idle()
    assert "Карла Маркса" in known.last_message().text
    await known.send_command("/start", args="a-no-such-thing")
    await bot.idle()
    assert known.last_message().text == t("uz", "menu-title")


async def test_share_gives_a_forwardable_link(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "en")
    await user.send_text("my employer does not pay my wages")
    await bot.idle()
    await user.press(ShareCb(kind="a", item="unpaid-wages").pack())
    await bot.idle()
    shared = user.last_message()
    link = "https://t.me/mihelp_test_bot?start=a-unpaid-wages"
    assert link in shared.text
    buttons = [b for row in shared.reply_markup["inline_keyboard"] for b in row]
    assert buttons[0]["url"] == link
    assert buttons[1]["switch_inline_query"] == bot.context.knowledge.kb.get("unpaid-wages").text("en").title


async def test_inline_query_returns_cards_that_open_the_bot(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    results = await user.inline_query("патент оплата")
    assert results and results[0]["id"] == "patent-payment"
    card = results[0]
    article = bot.context.knowledge.kb.get("patent-payment")
    assert card["title"] == article.text("ru").title
    assert article.text("ru").short_html in card["input_message_content"]["message_text"]  # the answer first
    url = card["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url == "https://t.me/mihelp_test_bot?start=a-patent-payment"
    # Someone who got the card taps it: the link starts the bot with the article.
    friend = emulator.add_user(language_code="ru")
    await friend.send_command("/start", args=url.split("start=")[1])
    await bot.idle()
    await friend.press(LangCb(code="ru").pack())
    await bot.idle()
    assert card["title"] in " ".join(m.text or "" for m in friend.messages()[-3:])


async def test_guide_is_sent_as_a_document_and_then_from_the_cache(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "tg")
    await user.press(MenuCb(section="guide").pack())
    await bot.idle()
    document = user.last_message()
    assert document.kind == "document"
    pdf = PdfReader(io.BytesIO(emulator.file_bytes(document.file_id)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "ҷ" in text and "ӯ" in text and "112" in text
    await user.send_command("/guide")
    await bot.idle()
    calls = emulator.find_calls("sendDocument")
    assert len(calls) == 2 and not str(calls[1].params["document"]).startswith("<")  # the cached file_id


@pytest.mark.parametrize("lang", ["uz", "tg", "ky"])
def test_guide_command_renders_the_special_letters(tmp_path, lang):
    out = tmp_path / f"guide-{lang}.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "guide", "--lang", lang, "--out", str(out), "--bot-username", "mihelp_bot"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(out))
    text = "".join(page.extract_text() for page in reader.pages)
    letters = {"uz": "ʻ", "tg": "ҷӣӯҳқғ", "ky": "ңөү"}[lang]
    assert all(letter in text for letter in letters)
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    dejavu = [font for font in fonts if "DejaVu" in str(font["/BaseFont"])]
    # The text is set in DejaVu Sans, embedded; reportlab also lists Helvetica for its empty default state.
    assert dejavu and all(embedded(font) for font in dejavu), "the text font must be embedded in the PDF"
    if shutil.which("pdftoppm"):
        page = tmp_path / "page"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(page)], check=True)
        assert list(tmp_path.glob("page*.png"))


def embedded(font) -> bool:  # type: ignore[no-untyped-def]
    """A font program is inside the file (FontFile2 = TrueType), so any reader shows the same letters."""
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor.get_object() for key in ("/FontFile2", "/FontFile3"))
