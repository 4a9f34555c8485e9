"""`make bench`: run every benchmark once and print one table. Ratios come from the same run, on the same machine."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from benchmarks import answer


def main() -> None:
    table = Table(title="concierge benchmarks")
    for col in ("measure", "value", "target", "verdict"):
        table.add_column(col)
    for row in answer.run():
        verdict = "-" if row.ok is None else ("[green]met[/]" if row.ok else "[red]missed[/]")
        table.add_row(row.measure, row.value, row.target, verdict)
    Console().print(table)


if __name__ == "__main__":
    main()
