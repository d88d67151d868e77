"""coach report: metrics checked by hand on tiny directories, golden output
for every format over the example team, and the HTML checked to be
well-formed, self-contained, and to render in headless Chromium."""

import csv
import io
import json
import os
import shutil
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from coachtest import CoachTestCase, chromium_screenshot

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

# Ann: cadence 7. 1:1s on 2026-09-20 (before the period), 10-05, 10-12, 10-30, 11-06.
# Period: --month 2026-10 (31 days). Gaps closed in October: 09-20 -> 10-05 = 15, 10-05 -> 10-12 = 7,
# 10-12 -> 10-30 = 18. Open gap: 10-30 -> 10-31 = 1. Median of [15, 7, 18] = 15; longest 18.
ANN = """\
id: ann
name: Ann Lee
records:
  - kind: 1on1
    id: a00001
    date: 2026-09-20
    minutes: 30
  - kind: 1on1
    id: a00002
    date: 2026-10-05
    minutes: 30
    personal: [garden]
    notes: ok
    promises:
      - id: pa0001
        owner: manager
        text: on time
        due: 2026-10-12
        done: 2026-10-11
      - id: pa0002
        owner: manager
        text: moved then kept
        due: 2026-10-20
        first_due: 2026-10-12
        done: 2026-10-18
      - id: pa0003
        owner: manager
        text: late
        due: 2026-10-12
        done: 2026-10-15
      - id: pa0004
        owner: manager
        text: overdue at the end of October, kept in November
        due: 2026-10-20
        done: 2026-11-03
      - id: pa0005
        owner: rep
        text: dropped
        due: 2026-10-12
        dropped: 2026-10-10
      - id: pa0006
        owner: rep
        text: open, due later
        due: 2026-11-15
  - kind: 1on1
    id: a00003
    date: 2026-10-12
    minutes: 45
  - kind: 1on1
    id: a00004
    date: 2026-10-30
    minutes: 20
    notes: short
  - kind: 1on1
    id: a00005
    date: 2026-11-06
    promises:
      - id: pa0007
        owner: manager
        text: made after the period
        due: 2026-11-13
"""

# Bo: away 10-01..10-14, so 17 working days in October: expected 17 // 7 = 2; held 3 (capped at 2).
BO = """\
id: bo
name: Bo Diaz
away:
  - from: 2026-10-01
    to: 2026-10-14
    reason: leave
records:
  - kind: 1on1
    id: b00001
    date: 2026-10-16
  - kind: 1on1
    id: b00002
    date: 2026-10-23
  - kind: 1on1
    id: b00003
    date: 2026-10-24
"""


class MetricsTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        root = self.tmp / "team"
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text("manager: Dana\nteam: West\npolicy:\n  cadence: 7\n")
        (root / "reps" / "ann.yaml").write_text(ANN)
        (root / "reps" / "bo.yaml").write_text(BO)
        self.root = root

    def report(self, *args):
        return json.loads(self.ok("-C", str(self.root), "report", "--format", "json", *args).out)

    def test_figures_by_hand(self):
        data = self.report("--month", "2026-10")
        self.assertEqual(data["period"], {"label": "2026-10", "first": "2026-10-01", "last": "2026-10-31", "days": 31})
        team = data["teams"][0]
        ann, bo = team["reps"]
        self.assertEqual((ann["held"], ann["expected"], ann["adherence"]), (3, 4, 0.75))  # 31 // 7 = 4
        self.assertEqual((ann["median_gap_days"], ann["longest_gap_days"], ann["days_since_last"]), (15, 18, 1))
        self.assertEqual((ann["minutes"], ann["with_personal_topic"], ann["with_notes"]), (95, 1, 2))
        self.assertEqual(ann["one_on_ones"], ["2026-10-05", "2026-10-12", "2026-10-30"])
        mine = ann["manager_promises"]
        self.assertEqual(mine, {"made": 4, "kept": 3, "kept_on_time": 1, "kept_after_move": 1, "kept_late": 1,
                                "dropped": 0, "open": 1, "overdue": 1, "on_time_rate": 0.25})
        theirs = ann["rep_promises"]
        self.assertEqual((theirs["made"], theirs["dropped"], theirs["open"], theirs["overdue"], theirs["on_time_rate"]),
                         (2, 1, 1, 0, None))
        self.assertEqual((bo["held"], bo["expected"], bo["adherence"]), (3, 2, 1.0))
        totals = team["totals"]
        # Team adherence: (min(3,4) + min(3,2)) / (4 + 2) = 5/6
        self.assertEqual((totals["held"], totals["expected"], totals["adherence"]), (6, 6, 0.8333))
        self.assertEqual(totals["manager_promises"]["made"], 4)

    def test_period_boundary_inside_a_gap(self):
        # November 1-10: Ann's 1:1 on 11-06 closes the gap from 10-30 (7 days); Bo has none: his open gap
        # runs from 10-24 to 11-10 (17 days), longer than the period itself.
        data = self.report("--since", "2026-11-01", "--until", "2026-11-10")
        ann, bo = data["teams"][0]["reps"]
        self.assertEqual((ann["held"], ann["median_gap_days"], ann["longest_gap_days"]), (1, 7, 7))
        self.assertEqual((bo["held"], bo["median_gap_days"], bo["longest_gap_days"], bo["days_since_last"]),
                         (0, None, 17, 17))
        # pa0004 was made in October: not in November's cohort; pa0007 is.
        self.assertEqual(ann["manager_promises"]["made"], 1)

    def test_promise_moved_then_kept_and_judged_at_the_period_end(self):
        data = self.report("--since", "2026-10-01", "--until", "2026-11-30")
        mine = data["teams"][0]["reps"][0]["manager_promises"]
        # Over Oct-Nov, pa0004 is kept late (11-03 > 10-20) and pa0007 is open, not due before... 11-13: overdue
        self.assertEqual((mine["kept_late"], mine["kept_after_move"], mine["overdue"]), (2, 1, 1))

    def test_trend_by_week_and_month(self):
        data = self.report("--month", "2026-10", "--by", "week")
        weeks = data["teams"][0]["trend"]
        self.assertEqual(weeks[0]["label"], "2026-W40")
        self.assertEqual((weeks[0]["first"], weeks[0]["last"]), ("2026-10-01", "2026-10-04"))
        self.assertEqual(weeks[-1]["last"], "2026-10-31")
        self.assertEqual(sum(w["held"] for w in weeks), 6)
        # On 10-25 (end of W43) pa0002 (due 10-20) was done 10-18 and pa0004 (due 10-20) still open: 1 overdue
        w43 = next(w for w in weeks if w["label"] == "2026-W43")
        self.assertEqual((w43["overdue"], w43["overdue_manager"]), (1, 1))
        months = self.report("--since", "2026-09-15", "--until", "2026-11-10", "--by", "month")["teams"][0]["trend"]
        self.assertEqual([m["label"] for m in months], ["2026-09", "2026-10", "2026-11"])

    def test_period_options(self):
        self.assertEqual(self.report("--quarter", "2026-Q3")["period"]["last"], "2026-09-30")
        self.assertEqual(self.report("--quarter", "2026-q4")["period"]["last"], "2026-11-25")  # not past today
        self.assertEqual(self.report("--last", "12w")["period"]["first"], "2026-09-03")
        self.assertEqual(self.report()["period"]["label"], "last 90 days")
        for bad in (["--quarter", "2026-Q5"], ["--month", "2026-13"], ["--last", "soon"],
                    ["--month", "2026-10", "--last", "7d"], ["--since", "2026-12-01"],
                    ["--since", "2026-11-10", "--until", "2026-11-01"]):
            with self.subTest(bad):
                self.fails(2, "-C", str(self.root), "report", *bad)

    def test_rollup_of_several_teams(self):
        other = self.tmp / "other"
        shutil.copytree(self.root, other)
        (other / "coach.yaml").write_text("manager: Eve\nteam: East\n")
        data = json.loads(self.ok("-C", str(self.root), "-C", str(other), "report", "--month", "2026-10",
                                  "--format", "json").out)
        self.assertEqual([t["manager"] for t in data["teams"]], ["Dana", "Eve"])
        table = self.ok("-C", str(self.root), "-C", str(other), "report", "--month", "2026-10").out
        self.assertTrue(table.startswith("Coaching across 2 teams, 2026-10:"), table)
        lines = table.splitlines()
        self.assertEqual(lines[2].split()[:3], ["MANAGER", "TEAM", "REPS"])
        self.assertEqual(lines[3].split()[:6], ["Dana", "West", "2", "6", "6", "83%"])
        teams = self.tmp / "teams.txt"
        teams.write_text("# my managers\nteam\n\nother\n")
        via_file = json.loads(self.ok("report", "--teams", str(teams), "--month", "2026-10", "--format", "json").out)
        self.assertEqual(via_file["teams"], data["teams"])
        self.fails(2, "-C", str(self.root), "-C", str(other), "rep", "list")

    def test_a_missing_team_directory_is_named_with_its_line_of_the_teams_file(self):
        teams = self.tmp / "teams.txt"
        teams.write_text(f"# my managers\n{self.root}\n\nnowhere\n")
        result = self.fails(4, "report", "--teams", str(teams))
        self.assertIn(f"(from --teams {teams}:4) is not a coach directory", result.err)
        self.assertIn("(from -C) is not a coach directory", self.fails(4, "-C", "nowhere", "report").err)

    def test_csv(self):
        rows = list(csv.DictReader(io.StringIO(self.ok("-C", str(self.root), "report", "--month", "2026-10",
                                                       "--format", "csv").out, newline="")))
        self.assertEqual([r["rep"] for r in rows], ["ann", "bo"])
        self.assertEqual(rows[0]["adherence"], "0.7500")
        self.assertEqual(rows[0]["manager_kept_after_move"], "1")
        trend = list(csv.DictReader(io.StringIO(self.ok("-C", str(self.root), "report", "--month", "2026-10",
                                                        "--by", "month", "--format", "csv").out, newline="")))
        self.assertEqual(trend[0]["period"], "2026-10")

    def test_output_file_is_private_and_atomic(self):
        target = self.tmp / "out" / "report.html"
        target.parent.mkdir()
        result = self.ok("-C", str(self.root), "report", "--format", "html", "-o", str(target))
        self.assertIn("Wrote", result.out)
        self.assertEqual(oct(target.stat().st_mode & 0o777), "0o600")
        self.assertEqual(list(target.parent.iterdir()), [target])


class GoldenTest(CoachTestCase):
    """Every format over the example team, compared with files in tests/golden
    (regenerate with UPDATE_GOLDEN=1 after checking the change by eye)."""

    CASES = {
        "report-q3.txt": ["--quarter", "2026-Q3", "--by", "month"],
        "report-90d.md": ["--format", "md"],
        "report-90d.csv": ["--format", "csv"],
        "report-weeks.csv": ["--last", "4w", "--by", "week", "--format", "csv"],
        "report-90d.json": ["--format", "json", "--by", "month"],
        "report-90d.html": ["--format", "html", "--by", "month"],
    }

    def test_golden_outputs(self):
        root = self.examples_copy()
        for name, args in self.CASES.items():
            with self.subTest(name):
                # The text report as a pipe shows it: within 80 columns (issue 16).
                out = self.ok("report", *args, cwd=root, env={"COLUMNS": "80"}).out
                path = GOLDEN / name
                if os.environ.get("UPDATE_GOLDEN"):
                    path.write_text(out)
                self.assertEqual(out, path.read_text(), f"{name} differs; UPDATE_GOLDEN=1 rewrites it")


class HtmlTest(CoachTestCase):
    def html(self):
        root = self.examples_copy()
        (root / "reps" / "jordan-okafor.yaml").write_text(
            (root / "reps" / "jordan-okafor.yaml").read_text().replace("name: Jordan Okafor",
                                                                        'name: "Jordan <b>&amp;</b> \\"J\\" O\'Kafor"'))
        return self.ok("report", "--format", "html", "--by", "week", cwd=root).out

    def test_well_formed_and_self_contained(self):
        text = self.html()
        root = ET.fromstring(text.split("\n", 1)[1])  # after the doctype
        self.assertEqual(root.tag, "html")
        # 6 cadence timelines, 12 promise charts, one chart per rep for each of the other four
        # activities and for the skill ratings.
        # With the examples' results, the Coaching and results scatter plot (issue 15); the
        # trend's chart beside its table (issue 16).
        self.assertEqual(len(root.findall(".//{http://www.w3.org/2000/svg}svg")), 6 + 12 + 5 * 6 + 1 + 1)
        self.assertIn("Jordan &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;J&quot; O&#39;Kafor", text)
        lowered = text.lower()
        for fetch in ("<script", "<link", "<img", "src=", "href=", "@import", "url("):
            self.assertNotIn(fetch, lowered)
        self.assertEqual(lowered.count("http"), lowered.count("http://www.w3.org/2000/svg"))

    @unittest.skipUnless(shutil.which("chromium"), "chromium is not installed")
    def test_renders_in_headless_chromium(self):
        image = chromium_screenshot(self.html(), self.tmp, 1600)
        self.assertEqual(image.size, (1200, 1600))
        colors = image.getcolors(maxcolors=1 << 20)
        self.assertGreater(len(colors), 50)  # text, tables and charts, not a blank page
        # The charts' green dots and red overdue bars are drawn.
        pixels = set(color for _, color in colors)
        self.assertIn((46, 125, 50), pixels)
        self.assertIn((229, 83, 61), pixels)


class PagerTest(CoachTestCase):
    def test_no_pager_when_not_a_terminal(self):
        root = self.examples_copy()
        out = self.ok("report", cwd=root, env={"PAGER": "false"}).out
        self.assertIn("Coaching report", out)


if __name__ == "__main__":
    unittest.main()
