"""A local Telegram Bot API emulator for tests, benchmarks and the sandbox.

The real, unchanged bot talks to it over HTTP exactly as to api.telegram.org; tests act as users,
consultants and group admins through an in-process API and look at what the bot did.

Start it and point aiogram at it::

    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from tgemu import Emulator, FloodLimits

    async with Emulator() as emu:   # or: emu = Emulator(); await emu.start(); ...; await emu.stop()
        emu.add_bot(token="123456:TEST-TOKEN", username="mihelp_bot", first_name="mi-Help")
        session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
        bot = Bot("123456:TEST-TOKEN", session=session)
        ...                                       # run the dispatcher (polling or webhook) against it

Act as a user (each call queues real updates for getUpdates, or POSTs them to the webhook)::

    user = emu.add_user(first_name="Aziz", language_code="uz")
    await user.send_command("/start")             # bot_command entity included
    await user.send_text("Salom")
    await emu.wait_for(lambda: user.last_message())
    await user.press("Ish haqi")                  # inline button by text or callback_data
    await user.press_reply_button("📍 Joylashuv")  # reply keyboard (location buttons send a location)
    results = await user.inline_query("kafolat")
    emu.block(user.id)                            # further sends to the user get 403

Groups and forum topics, as consultants and admins::

    staff = emu.add_supergroup(title="Staff", is_forum=True, bot_is_admin=True)
    consultant = staff.add_member(emu.add_user(first_name="Dilnoza"))
    await staff.post(consultant, "I take it", thread_id=topic_id)
    await staff.close_topic(topic_id)             # by the group's owner, by hand
    staff.topics(); staff.messages(thread_id=topic_id)

Read what the bot did::

    user.messages()           # every bot message in the private chat: edits applied, deleted ones flagged
    user.last_message().text, .button_texts(), .reply_markup, .kind, .file_id
    emu.sent(chat_id=..., thread_id=..., method="sendMessage")   # log of message-changing calls
    emu.find_calls("setMyCommands", language_code="uz")           # log of every API call
    emu.stats.summary()       # requests, 429s per chat and method, ...
    queue = emu.subscribe()   # JSON-able change events for a UI

Telegram's behaviour that is emulated: getUpdates offsets, long polling and conflicts; webhooks with
the secret header and retries; text parsing (HTML, MarkdownV2, Markdown) with Telegram's errors and
UTF-16 limits; keyboards; topics; flood limits (``FloodLimits``, scalable, can be disabled); and
injected failures: ``emu.faults.add(method="sendMessage", kind="429" | "500" | "502" | "slow" |
"timeout" | "403", times=1)``.
"""

from .actors import BotHandle, GroupHandle, UserHandle
from .errors import ApiError, EmulatorError
from .faults import Fault, FaultRegistry
from .flood import FloodLimits
from .server import Emulator
from .state import CallbackRecord, CallRecord, EmuMessage, SentRecord, Stats, TopicState

__all__ = [
    "ApiError",
    "BotHandle",
    "CallRecord",
    "CallbackRecord",
    "EmuMessage",
    "Emulator",
    "EmulatorError",
    "Fault",
    "FaultRegistry",
    "FloodLimits",
    "GroupHandle",
    "SentRecord",
    "Stats",
    "TopicState",
    "UserHandle",
]
