"""Two deliberately bad voices, selectable only in evals: they exist to prove the scorers bite.

Both phrase the same decisions the good voice gets, so any failure they cause is the scorers catching the words.
"""

from __future__ import annotations

from bot.decide.decision import Decision
from bot.voice.base import Phrasing, VoiceContext
from bot.voice.template import TemplateVoice


class HedgingVoice:
    """The concierge we exist to replace: everything's great, it depends on your taste."""

    name = "hedging"

    def __init__(self) -> None:
        self._inner = TemplateVoice()

    async def phrase(self, decision: Decision, context: VoiceContext) -> Phrasing:
        if decision.picks:
            names = ", ".join(p.name for p in decision.picks)
            text = (
                f"Honestly, everything's great here, so you can't go wrong! A few people like the {names}, "
                "but it really depends on your taste. What flavours are you craving tonight?"
            )
        else:
            text = self._inner.render(decision, context)
        return Phrasing(text=text, voice=self.name)


class ScriptedVoice:
    """One script for every guest, dish names swapped in: committed, but deaf to who is asking."""

    name = "scripted"

    async def phrase(self, decision: Decision, context: VoiceContext) -> Phrasing:
        if not decision.picks:
            return Phrasing(text="Thank you for your message. A member of our team will help you.", voice=self.name)
        lines = ["Thank you for your question. Here are our recommendations for you today:"]
        lines += [f"{p.rank}. {p.name}. This is a popular choice with our guests." for p in decision.picks]
        lines.append("We hope you enjoy your visit.")
        return Phrasing(text="\n".join(lines), voice=self.name)
