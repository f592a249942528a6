"""End to end: the guide map with addresses only, with (fixture) points, and the staff worksheet round trip."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import pytest

from bot.callbacks import ConsultCb, MapCb, MenuCb
from bot.services.knowledge import KnowledgeHolder
from knowledge.base import load_knowledge
from knowledge.places import NEAREST_MIN_POINTS
from knowledge.places_worksheet import export_worksheet, import_worksheet
from tests.conftest import ADMIN_ID
from tests.e2e.harness import started, t
from tests.places_support import copy_content, set_points
from tests.unit.test_places_worksheet import edit
from tgemu import EmulatorError

# Made-up points for three hospitals (the real file has none); РКБ's is marked as geocoded, not reviewed.
POINTS = {"rkib": (55.7963, 49.1088), "drkb": (55.8400, 49.0800), "rkb": (55.7300, 49.1500)}


def url_buttons(message) -> list[str]:  # type: ignore[no-untyped-def]
    return [button["url"] for row in message.reply_markup["inline_keyboard"] for button in row if "url" in button]


def location_button_shown(user) -> bool:  # type: ignore[no-untyped-def]
    return any(button.get("request_location") for row in user.reply_keyboard() or [] for button in row)


def callbacks(message) -> list[str]:  # type: ignore[no-untyped-def]
    markup = message.reply_markup["inline_keyboard"]
    return [button.get("callback_data", "") for row in markup for button in row]


@pytest.fixture(scope="module")
def knowledge_with_points(tmp_path_factory) -> KnowledgeHolder:  # type: ignore[no-untyped-def]
    content = copy_content(tmp_path_factory.mktemp("points"))
    set_points(content, POINTS, needs_review={"rkb"})
    return KnowledgeHolder(content)


async def test_address_only_place_gets_address_links_and_no_venue(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ky")
    await user.press(MenuCb(section="map").pack())
    await bot.idle()
    await user.press(MapCb(action="cat", cat="hiv").pack())
    await bot.idle()
    category = user.last_message()
    # No category has points yet: no "nearest" button, and one line says why.
    assert MapCb(action="near", cat="hiv").pack() not in callbacks(category)
    assert t("ky", "map-near-unavailable", needed=NEAREST_MIN_POINTS, count=0) in category.text
    await user.press(MapCb(action="place", place="hiv-test-bauman").pack())
    await bot.idle()
    card = user.last_message()
    place = bot.context.knowledge.kb.places["hiv-test-bauman"]
    assert not emulator.find_calls("sendVenue")
    links = url_buttons(card)
    assert [link.split("/")[2] for link in links] == ["yandex.ru", "2gis.ru", "www.openstreetmap.org"]
    assert all("Казань, ул. Баумана" in unquote(link) for link in links)
    assert "/kazan/search/" in links[1]
    # The person's language around the address: the landmark and the hours are in Kyrgyz.
    assert place.address_note["ky"] in card.text and place.hours["ky"] in card.text
    assert place.hours["ru"] not in card.text
    assert t("ky", "map-no-point") in card.text
    # The sources (their titles are Russian) are folded behind a button, and unfold in the card.
    assert not any(source.title in card.text for source in place.sources)
    await user.press(t("ky", "kb-btn-sources"), message_id=card)
    await bot.idle()
    unfolded = next(m for m in user.messages() if m.message_id == card.message_id)
    assert all(source.title in unfolded.text for source in place.sources[:3])
    assert t("ky", "kb-btn-sources") not in unfolded.button_texts()
    # A forged "nearest" press for a category without points is answered, not followed.
    record = await user.press_forged(category, MapCb(action="near", cat="hiv").pack())
    await bot.idle()
    assert record.show_alert and record.text == t("ky", "map-near-unavailable", needed=NEAREST_MIN_POINTS, count=0)


async def test_place_without_address_says_how_to_find_it(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "en")
    for button in (MenuCb(section="map"), MapCb(action="cat", cat="migration")):
        await user.press(button.pack())
        await bot.idle()
    await user.press(MapCb(action="place", place="uvm-mvd-rt").pack())
    await bot.idle()
    card = user.last_message()
    place = bot.context.knowledge.kb.places["uvm-mvd-rt"]
    assert t("en", "map-how-to-find") + " " + place.check["en"] in card.text
    assert t("en", "map-no-address") in card.text
    buttons = card.reply_markup["inline_keyboard"]
    assert buttons[0] == [{"text": t("en", "map-open-website"), "url": place.website}]
    assert not emulator.find_calls("sendVenue")


async def test_place_with_point_is_a_venue_then_details_and_nearest_is_right(
    emulator, staff, running_bot, knowledge_with_points
):
    bot = await running_bot(knowledge_holder=knowledge_with_points)
    user = await started(emulator, bot, "uz")
    await user.press(MenuCb(section="map").pack())
    await bot.idle()
    await user.press(MapCb(action="cat", cat="hospital").pack())
    await bot.idle()
    category = user.last_message()
    assert MapCb(action="near", cat="hospital").pack() in callbacks(category)
    assert t("uz", "map-near-unavailable", needed=NEAREST_MIN_POINTS, count=3) not in category.text

    await user.press(MapCb(action="place", place="drkb").pack())
    await bot.idle()
    venue, card = user.messages()[-2:]
    assert venue.kind == "venue" and card.kind == "text"
    assert float(venue.data["venue"]["location"]["latitude"]) == pytest.approx(55.84)
    assert venue.data["venue"]["address"] == "г. Казань, Оренбургский тракт, 140"
    assert url_buttons(card)[0] == "https://yandex.ru/maps/?pt=49.08,55.84&z=17&l=map"
    assert t("uz", "map-approximate") not in card.text

    # A geocoded point nobody has checked yet is marked approximate, on the pin and in the card.
    await user.press(MapCb(action="place", place="rkb").pack(), message_id=category)
    await bot.idle()
    venue, card = user.messages()[-2:]
    assert venue.data["venue"]["title"].endswith(f"({t('uz', 'map-approximate-short')})")
    assert t("uz", "map-approximate") in card.text and "© OpenStreetMap contributors" in card.text

    await user.press(MapCb(action="near", cat="hospital").pack(), message_id=category)
    await bot.idle()
    await user.send_location(55.7950, 49.1100)  # a few hundred metres from РКИБ's fixture point
    await bot.idle()
    lines = user.last_message().text.splitlines()
    kb = bot.context.knowledge.kb
    assert lines[0] == t("uz", "map-near-title")
    assert lines[1].startswith(f"1. {kb.places['rkib'].name['uz']} — ") and lines[1].endswith(" m")
    assert lines[2].startswith(f"2. {kb.places['drkb'].name['uz']} — 5,3 km") or lines[2].startswith(
        f"2. {kb.places['drkb'].name['uz']} — 5.3 km"
    )
    assert lines[3].startswith(f"3. {kb.places['rkb'].name['uz']} — ")
    assert lines[3].endswith(f"({t('uz', 'map-approximate-short')})")
    assert lines[-1] == t("uz", "map-near-not-counted", count=1)  # ГКБ № 7 has no point


async def test_the_location_button_goes_away_however_the_map_question_ends(
    emulator, staff, running_bot, knowledge_with_points
):
    bot = await running_bot(knowledge_holder=knowledge_with_points)
    user = await started(emulator, bot, "ru")
    for button in (MenuCb(section="map"), MapCb(action="cat", cat="hospital")):
        await user.press(button.pack())
        await bot.idle()
    category = user.last_message()
    exits = {
        "location sent": lambda: user.send_location(55.7950, 49.1100),
        "cancelled": lambda: user.press_reply_button(t("ru", "map-cancel")),
        "/menu": lambda: user.send_command("/menu"),
        "/start": lambda: user.send_command("/start"),
        "/sos": lambda: user.send_command("/sos"),
        "/consult": lambda: user.send_command("/consult"),
        "a place button": lambda: user.press(MapCb(action="place", place="drkb").pack(), message_id=category),
        "home": lambda: user.press(MenuCb(section="home").pack(), message_id=category),
        "another button": lambda: user.press_forged(category, MenuCb(section="kb").pack()),
    }
    nearest = MapCb(action="near", cat="hospital").pack()
    for name, leave in exits.items():
        await user.press_forged(category, nearest)  # the button, whatever the message shows now
        await bot.idle()
        assert location_button_shown(user), name
        before = len(user.messages())
        await leave()
        await bot.idle()
        assert not location_button_shown(user), name
        assert t("ru", "kbd-menu") in user.reply_keyboard_texts(), name  # the usual buttons are back
        if name == "/sos":  # emergency numbers come first, before anything about the map
            assert user.messages()[before].text.startswith(t("ru", "sos-text").splitlines()[0])
    # Asking again for the same category keeps the question open (no note, the button stays).
    for _ in range(2):
        await user.press_forged(category, nearest)
        await bot.idle()
    assert t("ru", "map-location-closed") != user.last_message().text
    assert location_button_shown(user)
    await user.send_location(55.7950, 49.1100)
    await bot.idle()
    assert user.last_message().text.splitlines()[0] == t("ru", "map-near-title")


async def test_a_map_location_cannot_slip_into_a_consultation(emulator, staff, running_bot, knowledge_with_points):
    """The review's path: map → "nearest" → consultation → "📍 Send where I am" reached staff."""
    bot = await running_bot(knowledge_holder=knowledge_with_points)
    user = await started(emulator, bot, "ru")
    for button in (MenuCb(section="map"), MapCb(action="cat", cat="hospital"), MapCb(action="near", cat="hospital")):
        await user.press(button.pack())
        await bot.idle()
    # Then a consultation, from a button still on screen (here: the menu entry, on the map's message).
    await user.press_forged(user.messages()[-2], MenuCb(section="consult").pack())
    await bot.idle()
    roles = next(message for message in reversed(user.messages()) if message.buttons())
    await user.press(ConsultCb(action="go", role="lawyer").pack(), message_id=roles)
    await bot.idle()
    await user.send_text("вопрос юристу")
    await bot.idle()
    with pytest.raises(EmulatorError):
        await user.press_reply_button(t("ru", "map-share-location"))
    await user.send_location(55.7950, 49.1100)  # sent on purpose, from the attachment menu
    await bot.idle()
    assert user.last_message().text == t("ru", "consult-place-confirm")
    [topic] = staff.topics()
    assert [m.kind for m in staff.messages(thread_id=topic.id)][1:] == ["text"]  # the question only


async def test_worksheet_edit_is_live_after_reload(emulator, staff, running_bot, tmp_path):
    content = copy_content(tmp_path)
    bot = await running_bot(knowledge_holder=KnowledgeHolder(content))
    sheet = tmp_path / "places.csv"
    export_worksheet(content, sheet)
    edit(sheet, "consulate-kazakhstan", phone="+7 843 000-00-05", reviewer="AK")
    report = import_worksheet(content, sheet, date.today())
    assert report.ok and report.changed == {"consulate-kazakhstan": ["phone"]}
    kb, problems = load_knowledge(content)
    assert kb is not None and not [p for p in problems if p.level == "error"]

    user = await started(emulator, bot, "tg")
    for button in (MenuCb(section="map"), MapCb(action="cat", cat="consulate")):
        await user.press(button.pack())
        await bot.idle()
    category = user.last_message()
    await user.press(MapCb(action="place", place="consulate-kazakhstan").pack())
    await bot.idle()
    assert "+7 843 000-00-05" not in user.last_message().text  # not published yet
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    await admin.send_command("/reload")
    await bot.idle()
    assert admin.last_message().text.startswith("✅")
    await user.press(MapCb(action="place", place="consulate-kazakhstan").pack(), message_id=category)
    await bot.idle()
    assert "☎️ +7 843 000-00-05" in user.last_message().text
