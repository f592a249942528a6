"""🔊 Listen: articles and lessons read aloud as Telegram voice messages (OGG/Opus).

Speech comes from espeak-ng (Debian package `espeak-ng`), encoded with opusenc (`opus-tools`), both
offline. espeak-ng has Russian, Uzbek (Latin script), Kyrgyz and English voices; it has no Tajik
voice (its Persian voice reads Arabic script only), so Tajik readers are offered the Russian one.

Files are cached on disk by language and content hash, and Telegram's file_id is remembered after
the first upload, so a second request neither synthesises nor uploads anything.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from knowledge.markup import markdown_to_plain

logger = logging.getLogger(__name__)

# espeak-ng voice per bot language; None: no voice for that language.
VOICES: dict[str, str | None] = {"ru": "ru", "uz": "uz", "uz-Cyrl": "uz", "ky": "ky", "en": "en-gb", "tg": None}
FALLBACK_VOICE_LANGUAGE = "ru"  # offered, and said on the button, where a language has no voice
# Which text a voice reads: espeak-ng's Uzbek voice reads Latin script.
TEXT_LANGUAGE = {"uz-Cyrl": "uz"}
ROUBLES = {"ru": "рублей", "uz": "rubl", "ky": "рубль", "en": "roubles"}
SPEED_WPM = 150  # a little slower than espeak's default: listeners are not native in every variety
OPUS_BITRATE_KBPS = 24  # clear speech at a third of the size of music settings: data is expensive

_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff\u2190-\u21ff\u2b00-\u2bff\ufe0f\u200d\u20e3]"
)
_URL = re.compile(r"https?://\S+|www\.\S+|t\.me/\S+|\b[\w.-]+\.(?:ru|uz|tj|kg|com|org|gov|рф)\b\S*")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d[\d\s()\-]{5,}\d)(?!\d)")
_SHORT_NUMBER = re.compile(r"\b(10[1-4]|112)\b")  # emergency numbers: said digit by digit, to dial them


def speakable(text_markdown: str, lang: str) -> str:
    """Text prepared for speech: no markup, emojis or links; phone numbers digit by digit."""
    text = markdown_to_plain(text_markdown)
    text = _URL.sub(" ", text)
    text = _EMOJI.sub(" ", text)
    text = _PHONE.sub(lambda m: " " + " ".join(re.sub(r"\D", "", m.group())) + " ", text)
    text = _SHORT_NUMBER.sub(lambda m: " ".join(m.group()), text)
    text = text.replace("₽", " " + ROUBLES.get(lang, "") + " ")
    text = re.sub(r"[*_#<>|]", " ", text)
    lines = [line.strip(" •-–—") for line in text.splitlines()]
    # A list item or heading ends a sentence: a pause instead of running the lines together.
    text = ". ".join(line.rstrip(".:;!?") for line in lines if line)
    return re.sub(r"\s{2,}", " ", text).strip()


def spoken(title: str, body: str, short: str = "") -> str:
    """What is read for an article or a lesson: its title, a pause, the short answer (so that the
    first seconds carry the point), then the text."""
    return "\n\n".join(part for part in (f"{title}.", short, body) if part)


@dataclass(frozen=True)
class Reading:
    key: str  # cache key: kind, id, voice, content hash
    voice: str
    text: str


def reading_for(kind: str, item_id: str, lang: str, text_of: Callable[[str], str]) -> Reading | None:
    """What to read for a bot language (`text_of(content_language)` gives the Markdown), or None."""
    voice = VOICES.get(lang)
    if voice is None:
        return None
    content_lang = TEXT_LANGUAGE.get(lang, lang)
    text = speakable(text_of(content_lang), content_lang)
    digest = hashlib.sha256(f"{voice}|{SPEED_WPM}|{OPUS_BITRATE_KBPS}|{text}".encode()).hexdigest()[:16]
    return Reading(key=f"voice:{kind}:{item_id}:{voice}:{digest}", voice=voice, text=text)


class SpeechUnavailable(RuntimeError):
    pass


class Synthesizer:
    """Runs espeak-ng | opusenc as subprocesses (never on the event loop) and caches the files."""

    def __init__(self, cache_dir: Path, concurrency: int = 2) -> None:
        self.cache_dir = cache_dir
        self._semaphore = asyncio.Semaphore(concurrency)
        self._locks: dict[str, asyncio.Lock] = {}
        self.synthesized = 0  # how many files were actually made (tests check the cache path)

    @staticmethod
    def available() -> bool:
        return shutil.which("espeak-ng") is not None and shutil.which("opusenc") is not None

    def path_for(self, reading: Reading) -> Path:
        return self.cache_dir / (reading.key.replace(":", "_") + ".ogg")

    async def file(self, reading: Reading) -> Path:
        path = self.path_for(reading)
        if path.exists() and path.stat().st_size > 0:
            return path
        lock = self._locks.setdefault(reading.key, asyncio.Lock())
        async with lock:  # two people pressing Listen on the same article make one file
            if path.exists() and path.stat().st_size > 0:
                return path
            async with self._semaphore:
                await self._synthesize(reading, path)
            self.synthesized += 1
            return path

    async def _synthesize(self, reading: Reading, path: Path) -> None:
        if not self.available():
            raise SpeechUnavailable("espeak-ng or opusenc is not installed")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        speak = await asyncio.create_subprocess_exec(
            "espeak-ng", "-v", reading.voice, "-s", str(SPEED_WPM), "--stdout", reading.text,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        wav, _ = await speak.communicate()
        if speak.returncode != 0 or len(wav) < 1000:
            raise SpeechUnavailable(f"espeak-ng failed for voice {reading.voice}")
        encode = await asyncio.create_subprocess_exec(
            "opusenc", "--quiet", "--speech", "--bitrate", str(OPUS_BITRATE_KBPS), "-", str(temporary),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await encode.communicate(wav)
        if encode.returncode != 0 or not temporary.exists():
            raise SpeechUnavailable("opusenc failed")
        temporary.replace(path)  # atomic: a half-written file is never served
        logger.info("voice reading made (%s, %d bytes)", reading.voice, path.stat().st_size)


def ogg_duration_seconds(path: Path) -> float:
    """Duration of an OGG/Opus file: the last page's granule position, less the encoder's pre-skip.

    Opus always counts in 48 kHz samples. The pages are walked by their headers (not by searching for
    "OggS", which may also occur inside the audio data).
    """
    data = path.read_bytes()
    offset, granule, pre_skip = 0, 0, 0
    while offset + 27 <= len(data) and data[offset : offset + 4] == b"OggS":
        segments = data[offset + 26]
        header_size = 27 + segments
        body_size = sum(data[offset + 27 : offset + header_size])
        body = data[offset + header_size : offset + header_size + body_size]
        if body.startswith(b"OpusHead") and len(body) >= 12:
            pre_skip = int.from_bytes(body[10:12], "little")
        position = int.from_bytes(data[offset + 6 : offset + 14], "little", signed=True)
        if position > 0:
            granule = position
        offset += header_size + body_size
    return max(0, granule - pre_skip) / 48_000
