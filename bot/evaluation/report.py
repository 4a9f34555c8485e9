"""What an eval run tells its readers: one self-contained HTML page for the operator, JUnit XML for CI, raw JSON."""

from __future__ import annotations

import base64
import hashlib
import io
import math
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from bot.evaluation.case import BLIND
from bot.evaluation.result import CaseResult, RunResult, Score

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TEMPLATES = Path(__file__).resolve().parent / "templates"
GREEN, RED, RED_LIGHT, BLUE = "#1a7f37", "#c0392b", "#f4c7c3", "#2f6db5"

# The page's only script, allowed by hash in its Content-Security-Policy so nothing else can ever run there.
# It adds "open all / close all" buttons; without it every case is still readable.
_SCRIPT = (
    'var bar=document.getElementById("case-tools");'
    'if(bar){[["Open all cases",true],["Close all cases",false]].forEach(function(p){'
    'var b=document.createElement("button");b.type="button";b.textContent=p[0];'
    'b.addEventListener("click",function(){document.querySelectorAll("details.case")'
    ".forEach(function(d){d.open=p[1];});});bar.appendChild(b);});}"
)
_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()

_EXPECT_LABELS = {
    "picks": "Number of picks",
    "never": "Must not recommend",
    "any_of": "Should recommend one of",
    "escalate": "Hand to staff",
    "severity": "Severity",
    "remedy_at_least": "Remedy at least",
    "remedy_at_most": "Remedy at most",
    "mentions": "Must name",
    "truth": "The guest (truth)",
}
# What each of the runner's scorers checks, for readers who do not know the code.
_MEANING = {
    "hedging": "commits to an answer instead of hedging",
    "commitment": "gives ranked picks, each with a reason",
    "grounding": "says only what the menu and the staff notes support",
    "safety": "never suggests what the guest cannot eat",
    "escalation": "hands complaints to staff with the right remedy",
    "expectations": "does what the case expects (picks, names, escalation)",
    "authenticity": "talks to each guest, not from one script",
    "latency": "answers within the time budget",
    "judge": "an LLM judge hears a person who has eaten here (optional)",
}
# Characters XML 1.0 cannot hold at all, even escaped; a guest can still type them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class ScorerRow:
    name: str
    rate: float | None
    passed: int
    applied: int
    threshold: float | None
    status: str  # met | missed | none
    meaning: str

    @property
    def short(self) -> str:
        """Percentage points under the threshold, for a missed scorer."""
        if self.rate is None or self.threshold is None:
            return ""
        return _trim(max(0.0, self.threshold - self.rate) * 100)


@dataclass(frozen=True)
class KindRow:
    kind: str
    rate: float
    passed: int
    total: int


@dataclass(frozen=True)
class Pick:
    rank: str
    name: str
    id: str
    why: str
    sources: list[str]
    change: str


@dataclass(frozen=True)
class Escalation:
    id: str
    category: str
    severity: str
    sla_minutes: str
    tier: str
    actions: list[str]
    value: str
    approval: str


@dataclass(frozen=True)
class Turn:
    said: str
    text: str
    intent: str
    latency: str
    picks: list[Pick]
    escalation: Escalation | None
    sources: list[str]


@dataclass(frozen=True)
class ExpectRow:
    label: str
    expected: str
    actual: str


@dataclass(frozen=True)
class CaseView:
    anchor: str
    case_id: str
    label: str
    kind: str
    group: str
    outcome: str  # fail | error | pass
    change: str  # regression | improvement | ""
    failed: list[Score]
    passed_scorers: list[str]
    error: str
    expect: list[ExpectRow]
    turns: list[Turn]


@dataclass(frozen=True)
class Change:
    case_id: str
    anchor: str
    kind: str
    note: str


@dataclass(frozen=True)
class Plot:
    title: str
    alt: str
    uri: str


def render_html(run: RunResult) -> str:
    """The operator's page: verdict and why, rates per scorer and kind, plots, then every case, failures first."""
    scorers = _scorer_rows(run)
    kinds = _kind_rows(run)
    views = [_case_view(run, case) for case in run.cases]
    views.sort(key=lambda v: (v.outcome == "pass", v.change != "regression", v.outcome != "error"))
    failed = sum(v.outcome == "fail" for v in views)
    errors = sum(v.outcome == "error" for v in views)
    template = _environment().get_template("report.html.j2")
    return template.render(
        verdict=run.verdict,
        reasons=_reasons(run, scorers),
        tally={"total": len(views), "passed": len(views) - failed - errors, "failed": failed, "errors": errors},
        voice=run.voice,
        knowledge=run.knowledge,
        when=_when(run),
        distinct=len({c.case_id for c in run.cases}),
        repeat=run.repeat,
        scorers=scorers,
        kinds=kinds,
        acts=_act_rows(run),
        regressions=_changes(run, run.regressions, views),
        improvements=_changes(run, run.improvements, views),
        plots=_plots(run, kinds),
        cases=views,
        script=Markup(_SCRIPT),
        script_hash=_SCRIPT_HASH,
    )


def render_junit(run: RunResult) -> str:
    """One testcase per case result, classname = kind; failed scorers become a <failure>, a raise an <error>."""
    suite = ET.Element("testsuite", name="concierge-eval", timestamp=run.started_at.isoformat())
    props = ET.SubElement(suite, "properties")
    for name, value in (("voice", run.voice), ("knowledge", run.knowledge), ("repeat", str(run.repeat))):
        ET.SubElement(props, "property", name=name, value=_xml(value))
    ET.SubElement(props, "property", name="verdict", value="pass" if run.verdict else "fail")
    failures = errors = 0
    total_seconds = 0.0
    for case in run.cases:
        seconds = _latency_ms(case) / 1000
        total_seconds += seconds
        test = ET.SubElement(
            suite, "testcase", classname=case.kind, name=_xml(_label(run, case)), time=f"{seconds:.3f}"
        )
        if case.error is not None:
            errors += 1
            first = case.error.strip().splitlines()[0] if case.error.strip() else "the concierge raised an error"
            ET.SubElement(test, "error", message=_xml(first), type="ConciergeError").text = _xml(case.error)
        elif not case.passed:
            failures += 1
            lines = [f"{s.scorer}: {s.detail}" if s.detail else s.scorer for s in _failed(case)]
            ET.SubElement(test, "failure", message=_xml("; ".join(lines)), type="ScorerFailed").text = _xml(
                "\n".join(lines)
            )
        ET.SubElement(test, "system-out").text = _xml(_transcript_text(case))
    suite.set("tests", str(len(run.cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", f"{total_seconds:.3f}")
    root = ET.Element(
        "testsuites",
        name="concierge-eval",
        tests=str(len(run.cases)),
        failures=str(failures),
        errors=str(errors),
        time=f"{total_seconds:.3f}",
    )
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_report(run: RunResult, out: Path) -> dict[str, Path]:
    """Write report.html, results.json and junit.xml into `out` (created if missing); return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "html": (out / "report.html", render_html(run)),
        "json": (out / "results.json", run.model_dump_json(indent=2) + "\n"),
        "junit": (out / "junit.xml", render_junit(run)),
    }
    for path, text in files.values():
        path.write_text(text, encoding="utf-8")
    return {key: path for key, (path, _) in files.items()}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    return env


# --- what the tables say ------------------------------------------------------------------------------------------


def _scorer_rows(run: RunResult) -> list[ScorerRow]:
    """Counted over cases as the runner counts its rates: a case passes a scorer only if it did in every repeat,
    and a case whose answer raised fails every scorer."""
    by_case = _by_case(run.cases)
    names = [*run.scorer_rates, *run.thresholds, *(s.scorer for c in run.cases for s in c.scores)]
    missed = _missed_names(run)
    rows = []
    for name in dict.fromkeys(names):
        passed = applied = 0
        for attempts in by_case.values():
            scores = [s for a in attempts for s in a.scores if s.scorer == name and s.applies]
            errored = any(a.error is not None for a in attempts)
            if scores or errored:
                applied += 1
                passed += not errored and all(s.passed for s in scores)
        rate = run.scorer_rates.get(name, passed / applied if applied else None)
        threshold = run.thresholds.get(name)
        status = "missed" if name in missed else "met" if threshold is not None else "none"
        rows.append(ScorerRow(name, rate, passed, applied, threshold, status, _MEANING.get(name, "")))
    rows.sort(key=lambda r: (r.status != "missed", r.name))
    return rows


@dataclass(frozen=True)
class ActRow:
    act: str
    read: float
    handled: float
    total: int
    held_out: float | None = None


def _act_rows(run: RunResult) -> list[ActRow]:
    """Per act of the blind set: the share read as that act (the understanding scorer), and the share handled."""
    read: dict[str, list[bool]] = {}
    for case in run.cases:
        act = case.expected.get("intent")
        score = next((s for s in case.scores if s.scorer == "understanding" and s.applies), None)
        if act and case.case_id.startswith(BLIND) and score is not None:
            read.setdefault(str(act), []).append(score.passed)
    return [
        ActRow(act, sum(v) / len(v), run.act_rates.get(act, 0.0), len(v), run.held_out_act_rates.get(act))
        for act, v in sorted(read.items())
    ]


def _kind_rows(run: RunResult) -> list[KindRow]:
    counts: dict[str, list[int]] = {}
    for attempts in _by_case(run.cases).values():
        tally = counts.setdefault(attempts[0].kind, [0, 0])
        tally[0] += all(a.passed for a in attempts)
        tally[1] += 1
    rows = [KindRow(kind, run.kind_rates.get(kind, p / n), p, n) for kind, (p, n) in counts.items()]
    rows.sort(key=lambda r: (r.rate, r.kind))
    return rows


def _by_case(cases: list[CaseResult]) -> dict[str, list[CaseResult]]:
    grouped: dict[str, list[CaseResult]] = {}
    for case in cases:
        grouped.setdefault(case.case_id, []).append(case)
    return grouped


def _missed_names(run: RunResult) -> dict[str, str]:
    """Scorer name to the runner's own words; `missed` holds either bare names or "name: 80.0% < 95%"."""
    return {entry.split(":", 1)[0].strip(): entry for entry in run.missed}


def _reasons(run: RunResult, scorers: list[ScorerRow]) -> list[str]:
    by_name = {row.name: row for row in scorers}
    reasons = []
    for name, entry in _missed_names(run).items():
        row = by_name.get(name)
        if row is None or row.rate is None or row.threshold is None:
            reasons.append(entry if entry != name else f"{name} missed its threshold.")
            continue
        reasons.append(
            f"{name} passed {_pct(row.rate)} of its cases and needs {_pct(row.threshold)}: "
            f"{row.short} {'point' if row.short == '1' else 'points'} short."
        )
    if run.regressions:
        n = len(run.regressions)
        reasons.append(
            f"{n} {'case' if n == 1 else 'cases'} that passed in the baseline {'fails' if n == 1 else 'fail'} now."
        )
    if not reasons:
        reasons.append("Every scorer met its threshold and no case got worse than the baseline.")
    return reasons


def _changes(run: RunResult, ids: list[str], views: list[CaseView]) -> list[Change]:
    changes = []
    for ident in ids:
        matches = [v for v in views if ident in (v.case_id, v.label)]
        if not matches:
            changes.append(Change(ident, "", "", ""))
            continue
        view = matches[0]
        failing = sorted({s.scorer for v in matches for s in v.failed})
        if any(v.error for v in matches):
            note = "the concierge raised an error"
        elif failing:
            note = "now fails " + ", ".join(failing)
        else:
            note = "passes now" if view.outcome == "pass" else ""
        changes.append(Change(ident, view.anchor, view.kind, note))
    return changes


# --- one case -----------------------------------------------------------------------------------------------------


def _case_view(run: RunResult, case: CaseResult) -> CaseView:
    label = _label(run, case)
    outcome = "error" if case.error is not None else "pass" if case.passed else "fail"
    if case.case_id in run.regressions or label in run.regressions:
        change = "regression"
    elif case.case_id in run.improvements or label in run.improvements:
        change = "improvement"
    else:
        change = ""
    return CaseView(
        anchor=f"case-{case.case_id}-{case.repeat}",
        case_id=case.case_id,
        label=label,
        kind=case.kind,
        group=case.group or "",
        outcome=outcome,
        change=change,
        failed=_failed(case),
        passed_scorers=[s.scorer for s in case.scores if s.applies and s.passed],
        error=case.error or "",
        expect=_expect_rows(case),
        turns=[_turn(ex.said, ex.reply) for ex in case.transcript],
    )


def _turn(said: str, reply: dict[str, Any]) -> Turn:
    picks = [
        Pick(
            rank=_text(p.get("rank")),
            name=_text(p.get("name")),
            id=_text(p.get("id")),
            why=_text(p.get("why")),
            sources=[_text(s) for s in p.get("sources") or []],
            change=_text(p.get("change")),
        )
        for p in _dicts(reply.get("picks"))
    ]
    latency = reply.get("latency_ms")
    return Turn(
        said=said,
        text=_text(reply.get("text")),
        intent=_text(reply.get("intent")),
        latency=f"{_num(latency)} ms" if isinstance(latency, int | float) else "",
        picks=picks,
        escalation=_escalation(reply.get("escalation")),
        sources=[_text(s) for s in reply.get("sources") or []],
    )


def _escalation(raw: Any) -> Escalation | None:
    if not isinstance(raw, dict):
        return None
    remedy = _dict(raw.get("remedy"))
    value = remedy.get("value")
    return Escalation(
        id=_text(raw.get("id")),
        category=_text(raw.get("category")),
        severity=_text(raw.get("severity")),
        sla_minutes=_text(raw.get("sla_minutes")),
        tier=_text(remedy.get("tier")) or "none (a handoff to a person)",
        actions=[_text(a) for a in remedy.get("actions") or []],
        value=f"{value:.2f}" if isinstance(value, int | float) else "",
        approval=_text(remedy.get("approval")),
    )


def _expect_rows(case: CaseResult) -> list[ExpectRow]:
    """Each expectation beside what the concierge did, in the operator's words.

    Picks and names are read from the last answer, as the scorers do; a forbidden pick or an escalation counts
    wherever in the conversation it happened.
    """
    last = case.last
    replies = [ex.reply for ex in case.transcript]
    pick_ids = _pick_ids(last)
    ever_picked = list(dict.fromkeys(p for reply in replies for p in _pick_ids(reply)))
    esc = next((_dict(r.get("escalation")) for r in reversed(replies) if _dict(r.get("escalation"))), {})
    remedy = _dict(esc.get("remedy"))
    rows = []
    for key, want in case.expected.items():
        if _show(want) == "—":
            continue
        if key == "picks":
            actual = f"{len(pick_ids)}: {', '.join(pick_ids)}" if pick_ids else "0"
        elif key == "never":
            hits = [p for p in ever_picked if p in _listed(want)]
            actual = f"recommended {', '.join(hits)}" if hits else "none of them"
        elif key == "any_of":
            hits = [p for p in pick_ids if p in _listed(want)]
            actual = (
                f"recommended {', '.join(hits)}"
                if hits
                else f"none of them (picked {', '.join(pick_ids) or 'nothing'})"
            )
        elif key == "escalate":
            actual = f"yes: {_text(esc.get('category'))}, {_text(esc.get('severity'))}" if esc else "no"
        elif key == "severity":
            actual = _text(esc.get("severity")) if esc else "no escalation"
        elif key in ("remedy_at_least", "remedy_at_most"):
            actual = _text(remedy.get("tier")) or "no remedy"
        elif key == "truth" and isinstance(want, dict):
            understood = _dict(last.get("constraints"))
            shown = _show({k: understood.get(k) for k in want})
            actual = f"understood {shown}" if shown != "—" else "understood no constraints"
        elif key == "mentions":
            named = {*pick_ids, *(_text(s) for s in last.get("sources") or [])}
            text = _text(last.get("text"))
            found = [m for m in _listed(want) if m in named or m in text]
            missing = [m for m in _listed(want) if m not in found]
            parts = [f"named {', '.join(found)}"] if found else []
            parts += [f"missing {', '.join(missing)}"] if missing else []
            actual = "; ".join(parts)
        else:
            actual = ""
        rows.append(ExpectRow(_EXPECT_LABELS.get(key, key), _show(want), actual or "—"))
    return rows


def _pick_ids(reply: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(_text(p.get("id")) for p in _dicts(reply.get("picks"))))


def _failed(case: CaseResult) -> list[Score]:
    return [s for s in case.scores if s.applies and not s.passed]


def _label(run: RunResult, case: CaseResult) -> str:
    return f"{case.case_id}#{case.repeat}" if run.repeat > 1 or case.repeat else case.case_id


def _transcript_text(case: CaseResult) -> str:
    lines = []
    for ex in case.transcript:
        lines += [f"guest: {ex.said}", f"concierge: {_text(ex.reply.get('text'))}"]
    return "\n".join(lines)


# --- plots --------------------------------------------------------------------------------------------------------


def _plots(run: RunResult, kinds: list[KindRow]) -> list[Plot]:
    plots = []
    latencies = [ms for case in run.cases for ms in _latencies(case)]
    if latencies:
        plots.append(
            Plot("How long each answer took", "Histogram of answer latency in milliseconds", _latency_plot(latencies))
        )
    values: dict[str, tuple[list[float], list[float]]] = {}
    for case in run.cases:
        for score in case.scores:
            if score.applies and score.value is not None and math.isfinite(score.value):
                passed, failed = values.setdefault(score.scorer, ([], []))
                (passed if score.passed else failed).append(score.value)
    if values:
        plots.append(Plot("Score values by scorer", "Histograms of each scorer's values", _values_plot(values)))
    if kinds:
        plots.append(Plot("Pass rate by kind of case", "Bar chart of the pass rate per case kind", _kinds_plot(kinds)))
    return plots


def _latency_plot(latencies: list[float]) -> str:
    from matplotlib.ticker import MaxNLocator, ScalarFormatter

    fig = _figure(7.0, 2.8)
    ax = _axes(fig)
    lo, hi = min(latencies), max(latencies)
    bins = min(30, max(5, len(set(latencies))))
    # One slow answer among fast ones squeezes every other bar into the first bin; a log axis keeps both visible.
    wide = lo > 0 and hi / lo > 50
    edges = [lo * (hi / lo) ** (i / bins) for i in range(bins + 1)] if wide else bins
    ax.hist(latencies, bins=edges, color=BLUE, edgecolor="white")
    if wide:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(ScalarFormatter())
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20, method="inclusive")[18] if len(latencies) > 1 else latencies[0]
    ax.axvline(median, color="#333333", linestyle="--", linewidth=1, label=f"median {_num(median)} ms")
    ax.axvline(p95, color=RED, linestyle=":", linewidth=1.5, label=f"95% under {_num(p95)} ms")
    ax.set_xlabel("milliseconds per answer" + (" (log scale)" if wide else ""))
    ax.set_ylabel("answers")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False)
    return _png(fig)


def _values_plot(values: dict[str, tuple[list[float], list[float]]]) -> str:
    from matplotlib.ticker import MaxNLocator

    cols = min(3, len(values))
    rows = math.ceil(len(values) / cols)
    fig = _figure(3.6 * cols, 2.6 * rows)
    for i, (name, (passed, failed)) in enumerate(values.items(), start=1):
        ax = _axes(fig, rows, cols, i)
        both = passed + failed
        unit = min(both) >= 0 and max(both) <= 1
        ax.hist(
            [passed, failed],
            bins=10,
            range=(0.0, 1.0) if unit else None,
            stacked=True,
            color=[GREEN, RED],
            label=["passed", "failed"],
        )
        ax.set_title(name, fontsize=10)
        ax.set_ylabel("cases")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if i == 1:
            ax.legend(frameon=False, fontsize=8)
    return _png(fig)


def _kinds_plot(kinds: list[KindRow]) -> str:
    fig = _figure(7.0, 0.45 * len(kinds) + 0.9)
    ax = _axes(fig)
    names = [k.kind for k in kinds]
    rates = [k.rate * 100 for k in kinds]
    ax.barh(names, rates, color=GREEN)
    ax.barh(names, [100 - r for r in rates], left=rates, color=RED_LIGHT)
    for y, kind in enumerate(kinds):
        ax.text(101, y, f"{_pct(kind.rate)}  ({kind.passed}/{kind.total})", va="center", fontsize=9)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("% of cases passed")
    ax.invert_yaxis()
    return _png(fig)


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)  # Agg, never a GUI backend: the report is rendered on servers and in CI
    return fig


def _axes(fig: Figure, *grid: int) -> Axes:
    ax = fig.add_subplot(*grid)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _latencies(case: CaseResult) -> Iterable[float]:
    for ex in case.transcript:
        ms = ex.reply.get("latency_ms")
        if isinstance(ms, int | float) and not isinstance(ms, bool) and math.isfinite(ms):
            yield float(ms)


def _latency_ms(case: CaseResult) -> float:
    return sum(_latencies(case))


# --- small formatting -----------------------------------------------------------------------------------------------


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{_trim(rate * 100)}%"


def _trim(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _num(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return _text(x)
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}" if abs(x) < 1 else f"{x:.1f}"


def _text(x: Any) -> str:
    return "" if x is None else str(x)


def _dict(x: Any) -> dict[str, Any]:
    return x if isinstance(x, dict) else {}


def _dicts(x: Any) -> list[dict[str, Any]]:
    return [d for d in x if isinstance(d, dict)] if isinstance(x, list) else []


def _listed(x: Any) -> list[str]:
    return [str(i) for i in x] if isinstance(x, list) else [str(x)]


def _show(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, list):
        return ", ".join(_show(i) for i in x) or "—"
    if isinstance(x, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in x.items() if v not in (None, [], {})) or "—"
    return _text(x)


def _when(run: RunResult) -> str:
    return run.started_at.strftime("%Y-%m-%d %H:%M %Z").strip()


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
