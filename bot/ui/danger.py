"""What a person sees first when their message shows danger: kind words and the numbers to call.

112 always comes first (it reaches every service, free, also without a SIM card); then the
ambulance for a medical emergency or self-harm, the police for violence or trafficking, and the
helpline for suicidal thoughts or domestic violence, whose numbers and sources live in
knowledge/danger/helplines.yaml. The answer or the relay to a consultant follows as usual.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from bot.i18n import Translator
from knowledge.danger import CATEGORIES, Helpline

# The service numbers for each kind of danger, after 112. Order matters: it is the order shown.
CALLS = {
    "self-harm": ("danger-call-103",),
    "violence": ("danger-call-102",),
    "trafficking": ("danger-call-102",),
    "medical": ("danger-call-103",),
}
HELPLINE_KEYS = {
    "self-harm": "danger-helpline-self-harm",
    "violence": "danger-helpline-violence",
}


def danger_text(t: Translator, categories: Iterable[str], helplines: Mapping[str, Helpline]) -> str:
    """The emergency message for these danger categories (HTML), in the person's language."""
    found = [c for c in CATEGORIES if c in set(categories)]
    lines = [t("danger-intro"), t("danger-call-112")]
    for category in found:
        lines.extend(t(key) for key in CALLS[category] if t(key) not in lines)
    for category in found:
        helpline = helplines.get(category)
        if helpline is not None and category in HELPLINE_KEYS:
            lines.append(t(HELPLINE_KEYS[category], number=html.escape(helpline.number)))
    return "\n".join(lines)
