"""The annual report at the large demo size: the content (the statistics, the budget) and each
of its three files, beside a bare openpyxl write of the same tables.

The large demo (`vises demo --size large --seed 1`) is loaded into a fresh SQLite database (a
temporary data directory), and the year with the most attendances at held cafés is reported.
Each step runs three times; the table gives the median. The ratio compares a format's
rendering with writing the same tables' cells straight into a workbook with openpyxl (the
floor for a spreadsheet). Writes the result to docs/benchmarks.md. Not part of the test suite
(`make bench`).

    .venv/bin/python bench/bench_annual_report.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from report import write_section

BIN = Path(sys.executable).parent
MARKER = "## Annual report (`vises report`)"

TIMING = r"""
import io, json, statistics as stats, time
from collections import Counter
from openpyxl import Workbook
from vises.cafes.models import Cafe, Registration
from vises.matching.models import Pair
from vises.partnerships.models import Partnership
from vises.people.models import Person
from vises.reporting import documents
from vises.reporting.annual import all_tables, annual_content

partnership = Partnership.objects.order_by("pk").first()
held = Cafe.objects.filter(partnership=partnership, status__in=["held", "followed_up"])
attended = Registration.objects.filter(cafe__in=held, attendance="attended")
year = Counter(attended.values_list("cafe__starts_at__year", flat=True)).most_common(1)[0][0]

def median(step):
    times, result = [], None
    for _ in range(3):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return stats.median(times), result

def bare(content):
    book = Workbook()
    for table in all_tables(content):
        sheet = book.create_sheet(table["name"][:31])
        sheet.append([table["row_heading"], *table["columns"]])
        for row in table["rows"]:
            sheet.append([row["label"], *row["cells"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

seconds, content = median(lambda: annual_content(partnership=partnership, year=year))
result = {
    "persons": Person.objects.filter(partnership=partnership).count(),
    "year": year,
    "cafes": held.filter(starts_at__year=year).count(),
    "attendances": attended.filter(cafe__starts_at__year=year).count(),
    "pairs": Pair.objects.filter(partnership=partnership, confirmed_at__isnull=False).count(),
    "tables": len(all_tables(content)),
    "content": seconds,
}
for name, step in [("bare", lambda: bare(content))] + [
    (fmt, (lambda fmt=fmt: documents.render(content, fmt))) for fmt in documents.FORMATS
]:
    seconds, data = median(step)
    result[name] = seconds
    result[name + "_bytes"] = len(data)
print(json.dumps(result))
"""


def bench_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update({"VISES_DEV": "1", "VISES_DATA_DIR": data_dir, "VISES_LOG_LEVEL": "WARNING"})
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "vises"), *args], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        env = bench_env(data_dir)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "demo", "--size", "large", "--seed", "1")
        printed = manage(env, "shell", "-c", TIMING)
    result = json.loads(printed.strip().splitlines()[-1])
    bare = result["bare"]
    lines = [
        MARKER,
        "",
        "Command: `.venv/bin/python bench/bench_annual_report.py` (SQLite, the large demo: "
        f"{result['persons']} persons, {result['pairs']} pairs ever confirmed; the year "
        f"{result['year']} with {result['cafes']} cafés held and {result['attendances']} "
        f"attendances; {result['tables']} tables; the median of three runs).",
        "",
        "The large demo's size is in the register (persons); its cafés and pairs are few, so "
        "the tables are short: the times are mostly the statistics' queries and each "
        "renderer's fixed cost (WeasyPrint's layout for the PDF).",
        "",
        "| step | time | file size | ratio to bare openpyxl |",
        "|---|---|---|---|",
        f"| content (statistics, suppression, budget) | {result['content']:.2f} s | – | – |",
        f"| bare openpyxl write of the same tables | {bare:.3f} s | "
        f"{result['bare_bytes'] // 1024} kB | 1.0 |",
    ]
    for fmt in ("xlsx", "docx", "pdf"):
        lines.append(
            f"| {fmt.upper()} | {result[fmt]:.3f} s | {result[fmt + '_bytes'] // 1024} kB | "
            f"{result[fmt] / bare:.1f} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    write_section(MARKER, report)


if __name__ == "__main__":
    main()
