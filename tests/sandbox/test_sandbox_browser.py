"""The sandbox in a real browser (Debian's Chromium, driven by Playwright): a migrant and a consultant
talk through the unchanged bot, the knowledge reload lists errors, and the page works at phone width.

Expected texts come from the bot's own translations and knowledge base, never from literals.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bot.i18n import LANGUAGE_NAMES, I18n
from bot.services.search import decide
from knowledge.base import load_knowledge
from knowledge.markup import markdown_to_html
from tests.e2e.harness import plain
from tests.sandbox.conftest import ROOT

expect = pytest.importorskip("playwright.async_api", reason="the playwright package is not installed").expect

i18n = I18n()
QUESTION = "patent qancha turadi"
LAWYER_QUESTION = "Ish beruvchi ikki oydan beri ish haqi bermayapti, nima qilay?"
ANSWER = "Ish haqini bermaslik qonunga zid. Mehnat inspeksiyasiga yozma ariza bering."


def uz(key: str, **args: object) -> str:
    return plain(i18n.get("uz")(key, **args))


def first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()


async def test_a_migrant_and_a_consultant_talk_through_the_real_bot(start_sandbox, open_page):
    sandbox, server = await start_sandbox()
    migrant = next(p for p in sandbox.personas.values() if p.role == "migrant")
    page = await open_page(server.url)
    phone = page.locator("#phone-log")
    staff_pane = page.locator("#staff-pane")
    await expect(page.locator("#persona-name")).to_have_text(migrant.to_ui()["name"])

    # 1. Start, and pick Uzbek in the language picker.
    await page.get_by_role("button", name="START").click()
    await phone.locator("button.kbtn", has_text=LANGUAGE_NAMES["uz"]).click()
    await expect(phone).to_contain_text(first_line(uz("lang-saved")))
    await expect(phone.locator(".msg.in", has_text=uz("menu-title"))).to_have_count(1)

    # 2. The reply keyboard's menu button opens the menu again.
    await page.locator("#reply-keyboard").get_by_role("button", name=uz("kbd-menu")).click()
    await expect(phone.locator(".msg.in", has_text=uz("menu-title"))).to_have_count(2)

    # 3. A free-text question gets an answer from the knowledge base.
    await page.get_by_label("Message to the bot").fill(QUESTION)
    await page.get_by_label("Message to the bot").press("Enter")
    kb = sandbox.app.context.knowledge.kb
    decision = decide(kb.search.search(QUESTION, top=3))
    assert decision.kind in ("direct", "choices"), f"the bundled knowledge has no answer to {QUESTION!r}"
    title = kb.get(decision.article_ids[0]).text("uz").title
    if decision.kind == "choices":
        await expect(phone).to_contain_text(uz("search-choices"))
        await phone.locator("button.kbtn", has_text=title).last.click()
    await expect(phone.locator(".msg.in .text strong", has_text=title).last).to_be_visible()

    # 4. A lawyer consultation, and a question.
    menu = phone.locator(".msg.in", has_text=uz("menu-title")).last
    await menu.get_by_role("button", name=uz("menu-consult")).click()
    await phone.get_by_role("button", name=uz("consult-role-lawyer")).last.click()
    await expect(
        phone.get_by_text(first_line(uz("consult-write-prompt", role=uz("consult-role-lawyer"))))
    ).to_be_visible()
    await page.get_by_label("Message to the bot").fill(LAWYER_QUESTION)
    await page.get_by_label("Message to the bot").press("Enter")

    # 5. The staff pane gets a new topic with an unread count; open it and reply.
    topic_button = page.locator('#topic-list button.topic:not([data-topic="general"])')
    await expect(topic_button).to_have_count(1)
    await expect(topic_button.locator(".badge")).to_be_visible()
    topic = next(t for t in sandbox.staff.topics() if not t.deleted)
    code = re.match(r"#(\w+)", topic.name).group(1)
    await expect(topic_button).to_contain_text(f"#{code}")
    await expect(phone).to_contain_text(first_line(uz("consult-sent-first", code=code)))
    await topic_button.click()
    await expect(page.locator("#topic-title")).to_have_text(topic.name)
    staff_log = page.locator("#staff-log")
    await expect(staff_log.locator(".msg.from-bot", has_text=LAWYER_QUESTION)).to_have_count(1)
    await expect(topic_button.locator(".badge")).to_have_count(0)
    # Anonymity: nothing in the staff pane names the person.
    staff_text = await staff_pane.inner_text()
    person = migrant.user.state
    for identifier in (person.first_name, person.last_name, person.username, str(person.id)):
        assert identifier not in staff_text, f"the staff pane shows {identifier!r}"
    await expect(staff_pane).to_contain_text("Staff see only #CODE")
    await page.get_by_label("Reply as the consultant").fill(ANSWER)
    await page.get_by_label("Reply as the consultant").press("Enter")
    await expect(staff_log.locator(".msg.out", has_text=ANSWER)).to_have_count(1)

    # 6. The reply arrives on the phone, signed by the role, not by the consultant.
    reply = phone.locator(".msg.in", has_text=ANSWER)
    await expect(reply).to_have_count(1)
    await expect(reply).to_contain_text(uz("consult-prefix-lawyer"))
    assert sandbox.consultant.first_name not in await reply.inner_text()
    assert [m.text for m in migrant.user.messages() if m.text and ANSWER in m.text], "the bot did not relay it"

    # 7. A picture of both panes.
    await page.locator("#phone-log").evaluate("log => log.scrollTop = log.scrollHeight")
    await page.evaluate("document.activeElement && document.activeElement.blur()")
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    await page.screenshot(path=str(artifacts / "sandbox.png"), full_page=True)
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(artifacts / "sandbox.png", ROOT / "docs" / "sandbox.png")


async def test_reload_lists_content_errors_with_file_and_line(start_sandbox, open_page, tmp_path: Path):
    content = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", content, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    sandbox, server = await start_sandbox(knowledge_dir=content)
    page = await open_page(server.url)
    reload_button = page.get_by_role("button", name="Reload knowledge")
    result = page.locator("#kb-result")

    await reload_button.click()
    await expect(result).to_be_visible()
    await expect(result).not_to_have_class(re.compile("failed"))
    articles = len(sandbox.app.context.knowledge.kb.articles)
    await expect(page.locator("#kb-result-summary")).to_contain_text(f"{articles} articles")

    # Break two files, as an editor might.
    meta = content / "articles" / "patent" / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\nrelated: [unclosed\n", encoding="utf-8")
    body = content / "articles" / "housing" / "uz.md"
    body.write_text("no front matter at all\n", encoding="utf-8")
    _, problems = load_knowledge(content)
    errors = [p for p in problems if p.level == "error"]
    assert len(errors) >= 2

    await reload_button.click()
    await expect(result).to_have_class(re.compile("failed"))
    items = page.locator("#kb-errors li")
    await expect(items).to_have_count(len(errors))
    for error in errors:
        await expect(items.filter(has_text=f"{error.path}:{error.line}")).to_contain_text(error.message[:40])
    assert {e.path.rsplit("/", 2)[-2] for e in errors} >= {"patent", "housing"}
    # The bot keeps the content that was live.
    assert sandbox.app.context.knowledge.kb.get("patent") is not None


async def test_at_phone_width_the_panes_stack_and_everything_is_labelled(start_sandbox, open_page):
    _, server = await start_sandbox()
    page = await open_page(server.url, width=390, height=844)
    phone = await page.locator("#phone-pane").bounding_box()
    staff = await page.locator("#staff-pane").bounding_box()
    assert staff["y"] >= phone["y"] + phone["height"] - 1, "the staff pane is not below the phone"
    for box in (phone, staff):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390.5
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390

    # Every input has a label, and nothing clickable is a plain element with a click handler.
    unlabelled = await page.evaluate(
        """[...document.querySelectorAll('input, select, textarea')]
            .filter(input => input.type !== 'hidden' && !input.labels.length && !input.getAttribute('aria-label'))
            .map(input => input.id || input.outerHTML)"""
    )
    assert unlabelled == []
    assert await page.locator("[onclick], [role=button]:not(button)").count() == 0
    # Reachable by keyboard: Tab from the top gets to START.
    for _ in range(12):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement && document.activeElement.id") == "start-btn":
            break
    else:
        pytest.fail("START is not reachable with the Tab key")


async def test_formatting_comes_from_entities_and_text_is_never_html(start_sandbox, open_page):
    sandbox, server = await start_sandbox()
    text = "<img src=x onerror=alert(1)> bold italic, a link and code"

    def span(part: str, kind: str, **extra: str) -> dict[str, object]:
        return {"type": kind, "offset": text.index(part), "length": len(part), **extra}

    entities = [
        span("bold italic", "bold"),
        span("italic", "italic"),
        span("link", "text_link", url="javascript:alert(1)"),
        span("code", "code"),
    ]
    await sandbox.staff.post(sandbox.consultant, text, entities=entities)  # in General
    page = await open_page(server.url)
    message = page.locator("#staff-log .msg.out")
    await expect(message).to_have_count(1)
    await expect(message.locator(".text")).to_contain_text("<img src=x onerror=alert(1)>")
    assert await page.locator("#staff-log img").count() == 0
    await expect(message.locator("strong")).to_have_text("bold italic")
    await expect(message.locator("strong em")).to_have_text("italic")
    await expect(message.locator("code")).to_have_text("code")
    assert await message.locator("a").count() == 0, "a javascript: link must not become a link"


async def test_an_article_answer_and_its_buttons_fit_the_first_screen_of_a_phone(start_sandbox, open_page):
    """At 390×844 (a common phone), in Tajik: the short answer and all its buttons in one screen."""
    sandbox, server = await start_sandbox()
    page = await open_page(server.url, width=390, height=844)
    phone = page.locator("#phone-log")

    def tg(key: str, **args: object) -> str:
        return plain(i18n.get("tg")(key, **args))

    await page.get_by_role("button", name="START").click()
    await phone.locator("button.kbtn", has_text=LANGUAGE_NAMES["tg"]).click()
    menu = phone.locator(".msg.in", has_text=tg("menu-title")).last
    await menu.get_by_role("button", name=tg("menu-kb")).click()
    await phone.get_by_role("button", name=tg("kb-cat-documents"), exact=True).last.click()
    article = sandbox.app.context.knowledge.kb.get("patent-payment")
    await phone.get_by_role("button", name=article.text("tg").title, exact=True).last.click()
    short = first_line(plain(markdown_to_html(article.text("tg").short)))
    answer = phone.locator(".msg.in", has_text=short[:60]).last
    await expect(answer).to_be_visible()
    await expect(answer.get_by_role("button", name=tg("kb-btn-more"))).to_be_visible()

    # The phone fills the screen (the sandbox's header scrolls away above it); the chat shows the new
    # message from its top, as Telegram does with a long one.
    await answer.evaluate("message => message.scrollIntoView({block: 'start'})")
    await page.locator(".phone-frame").evaluate("frame => frame.scrollIntoView({block: 'start'})")
    artifacts = ROOT / "test-artifacts"  # the first screen, as the person sees it (kept when the test fails)
    artifacts.mkdir(exist_ok=True)
    await page.screenshot(path=str(artifacts / "article-tg-390x844.png"))
    frame = await page.locator(".phone-frame").bounding_box()
    assert abs(frame["y"]) <= 1 and frame["height"] <= 844  # the phone is the screen
    chat = await phone.bounding_box()
    visible_bottom = min(chat["y"] + chat["height"], 844)
    box = await answer.bounding_box()
    assert box["y"] >= chat["y"] - 1
    buttons = answer.locator("button.kbtn")
    assert await buttons.count() >= 8
    last_button = await buttons.last.bounding_box()
    print(
        f"the answer: {box['y']:.0f}–{last_button['y'] + last_button['height']:.0f} px; chat to {visible_bottom:.0f} px"
    )
    assert last_button["y"] + last_button["height"] <= visible_bottom, (
        f"the answer's buttons end at {last_button['y'] + last_button['height']:.0f} px; "
        f"the first screen of the chat ends at {visible_bottom:.0f} px"
    )
    for name in (tg("kb-btn-more"), tg("kb-btn-sources"), tg("consult-ask-lawyer"), tg("btn-back")):
        button = await answer.get_by_role("button", name=name).bounding_box()
        assert button["y"] + button["height"] <= visible_bottom
    shown = await answer.inner_text()
    assert short in shown and not any(source.title in shown for source in article.sources)
