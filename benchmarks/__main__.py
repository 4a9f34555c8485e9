"""`make bench`: run every benchmark once and print one table. Ratios come from the same run, on the same machine.

Speed targets live here rather than in timed tests: these machines are shared and noisy, and a ratio measured in
one run says more than an absolute time compared across runs.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from benchmarks import answer, discord_load
from benchmarks.answer import Row
from benchmarks.complaint import measure_complaint_detection
from benchmarks.escalation import measure_escalation_writes
from benchmarks.pairing import measure_pairing_latency
from benchmarks.reading import measure_blind, measure_reading
from benchmarks.voice import measure_voice


def complaint_rows() -> list[Row]:
    rows: list[Row] = []
    for r in measure_complaint_detection():
        if "missing" in r:
            rows.append(Row(f"complaints: {r['dataset']}", "data missing", "-", None))
        elif "f1" in r:
            yelp = str(r["dataset"]).startswith("yelp")
            rows.append(
                Row(
                    f"complaints: {r['dataset']} (n={r['n']})",
                    f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  ({r['texts_per_second']:.0f}/s)",
                    "F1 ≥ 0.85" if yelp else "-",
                    bool(r["f1"] >= 0.85) if yelp else None,
                )
            )
        else:
            rows.append(
                Row(
                    f"complaints: {r['dataset']} (n={r['n']})",
                    f"complaint P {r['complaint_precision']:.3f} R {r['complaint_recall']:.3f}; "
                    f"handoff P {r['handoff_precision']:.3f} R {r['handoff_recall']:.3f}",
                    "-",
                    None,
                )
            )
    return rows


def reading_rows() -> list[Row]:
    r = measure_reading()
    rows = [
        Row(
            "reading p50 / p95 ms (sentence vector already computed)",
            f"{r['read_p50_ms']:.2f} / {r['read_p95_ms']:.2f}",
            "p50 ≤ 3 ms",
            bool(r["read_p50_ms"] <= 3.0),
        ),
        Row("act model: fit from the bank (s, once per bank, cached at ingest)", f"{r['fit_s']:.1f}", "-", None),
    ]
    holdout = r["holdout"]
    per_act = "  ".join(f"{a} {v:.0%}" for a, v in holdout.per_act.items())
    rows.append(
        Row(f"act model, own bank's held-out fifth (n={holdout.size})", f"{holdout.accuracy:.1%}: {per_act}", "-", None)
    )
    blind = measure_blind()
    for act, row in blind.items():
        rows.append(
            Row(
                f"blind paraphrase set: {act} (n={row['n']:.0f})",
                f"read as {act} {row['read']:.0%}, handled {row['handled']:.0%}",
                "≥ 90%",
                bool(row["handled"] >= 0.9),
            )
        )
    held = measure_blind("heldout")
    rows.append(
        Row(
            f"held-out blind set, handled (n={sum(r['n'] for r in held.values()):.0f})",
            "  ".join(f"{act} {row['handled']:.0%}" for act, row in held.items()),
            "≥ 90% each",
            all(row["handled"] >= 0.9 for row in held.values()),
        )
    )
    return rows


def escalation_rows() -> list[Row]:
    r = measure_escalation_writes()
    return [
        Row(
            "escalations written (committed, fsynced SQLite)",
            f"{r['escalations_per_second']:.0f}/s (p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms)",
            "-",
            None,
        )
    ]


def pairing_rows() -> list[Row]:
    r = measure_pairing_latency()
    return [
        Row(
            "pairing answer (decide) p50 / p95 ms, next to recommendation",
            f"{r['pair_p50_ms']:.2f} / {r['pair_p95_ms']:.2f} vs {r['recommend_p50_ms']:.2f} / "
            f"{r['recommend_p95_ms']:.2f} ({r['pair_to_recommend_p50']:.2f}×)",
            "-",
            None,
        )
    ]


def voice_rows() -> list[Row]:
    rows: list[Row] = []
    for r in measure_voice():
        if "p50_us" in r:
            value = f"p50 {r['p50_us']:.0f} µs, p95 {r['p95_us']:.0f} µs ({r['passed']}/{r['checks']} passed)"
        else:
            value = f"p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms ({r['fell_back']}/{r['answers']} fell back)"
        rows.append(Row(str(r["measure"]), value, "-", None))
    return rows


def main() -> None:
    table = Table(title="concierge benchmarks")
    for col in ("measure", "value", "target", "verdict"):
        table.add_column(col)
    rows = [
        *answer.run(),
        *reading_rows(),
        *pairing_rows(),
        *voice_rows(),
        *complaint_rows(),
        *escalation_rows(),
        *discord_load.rows(),
    ]
    for row in rows:
        verdict = "-" if row.ok is None else ("[green]met[/]" if row.ok else "[red]missed[/]")
        table.add_row(row.measure, row.value, row.target, verdict)
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
