"""Answer-path benchmarks: ingest, re-ingest, warm answers next to the retrieval floor, cold `concierge ask`.

Everything runs on a temporary copy of knowledge/ with a temporary data directory, so the numbers start from a
cold index and nothing in the working tree is touched.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.stats import percentile
from bot.catalog import Catalog
from bot.concierge import Concierge
from bot.conversation import ConversationStore
from bot.escalation.store import SqlEscalationStore
from bot.index import MiniLMEmbedder
from bot.knowledge.documents import knowledge_documents
from bot.knowledge.loader import load_root
from bot.live_menu import LiveMenu
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.voice.template import TemplateVoice

REPO = Path(__file__).resolve().parents[1]

# A spread of what guests type: plain, with tastes (these need a query embedding), diets, questions.
QUERIES = (
    "what are your top three?",
    "We're vegetarian and love heat. What are your top three?",
    "I'm coeliac, what should I get?",
    "into seafood, no lamb please, top two",
    "what desserts do you love?",
    "is the sea bream gluten-free?",
    "how much is the lamb shoulder?",
    "something smoky and rich for a cold night",
    "allergic to nuts and sesame, what's good?",
    "we want light, fresh, citrusy starters",
)


@dataclass
class Row:
    measure: str
    value: str
    target: str
    ok: bool | None


def run(rounds: int = 20) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="concierge-bench-") as tmp:
        root = Path(tmp) / "knowledge"
        shutil.copytree(REPO / "knowledge", root)
        data = Path(tmp) / "data"
        embedder = MiniLMEmbedder()
        docs = knowledge_documents(load_root(root))
        texts = [d.text for d in docs]

        embedder.embed(texts[:32])  # load the model and warm it before timing anything
        # Raw embedding and cold ingest alternate, three rounds each, and the medians are compared: on a shared
        # 2-core machine a single pair of timings mostly measures whoever else was busy at the time.
        raws: list[float] = []
        ingests: list[float] = []
        for round_ in range(3):
            t = time.perf_counter()
            embedder.embed(texts)
            raws.append(len(texts) / (time.perf_counter() - t))
            t = time.perf_counter()
            catalog, refresh = Catalog.open(root, data / f"cold-{round_}", embedder)
            ingests.append(len(texts) / (time.perf_counter() - t))
            assert refresh.report is not None
            assert refresh.report.embedded == len(texts)
            catalog.store.close()
        raw, ingest = statistics.median(raws), statistics.median(ingests)
        index_root = data / "cold-2"  # the last cold build serves the rest of the run
        rows.append(Row("raw embedding (docs/s, median of 3)", f"{raw:.0f}", "-", None))
        rows.append(
            Row(
                "ingest, cold (docs/s, median of 3)",
                f"{ingest:.0f} ({ingest / raw:.2f}× raw)",
                "≥ 0.8× raw",
                ingest >= 0.8 * raw,
            )
        )

        # Unchanged re-ingest: every file touched (so the cheap stat check cannot skip), nothing to embed.
        for path in root.rglob("*"):
            if path.is_file():
                os.utime(path)
        t = time.perf_counter()
        catalog, refresh = Catalog.open(root, index_root, embedder)
        reingest = time.perf_counter() - t
        assert refresh.report is not None and refresh.report.embedded == 0
        rows.append(Row("re-ingest, files touched, unchanged (s)", f"{reingest:.3f}", "≤ 1.5 s", reingest <= 1.5))
        t = time.perf_counter()
        catalog, refresh = Catalog.open(root, index_root, embedder)
        reopen = time.perf_counter() - t
        rows.append(Row("re-open, nothing touched (s)", f"{reopen:.3f}", "-", None))

        escalations = SqlEscalationStore(f"sqlite:///{data / 'escalations.db'}")
        concierge = Concierge(
            catalog,
            ConversationStore(data / "sessions"),
            TemplateVoice(),
            ComplaintClassifier(embedder, cache_dir=data / "triage"),
            escalations,
            LiveMenu(data / "live"),
            acts=ActModel(embedder, cache_dir=data / "triage"),
        )
        venue = catalog.venue().id
        retriever = catalog.retriever(venue)

        async def answers() -> list[float]:
            out: list[float] = []
            for i in range(rounds):
                for j, q in enumerate(QUERIES):
                    t = time.perf_counter()
                    await concierge.ask(q, session=f"bench-{i}-{j}")
                    out.append((time.perf_counter() - t) * 1000)
            return out

        asyncio.run(concierge.ask(QUERIES[1], session="warm"))
        answer_ms = asyncio.run(answers())
        floor_ms: list[float] = []
        for _ in range(rounds):
            for q in QUERIES:
                t = time.perf_counter()
                catalog.store.vector_search(venue, embedder.embed([q])[0], 10)
                floor_ms.append((time.perf_counter() - t) * 1000)
        del retriever
        p50, p95, floor = percentile(answer_ms, 0.5), percentile(answer_ms, 0.95), percentile(floor_ms, 0.5)
        rows.append(Row("retrieval floor p50 (ms): embed query + vector query", f"{floor:.1f}", "-", None))
        rows.append(
            Row(
                "warm answer p50 (ms)",
                f"{p50:.1f} ({p50 / floor:.2f}× floor)",
                "≤ 25 ms and ≤ 2× floor",
                p50 <= 25 and p50 <= 2 * floor,
            )
        )
        rows.append(Row("warm answer p95 (ms)", f"{p95:.1f}", "-", None))

        cold: list[float] = []
        exe = Path(sys.executable).with_name("concierge")
        env = {**os.environ, "CONCIERGE_DATA_DIR": str(data), "CONCIERGE_KNOWLEDGE": str(root)}
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(
                [str(exe), "ask", "what are your top three?", "--json"],
                check=True,
                env=env,
                capture_output=True,
                cwd=tmp,
            )
            cold.append(time.perf_counter() - t)
        cold_s = statistics.median(cold)
        rows.append(Row("cold `concierge ask` wall time (s, median of 3)", f"{cold_s:.2f}", "≤ 3 s", cold_s <= 3))
    return rows
