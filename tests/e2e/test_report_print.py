"""coach report for a reader who prints it: the "Most time / Least" line
leaves out the reps who were not on the team in the period, and the HTML
report printed to PDF by headless Chromium keeps its numbers and labels."""

import datetime
import json
import re
import shutil
import subprocess
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from coachtest import CoachTestCase

# The pages the roll-up below takes on A4 or Letter, 9 on Letter when it was written:
# fewer would mean content lost, more that charts or rows no longer share pages.
PAGES = (7, 11)
SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# October 2026, cadence 7. Ann: two 1:1s, 75 min. Bo: one, 30 min. Cy: away all
# of October (0 min). Dee: starts in November (0 min, not on the team yet).
ANN = """\
id: ann
name: Ann Lee
start: 2024-01-08
records:
  - kind: 1on1
    id: a00001
    date: 2026-10-05
    minutes: 30
  - kind: 1on1
    id: a00002
    date: 2026-10-19
    minutes: 45
"""

BO = """\
id: bo
name: Bo Diaz
start: 2024-01-08
records:
  - kind: 1on1
    id: b00001
    date: 2026-10-12
    minutes: 30
"""

CY = """\
id: cy
name: Cy Park
start: 2024-01-08
away:
  - from: 2026-09-28
    to: 2026-11-06
    reason: leave
"""

DEE = """\
id: dee
name: Dee Moss
start: 2026-11-10
"""


def west(tmp, *reps):
    """A data directory of a team West with `reps` (rep files' texts)."""
    root = tmp / "west"
    (root / "reps").mkdir(parents=True)
    (root / "coach.yaml").write_text("manager: Dana\nteam: West\npolicy:\n  cadence: 7\n")
    for text in reps:
        rep_id = text.split("\n")[0].split(": ")[1]
        (root / "reps" / f"{rep_id}.yaml").write_text(text)
    return root


class TimeLineTest(CoachTestCase):

    def report(self, root, fmt):
        return self.ok("-C", str(root), "report", "--month", "2026-10", "--format", fmt).out

    def test_least_never_names_a_rep_away_or_not_yet_on_the_team(self):
        root = west(self.tmp, ANN, BO, CY, DEE)
        reps = json.loads(self.report(root, "json"))["teams"][0]["reps"]
        # 22 working days in October // 7 = 3 expected. Cy, away all month, has no time (0 minutes) and nothing expected; Dee,
        # who starts in November, is not in the report at all.
        self.assertEqual([(r["name"], r["minutes"], r["expected"]) for r in reps],
                         [("Ann Lee", 75, 3), ("Bo Diaz", 30, 3), ("Cy Park", 0, 0)])
        line = "Most time: Ann Lee (75 min in 2 1:1s). Least: Bo Diaz (30 min in 1 1:1)."
        for fmt in ("table", "md", "html"):
            out = self.report(root, fmt)
            self.assertIn(line, out, fmt)
            self.assertNotIn("Least: Cy", out, fmt)
            self.assertNotIn("Least: Dee", out, fmt)

    def test_no_line_when_fewer_than_two_reps_were_on_the_team(self):
        root = west(self.tmp, ANN, CY, DEE)
        for fmt in ("table", "md", "html"):
            self.assertNotIn("Most time", self.report(root, fmt), fmt)


def percent(share):
    """A share as coach shows it: rounded half up to a whole percentage."""
    return "-" if share is None else f"{int(share * 100 + 0.5)}%"


def month_labels(first, last):
    """The timeline's labels: each month's first day in the period, the year at
    January and at the first label."""
    day, labels = datetime.date(first.year, first.month, 1), []
    while day <= last:
        if day >= first:
            name = MONTHS[day.month - 1]
            labels.append(f"{name} {day.year}" if not labels or day.month == 1 else name)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return labels


def caption(counts):
    """What the HTML prints under a promise bar."""
    parts = [(counts["kept_on_time"], "kept on time"), (counts["kept_after_move"], "kept after a move"),
             (counts["kept_late"], "kept late"), (counts["dropped"], "dropped"),
             (counts["open"] - counts["overdue"], "open"), (counts["overdue"], "overdue")]
    return ", ".join([f"{counts['made']} made"] + [f"{n} {label}" for n, label in parts if n > 0])


class PrintedReportTest(CoachTestCase):
    """The example team and a second team (a roll-up over both) by month, as
    HTML, then as Chromium prints it to PDF."""

    def setUp(self):
        super().setUp()
        self.west = west(self.tmp, ANN, BO, CY)
        self.examples = self.examples_copy()

    def report(self, fmt):
        return self.ok("-C", str(self.examples), "-C", str(self.west), "report", "--last", "90d", "--by", "month",
                       "--format", fmt).out

    def test_html_charts_carry_their_figures(self):
        data = json.loads(self.report("json"))
        root = ET.fromstring(self.report("html").split("\n", 1)[1])
        texts = lambda svg: [t.text for t in svg.iter(f"{SVG}text")]
        # The roll-up's chart: a row per manager, adherence and index each a bar with its figure.
        chart = root.find(".//table[@class='chart']")
        self.assertIsNotNone(chart)
        rows = chart.findall("./tbody/tr")
        self.assertEqual(len(rows), len(data["teams"]))
        for row, team in zip(rows, data["teams"]):
            index = team["index"]["score"]
            self.assertEqual(row.find("td").text, team["manager"])
            self.assertEqual([texts(svg) for svg in row.iter(f"{SVG}svg")],
                             [[percent(team["totals"]["adherence"])], ["-" if index is None else str(index)]])
        # Each team's trend chart: held/expected over each month, labelled.
        charts = [svg for svg in root.iter(f"{SVG}svg") if svg.get("aria-label") == "1:1s held against expected"]
        self.assertEqual(len(charts), len(data["teams"]))
        for svg, team in zip(charts, data["teams"]):
            expected = []
            for bucket in team["trend"]:
                expected += [f"{bucket['held']}/{bucket['expected']}",
                             MONTHS[int(bucket["first"][5:7]) - 1]]
            self.assertEqual(texts(svg), expected)
        # Each timeline's axis names the months.
        first = datetime.date.fromisoformat(data["period"]["first"])
        last = datetime.date.fromisoformat(data["period"]["last"])
        timelines = [svg for svg in root.iter(f"{SVG}svg") if (svg.get("aria-label") or "").startswith("1:1s with")]
        self.assertEqual(len(timelines), sum(len(team["reps"]) for team in data["teams"]))
        for svg in timelines:
            self.assertEqual(texts(svg), month_labels(first, last))

    @unittest.skipUnless(shutil.which("chromium") and shutil.which("pdfinfo") and shutil.which("pdftotext"),
                         "chromium or poppler-utils (pdfinfo, pdftotext) is not installed")
    def test_printed_to_pdf_keeps_the_numbers(self):
        data = json.loads(self.report("json"))
        page = self.tmp / "report.html"
        page.write_text(self.report("html"))
        pdf = self.tmp / "report.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={self.tmp / 'profile'}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()],
                       capture_output=True, timeout=120, check=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        self.assertTrue(PAGES[0] <= pages <= PAGES[1], f"{pages} pages")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        first = datetime.date.fromisoformat(data["period"]["first"])
        last = datetime.date.fromisoformat(data["period"]["last"])
        for label in month_labels(first, last):
            self.assertIn(label, flat)
        for team in data["teams"]:
            for rep in team["reps"]:
                self.assertIn(f"{rep['held']} of {rep['expected']}", flat, rep["name"])
                for side in ("manager_promises", "rep_promises"):
                    self.assertIn(caption(rep[side]), flat, (rep["name"], side))
            for bucket in team["trend"]:
                self.assertIn(f"{bucket['held']}/{bucket['expected']}", flat)
            self.assertIn(percent(team["totals"]["adherence"]), flat)


if __name__ == "__main__":
    unittest.main()
