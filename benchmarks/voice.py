"""The openai voice's costs that do not need a model: the guard per answer, and the fallback path end to end.

1. Guard cost: `check_text` over a realistic set of answers, template-rendered from decisions the sample knowledge
   produces (recommendations under many constraints, menu questions), several phrasings each.
2. Answer latency with the fallback taken: the same concierge answering the same questions with the template voice,
   and with an openai voice pointed at a dead endpoint (a closed 127.0.0.1 port), with no SDK retry and with the
   SDK's default two. Same run, same machine, so the ratios mean something.

Runs on a temporary copy of knowledge/ and a temporary data directory. No network: the dead endpoint is loopback.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from openai import AsyncOpenAI

from benchmarks.answer import QUERIES
from benchmarks.reading import bench_reader
from benchmarks.stats import percentile
from bot.catalog import Catalog
from bot.concierge import Concierge
from bot.conversation import ConversationStore
from bot.decide.answer import answer_question
from bot.decide.decision import Decision
from bot.decide.recommend import recommend
from bot.escalation.store import SqlEscalationStore
from bot.index import MiniLMEmbedder
from bot.knowledge.loader import load_root
from bot.knowledge.venue import VenueKnowledge
from bot.live_menu import LiveMenu
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.understand.request import Constraints
from bot.voice.base import Voice, VoiceContext
from bot.voice.exchange_log import ExchangeLog
from bot.voice.guard import Grounds, check_text
from bot.voice.openai import OpenAIVoice
from bot.voice.template import TemplateVoice

REPO = Path(__file__).resolve().parents[1]
WANTS = (
    Constraints(),
    Constraints(dietary=["vegetarian"], likes=["spicy"]),
    Constraints(allergies=["tree-nut", "sesame"]),
    Constraints(course="dessert"),
    Constraints(dietary=["vegan"]),
    Constraints(likes=["seafood"], dislikes=["lamb"]),
    Constraints(budget=20),
    Constraints(dietary=["gluten-free"]),
    Constraints(allergies=["gluten"], course="main"),
    Constraints(likes=["smoky", "rich"]),
)
QUESTIONS = (
    "is the sea bream gluten-free?",
    "how much is the lamb shoulder?",
    "what's in the muhammara?",
    "does the knafeh have nuts?",
    "is the hummus vegan?",
)


def _decisions(venue: VenueKnowledge, cache: Path) -> list[tuple[Decision, str]]:
    out = [(recommend(venue, w, n, {}), "top picks?") for w in WANTS for n in (1, 2, 3, 5)]
    names = {i.name.lower(): i.id for i in [*venue.dishes, *venue.drinks]}
    reader = bench_reader(cache)
    out += [(answer_question(venue, reader.read(q, names=names)), q) for q in QUESTIONS]
    return out


def measure_guard(venue: VenueKnowledge, cache: Path, phrasings: int = 6, repeat: int = 5) -> dict[str, Any]:
    template = TemplateVoice()
    t = time.perf_counter()
    grounds = Grounds.of(venue)
    grounds_us = (time.perf_counter() - t) * 1e6
    answers = [
        (template.render(d, VoiceContext(session=f"g{s}", turn=i, text=q)), d, q)
        for i, (d, q) in enumerate(_decisions(venue, cache))
        for s in range(phrasings)
    ]
    timings: list[float] = []
    passed = 0
    for _ in range(repeat):
        for text, decision, said in answers:
            t = time.perf_counter()
            verdict = check_text(text, decision, grounds, guest=[said])
            timings.append((time.perf_counter() - t) * 1e6)
            passed += verdict.ok
    return {
        "measure": "guard per answer (µs)",
        "answers": len(answers),
        "checks": len(timings),
        "passed": passed,
        "mean_us": round(sum(timings) / len(timings), 1),
        "p50_us": round(percentile(timings, 0.5), 1),
        "p95_us": round(percentile(timings, 0.95), 1),
        "grounds_build_us": round(grounds_us, 1),
        "mean_chars": round(sum(len(a[0]) for a in answers) / len(answers)),
    }


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again on leaving: connecting to it is refused


def _dead_voice(data: Path, max_retries: int, timeout: float) -> OpenAIVoice:
    client = AsyncOpenAI(
        api_key="bench", base_url=f"http://127.0.0.1:{_closed_port()}/v1", timeout=timeout, max_retries=max_retries
    )
    log = ExchangeLog(data / f"llm-exchanges-{max_retries}.jsonl")
    return OpenAIVoice(client, model="dead-endpoint", fallback=TemplateVoice(), log=log, budget=timeout * 2)


def measure_voice(rounds: int = 5, retry_rounds: int = 1) -> list[dict[str, Any]]:
    """Guard cost per answer, and answer latency (p50/p95) through the template voice and through the openai
    voice's fallback path, in one run."""
    with tempfile.TemporaryDirectory(prefix="concierge-bench-") as tmp:
        root = Path(tmp) / "knowledge"
        shutil.copytree(REPO / "knowledge", root)
        data = Path(tmp) / "data"
        venue = next(iter(load_root(root).venues.values()))
        rows = [measure_guard(venue, data / "triage")]

        embedder = MiniLMEmbedder()
        catalog, _ = Catalog.open(root, data / "index", embedder)
        triage = ComplaintClassifier(embedder, cache_dir=data / "triage")
        acts = ActModel(embedder, cache_dir=data / "triage")
        escalations = SqlEscalationStore(f"sqlite:///{data / 'escalations.db'}")
        voices: list[tuple[str, Voice, int]] = [
            ("template voice", TemplateVoice(), rounds),
            ("openai voice → dead 127.0.0.1 port, max_retries=0 (fallback)", _dead_voice(data, 0, 0.5), rounds),
            ("openai voice → dead 127.0.0.1 port, max_retries=2 (fallback)", _dead_voice(data, 2, 0.5), retry_rounds),
        ]

        async def run() -> None:
            for label, voice, n in voices:
                concierge = Concierge(
                    catalog,
                    ConversationStore(data / "sessions"),
                    voice,
                    triage,
                    escalations,
                    LiveMenu(data / "live"),
                    acts=acts,
                )
                await concierge.ask(QUERIES[1], session=f"warm-{label}")
                latencies: list[float] = []
                fell_back = 0
                for i in range(n):
                    for j, q in enumerate(QUERIES):
                        t = time.perf_counter()
                        reply = await concierge.ask(q, session=f"{label}-{i}-{j}")
                        latencies.append((time.perf_counter() - t) * 1000)
                        fell_back += reply.voice_note is not None
                rows.append(
                    {
                        "measure": f"answer latency, {label} (ms)",
                        "answers": len(latencies),
                        "fell_back": fell_back,
                        "p50_ms": round(percentile(latencies, 0.5), 1),
                        "p95_ms": round(percentile(latencies, 0.95), 1),
                    }
                )

        asyncio.run(run())
        escalations.close()
        catalog.store.close()
    return rows


if __name__ == "__main__":
    for row in measure_voice():
        print(row)
