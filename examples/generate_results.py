#!/usr/bin/env python3
"""Writes examples/team/results/: a year of monthly sales results (2025-11 to
2026-10) for the example reps, through `coach results import` as a manager
would. Run once; its output is committed as data (examples/ is not rebuilt).

The figures are made up but plausible: a quota per role (a new hire ramps up),
an actual around it that follows each rep's usual level plus, loosely, how
regularly the rep was met that month (1:1s held / 4), plus noise. So the
report's "coaching and results" section has a link to find, and a high
performer coached little (Priya) to keep it honest.

Usage: examples/generate_results.py [path/to/coach]   (default: build/coach)
"""

import csv
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

TEAM = Path(__file__).resolve().parent / "team"
MONTHS = [f"2025-{m:02}" for m in (11, 12)] + [f"2026-{m:02}" for m in range(1, 11)]
QUOTA = {"Senior Account Executive": 100000, "Account Executive": 70000}
LEVEL = {  # each rep's usual attainment, before coaching and noise
    "priya-raman": 1.02, "hannah-brooks": 0.80, "marcus-reed": 0.82, "sofia-martinez": 0.72,
    "tyler-nguyen": 0.70, "ryan-kowalski": 0.62, "jordan-okafor": 0.60,
}
RAMP = [0.0, 0.25, 0.5, 0.75]  # a new hire's share of the full quota in the first months


def one_on_ones_per_month(rep):
    return Counter(str(r["date"])[:7] for r in rep.get("records") or [] if r.get("kind", "1on1") == "1on1")


def rows():
    rng = random.Random(15)
    for path in sorted((TEAM / "reps").glob("*.yaml")):
        rep = yaml.safe_load(path.read_text())
        met = one_on_ones_per_month(rep)
        start = str(rep.get("start"))[:7]
        archived = str(rep.get("archived") or "9999-12")[:7]
        months_on_team = [m for m in MONTHS if start <= m <= archived]
        for index, month in enumerate(months_on_team):
            ramp = RAMP[index] if start >= MONTHS[0] and index < len(RAMP) else 1.0
            quota = QUOTA[rep["role"]] * ramp
            regularity = min(1.0, met[month] / 4)
            share = LEVEL[path.stem] + 0.35 * regularity + rng.gauss(0, 0.08)
            base = quota if quota else QUOTA[rep["role"]] * 0.1  # ramping: a first deal or none
            actual = max(0, round(base * share / 50) * 50) if quota or rng.random() < 0.5 else 0
            pipeline = round(QUOTA[rep["role"]] * rng.uniform(2.2, 3.6) / 1000) * 1000
            win_rate = f"{round(rng.uniform(18, 42))}%"
            yield [rep["name"], month, f"${quota:,.0f}", f"${actual:,.0f}", f"${pipeline:,.0f}", win_rate]


def main():
    coach = sys.argv[1] if len(sys.argv) > 1 else str(TEAM.parents[1] / "build" / "coach")
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "crm-export.csv"
        with export.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["Account Owner", "Month", "Quota", "Closed Won", "Pipeline", "Win Rate"])
            writer.writerows(rows())
        env = dict(os.environ, COACH_TODAY="2026-11-25")
        subprocess.run([coach, "-C", str(TEAM), "--no-commit", "results", "import", str(export), "--map",
                        "rep=Account Owner", "--map", "period=Month", "--map", "quota=Quota", "--map",
                        "actual=Closed Won"], check=True, env=env)


if __name__ == "__main__":
    main()
