"""coach report: the "Coaching and results" section (coach-report(1)) on teams
whose figures are counted by hand: each rep's coaching consistency against
attainment, Spearman's rank correlation with its p-value and sentence, the
top fifth against the rest, the same one level up over teams, every format,
and the HTML scatter plot drawn in headless Chromium."""

import csv
import io
import itertools
import json
import math
import shutil
import unittest
import xml.etree.ElementTree as ET

from coachtest import CoachTestCase, chromium_screenshot

SVG = "{http://www.w3.org/2000/svg}"
SENTENCE_TAIL = "it cannot show that coaching drives results, only whether the two went together."

# The report's period: 2026-Q3, July 1 to September 30, 92 days. Every rep is on the team all the
# period, has a 1:1 on June 30 and then one every K days; cadence 7, grace 2, so a day is late
# when more than 9 days have passed since the last 1:1 on or before it. Day d of the period is
# d days after June 30 (1..92); in each gap of K days the days 10..K-1 after its 1:1 are late,
# and the days after the last 1:1 of the period too when more than 9 after it.
#   ann  K=7:  none late                                         ON CADENCE 92/92 = 100%
#   fi   K=10: none late (day 10 is a 1:1)                       100%
#   gus  K=8:  none late                                         100%
#   bo   K=14: 1:1s on days 14..84, 6 gaps x 4 late (10..13); the tail 85..92 is 8 days: 0
#              -> (92 - 24) / 92 = 68/92 = 73.9% -> 74%
#   cy   K=21: 1:1s on days 21, 42, 63, 84: 4 x 11 late (10..20); tail 85..92: 0 -> 48/92 = 52%
#   di   K=30: 1:1s on days 30, 60, 90: 3 x 20 late (10..29); tail 91, 92: 0 -> 32/92 = 35%
#   ed   none after June 30: days 10..92 late, 83 -> 9/92 = 9.8% -> 10%
# No other activity is recorded, so CONSISTENCY is ON CADENCE.
RHYTHMS = {"ann": 7, "bo": 14, "cy": 21, "di": 30, "ed": None, "fi": 10, "gus": 8}
CONSISTENCY = {"ann": 92 / 92, "bo": 68 / 92, "cy": 48 / 92, "di": 32 / 92, "ed": 9 / 92, "fi": 1.0, "gus": 1.0}
# results/2026-Q3.yaml: quota, actual -> attainment.
RESULTS = {"ann": (100000, 112000), "bo": (120000, 98500), "cy": (100000, 90000), "di": (60000, 42000),
           "ed": (100000, 61000), "fi": (90000, 85500), "gus": (80000, 84000)}
ORDER = ["ann", "bo", "cy", "di", "ed", "fi", "gus"]  # the report's order: by name
NAMES = {"ann": "Ann Lee", "bo": "Bo Diaz", "cy": "Cy Young", "di": "Di Prince", "ed": "Ed Stone",
         "fi": "Fi Green", "gus": "Gus Hall", "hal": "Hal Moon", "ivy": "Ivy Park", "jo": "Jo March"}
LETTER = {"ann": "a", "bo": "b", "cy": "c", "di": "d", "ed": "e", "fi": "f", "gus": "g", "hal": "h", "ivy": "j",
          "jo": "k"}


def rep_file(rep, every):
    """The rep's file: a 1:1 on 2026-06-30, then one every `every` days up to 2026-09-30."""
    days = [0] + ([d for d in range(every, 93, every)] if every else [])
    lines = [f"id: {rep}", f"name: {NAMES[rep]}", "start: 2026-01-05", "records:"]
    for n, d in enumerate(days, 1):
        lines.append(f"  - {{kind: 1on1, id: {LETTER[rep]}{n:05}, date: {day_after_june_30(d)}}}")
    return "\n".join(lines) + "\n"


def day_after_june_30(d):
    import datetime
    return (datetime.date(2026, 6, 30) + datetime.timedelta(days=d)).isoformat()


def results_file(period, figures, extra=None):
    lines = [f"# Sales results for {period}, from crm.csv (coach results import).", f"period: {period}", "reps:"]
    for rep, (quota, actual) in figures.items():
        lines += [f"  {rep}:", f"    quota: {quota}", f"    actual: {actual}"]
        for key, text in (extra or {}).get(rep, {}).items():
            lines.append(f"    {key}: {json.dumps(text)}")
    return "\n".join(lines) + "\n"


def average_ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return sxy / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def exact_p(xs, ys):
    """A second implementation of the exact permutation p-value: every ordering of y's ranks."""
    rx, ry = average_ranks(xs), average_ranks(ys)
    rho = pearson(rx, ry)
    perms = list(itertools.permutations(ry))
    return sum(abs(pearson(rx, p)) >= abs(rho) - 1e-12 for p in perms) / len(perms)


def percent(share):
    """As the report rounds: half up to four decimals, then that half up to a whole percentage."""
    basis_points = math.floor(share * 10000 + 0.5 + 1e-9)
    return f"{(basis_points + 50) // 100}%"


class ResultsTestCase(CoachTestCase):
    def make_team(self, name, manager, reps, results, extra=None, settings=""):
        root = self.tmp / name
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text(f"manager: {manager}\nteam: {name.title()}\n{settings}")
        for rep, every in reps.items():
            (root / "reps" / f"{rep}.yaml").write_text(rep_file(rep, every))
        if results is not None:
            (root / "results").mkdir()
            (root / "results" / "2026-Q3.yaml").write_text(results_file("2026-Q3", results, extra))
        return root

    def setUp(self):
        super().setUp()
        self.west = self.make_team("west", "Dana", RHYTHMS, RESULTS,
                                   extra={"ann": {"pipeline": "310000", "note": "yes: #1"}})

    def report(self, *args, dirs=None):
        flags = []
        for d in dirs or [self.west]:
            flags += ["-C", str(d)]
        return self.ok(*flags, "report", "--quarter", "2026-Q3", *args).out


class TeamSectionTest(ResultsTestCase):
    def test_json_figures_by_hand(self):
        section = json.loads(self.report("--format", "json"))["teams"][0]["results"]
        reps = section["reps"]
        self.assertEqual([r["id"] for r in reps], ORDER)
        for r in reps:
            quota, actual = RESULTS[r["id"]]
            self.assertEqual(r["consistency"], round(CONSISTENCY[r["id"]], 4), r["id"])
            self.assertEqual((r["quota"], r["actual"]), (quota, actual))
            self.assertEqual(r["attainment"], round(actual / quota, 4))
            self.assertEqual(r["periods"], ["2026-Q3"])
        self.assertEqual(reps[0]["extra"], {"2026-Q3": {"pipeline": "310000", "note": "yes: #1"}})
        self.assertEqual(reps[1]["extra"], {})
        # Ranks of consistency (ed 1, di 2, cy 3, bo 4, ann = fi = gus 6) against attainment (ed 61% 1,
        # di 70% 2, bo 82% 3, cy 90% 4, fi 95% 5, gus 105% 6, ann 112% 7), in the order ann..gus:
        #   x = 6 4 3 2 1 6 6, y = 7 3 4 2 1 5 6; about the mean 4: sxy = 25, sxx = 26, syy = 28.
        rho = 25 / math.sqrt(26 * 28)
        xs = [CONSISTENCY[r] for r in ORDER]
        ys = [RESULTS[r][1] / RESULTS[r][0] for r in ORDER]
        self.assertAlmostEqual(pearson(average_ranks(xs), average_ranks(ys)), rho)
        p = exact_p(xs, ys)  # 7 reps: exact, over all 5,040 orderings
        correlation = section["correlation"]
        self.assertEqual((correlation["n"], correlation["rho"], correlation["p_value"], correlation["p_method"]),
                         (7, round(rho, 4), round(p, 4), "exact"))
        self.assertEqual(correlation["sentence"],
                         f"With 7 reps, a rank correlation this size (0.93) arises by chance alone in {percent(p)} "
                         f"of teams with no link at all; {SENTENCE_TAIL}")
        # Top fifth: ceil(7 / 5) = 2 reps, and gus tied with the second: ann, fi, gus.
        self.assertEqual(section["top_fifth"], {"reps": ["ann", "fi", "gus"], "consistency": 1.0,
                                                "attainment": round((1.12 + 0.95 + 1.05) / 3, 4)})
        rest = ["bo", "cy", "di", "ed"]
        self.assertEqual(section["rest"], {
            "reps": rest,
            "consistency": round(sum(CONSISTENCY[r] for r in rest) / 4, 4),  # 157/368 = 0.4266
            "attainment": round(sum(RESULTS[r][1] / RESULTS[r][0] for r in rest) / 4, 4)})
        # Least squares of attainment on consistency, on the values.
        mx, my = sum(xs) / 7, sum(ys) / 7
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        self.assertEqual(section["trend_line"], {"intercept": round(my - slope * mx, 4), "slope": round(slope, 4)})

    def test_table(self):
        self.env["COLUMNS"] = "80"  # the lines under the tables wrap at the width (80 in a pipe)
        out = self.report()
        lines = out.splitlines()
        at = lines.index("Coaching and results")
        self.assertEqual(lines[at + 1].split(), ["REP", "CONSISTENCY", "QUOTA", "ACTUAL", "ATTAINMENT"])
        rows = {" ".join(line.split()[:2]): line.split()[2:] for line in lines[at + 2:at + 9]}
        self.assertEqual(rows["Ann Lee"], ["100%", "100,000", "112,000", "112%"])
        self.assertEqual(rows["Bo Diaz"], ["74%", "120,000", "98,500", "82%"])
        self.assertEqual(rows["Di Prince"], ["35%", "60,000", "42,000", "70%"])
        self.assertEqual(rows["Ed Stone"], ["10%", "100,000", "61,000", "61%"])
        p = exact_p([CONSISTENCY[r] for r in ORDER], [RESULTS[r][1] / RESULTS[r][0] for r in ORDER])
        groups = lines.index("Top fifth of the reps by coaching consistency against the rest")
        # The two lines under the table, wrapped at 80 columns.
        self.assertEqual(" ".join(lines[at + 9:groups - 1]),
                         f"Spearman's rank correlation: rho 0.93, n 7, p {p:.2f} (exact, over all 5,040 orderings). "
                         f"With 7 reps, a rank correlation this size (0.93) arises by chance alone in {percent(p)} of "
                         f"teams with no link at all; {SENTENCE_TAIL}")
        self.assertEqual(lines[groups + 1].split(), ["GROUP", "REPS", "CONSISTENCY", "ATTAINMENT"])
        # (112 + 95 + 105) / 3 = 104; the rest: 43% and (82.08 + 90 + 70 + 61) / 4 = 75.8 -> 76%.
        self.assertEqual(lines[groups + 2].split(), ["Top", "fifth", "3", "100%", "104%"])
        self.assertEqual(lines[groups + 3].split(), ["The", "rest", "4", "43%", "76%"])
        for line in lines[at:groups + 4]:
            self.assertLessEqual(len(line), 80, line)

    def test_markdown_and_csv(self):
        md = self.report("--format", "md")
        self.assertIn("## Coaching and results\n\n| REP | CONSISTENCY | QUOTA | ACTUAL | ATTAINMENT |\n", md)
        self.assertIn("| Bo Diaz | 74% | 120,000 | 98,500 | 82% |\n", md)
        self.assertIn("## Top fifth of the reps by coaching consistency against the rest\n", md)
        self.assertIn("| Top fifth | 3 | 100% | 104% |\n", md)
        rows = list(csv.DictReader(io.StringIO(self.report("--format", "csv"))))
        self.assertEqual([r["rep"] for r in rows], ORDER)
        bo = rows[1]
        self.assertEqual((bo["consistency"], bo["quota"], bo["actual"], bo["attainment"], bo["results_group"]),
                         ("0.7391", "120000", "98500", "0.8208", "rest"))  # 68/92; 98,500/120,000
        self.assertEqual(rows[0]["results_group"], "top")
        self.assertEqual((bo["results_n"], bo["results_rho"]), ("7", f"{25 / math.sqrt(26 * 28):.4f}"))
        self.assertNotIn("team_consistency", rows[0])  # one team: no level above

    def test_a_rep_without_results_or_quota_is_left_out(self):
        figures = dict(RESULTS)
        del figures["cy"]
        figures["di"] = (0, 42000)  # no quota: no attainment
        (self.west / "results" / "2026-Q3.yaml").write_text(results_file("2026-Q3", figures))
        section = json.loads(self.report("--format", "json"))["teams"][0]["results"]
        self.assertEqual([r["id"] for r in section["reps"]], ["ann", "bo", "ed", "fi", "gus"])
        self.assertEqual(section["correlation"]["n"], 5)

    def test_small_teams_say_why_there_is_no_rho(self):
        root = self.make_team("tiny", "Eve", {"ann": 7, "bo": 14}, {"ann": (100, 90), "bo": (100, 80)})
        out = " ".join(self.report(dirs=[root]).split())  # wrapped at 80 columns
        self.assertIn("Spearman's rank correlation: rho -, n 2. With 2 reps with both figures, no rank correlation "
                      "is shown: it needs at least 3. Top fifth of the reps", out)
        section = json.loads(self.report("--format", "json", dirs=[root]))["teams"][0]["results"]
        self.assertEqual(section["correlation"]["rho"], None)
        self.assertEqual(section["top_fifth"]["reps"], ["ann"])  # n >= 2: ceil(2/5) = 1
        flat = self.make_team("flat", "Eve", {"ann": 7, "fi": 10, "gus": 8},
                              {"ann": (100, 90), "fi": (100, 80), "gus": (100, 70)})
        self.assertIn("The 3 reps all have the same coaching consistency, so no rank correlation is shown.",
                      " ".join(self.report(dirs=[flat]).split()))

    def test_without_results_for_the_period_nothing_changes(self):
        outputs = {fmt: self.report("--format", fmt) for fmt in ("table", "md", "csv", "json", "html")}
        # Results of another period only: the section is left out, in every format, as with none at all.
        (self.west / "results" / "2026-Q3.yaml").rename(self.west / "results" / "2026-Q2.yaml")
        text = (self.west / "results" / "2026-Q2.yaml").read_text().replace("2026-Q3", "2026-Q2")
        (self.west / "results" / "2026-Q2.yaml").write_text(text)
        with_other_period = {fmt: self.report("--format", fmt) for fmt in outputs}
        shutil.rmtree(self.west / "results")
        without = {fmt: self.report("--format", fmt) for fmt in outputs}
        self.assertEqual(with_other_period, without)
        for fmt in ("table", "md", "html"):
            self.assertIn("Coaching and results", outputs[fmt], fmt)
            self.assertNotIn("Coaching and results", without[fmt], fmt)
        self.assertIn("results", json.loads(outputs["json"])["teams"][0])
        self.assertNotIn("results", json.loads(without["json"])["teams"][0])
        self.assertNotIn("teams_results", json.loads(without["json"]))
        self.assertIn(",consistency,", outputs["csv"].splitlines()[0])
        self.assertNotIn("consistency", without["csv"].splitlines()[0])
        # Apart from the section, the report is the same.
        with_section = json.loads(outputs["json"])
        del with_section["teams"][0]["results"]
        with_section["teams"][0]["roll_up"]["attainment"] = None  # the roll-up's ATTAIN follows the results too
        self.assertEqual(with_section, json.loads(without["json"]))


class TeamsLevelTest(ResultsTestCase):
    def setUp(self):
        super().setUp()
        # East: hal 100% and ivy 74% (as bo): consistency (1 + 68/92) / 2 = 0.8696;
        #   attainment (70,000 + 80,000) / 200,000 = 75%.
        self.east = self.make_team("east", "Eve", {"hal": 7, "ivy": 14}, {"hal": (100000, 70000),
                                                                          "ivy": (100000, 80000)})
        # North: jo as cy, 48/92 = 52%; attainment 55,000 / 50,000 = 110%.
        self.north = self.make_team("north", "Flo", {"jo": 21}, {"jo": (50000, 55000)})
        # Without results: no point, but still a team of the report.
        self.south = self.make_team("south", "Gil", {"ann": 7}, None)
        self.dirs = [self.west, self.east, self.north, self.south]

    def test_json_text_is_one_document_indented_by_two(self):
        # The report's JSON is written a member at a time; its text is what dumping the whole document with an
        # indent of two gives: teams with and without results, the examples' activities, empty arrays, --by.
        examples = self.examples_copy()
        for args in ([], ["--by", "month"]):
            text = self.report("--format", "json", *args, dirs=self.dirs + [examples])
            document = json.loads(text)
            self.assertIn("activities", document["teams"][4])
            self.assertIn("teams_results", document)
            self.assertEqual(text, json.dumps(document, indent=2, ensure_ascii=False) + "\n")

    def test_json_over_teams_by_hand(self):
        report = json.loads(self.report("--format", "json", dirs=self.dirs))
        self.assertNotIn("results", report["teams"][3])
        up = report["teams_results"]
        # West: the mean of its 7 reps' consistency, (3 + 157/92) / 7 = 433/644 = 0.6724;
        #   attainment 573,000 / 650,000 = 0.8815.
        west_consistency = sum(CONSISTENCY.values()) / 7
        self.assertEqual([t["manager"] for t in up["teams"]], ["Dana", "Eve", "Flo"])
        self.assertEqual(up["teams"][0], {"directory": str(self.west), "manager": "Dana", "team": "West",
                                          "consistency": round(west_consistency, 4), "quota": 650000,
                                          "actual": 573000, "attainment": round(573000 / 650000, 4)})
        self.assertEqual(up["teams"][1]["consistency"], round((1 + 68 / 92) / 2, 4))
        self.assertEqual(up["teams"][2]["attainment"], 1.1)
        # Consistency ranks North 1, West 2, East 3; attainment East 1, West 2, North 3: rho = -1;
        # exact: 2 of the 3! = 6 orderings are as far from chance (the order and its reverse).
        self.assertEqual(up["correlation"], {
            "n": 3, "rho": -1.0, "p_value": 0.3333, "p_method": "exact",
            "sentence": "With 3 teams, a rank correlation this size (-1.00) arises by chance alone in 33% of groups "
                        f"of teams with no link at all; {SENTENCE_TAIL}"})
        # ceil(3/5) = 1: East; the rest West and North.
        self.assertEqual(up["top_fifth"]["directories"], [str(self.east)])
        self.assertEqual(up["rest"]["directories"], [str(self.west), str(self.north)])
        self.assertEqual(up["rest"]["attainment"], round((573000 / 650000 + 1.1) / 2, 4))

    def test_table_md_csv_over_teams(self):
        out = self.report(dirs=self.dirs)
        lines = out.splitlines()
        at = lines.index("Coaching and results across teams")
        self.assertLess(at, lines.index("Coaching and results"))  # before the teams' own sections
        self.assertEqual(lines[at + 1].split(), ["MANAGER", "TEAM", "CONSISTENCY", "QUOTA", "ACTUAL", "ATTAINMENT"])
        self.assertEqual(lines[at + 2].split(), ["Dana", "West", "67%", "650,000", "573,000", "88%"])
        self.assertEqual(lines[at + 3].split(), ["Eve", "East", "87%", "200,000", "150,000", "75%"])
        self.assertEqual(lines[at + 4].split(), ["Flo", "North", "52%", "50,000", "55,000", "110%"])
        groups = lines.index("Top fifth of the teams by coaching consistency against the rest")
        self.assertEqual(" ".join(lines[at + 5:groups - 1]),
                         "Spearman's rank correlation: rho -1.00, n 3, p 0.33 (exact, over all 6 orderings). With 3 "
                         "teams, a rank correlation this size (-1.00) arises by chance alone in 33% of groups of teams "
                         f"with no link at all; {SENTENCE_TAIL}")
        self.assertEqual(lines[groups + 1].split(), ["GROUP", "TEAMS", "CONSISTENCY", "ATTAINMENT"])
        # The rest: (0.6724 + 0.5217) / 2 = 60%, (0.8815 + 1.1) / 2 = 99%.
        self.assertEqual(lines[groups + 3].split(), ["The", "rest", "2", "60%", "99%"])
        md = self.report("--format", "md", dirs=self.dirs)
        self.assertIn("## Coaching and results across teams\n\n| MANAGER | TEAM | CONSISTENCY |", md)
        self.assertIn("### Coaching and results\n", md)
        text = self.report("--format", "csv", dirs=self.dirs)
        header = text.splitlines()[0].split(",")
        self.assertEqual(len(header), len(set(header)))  # no column twice
        rows = list(csv.DictReader(io.StringIO(text)))
        hal = next(r for r in rows if r["rep"] == "hal")
        # team_attainment is the roll-up's column (ATTAIN), not repeated by the section.
        self.assertEqual((hal["team_consistency"], hal["team_attainment"], hal["team_results_group"],
                          hal["teams_results_n"], hal["teams_results_rho"], hal["teams_results_p_value"]),
                         ("0.8696", "0.7500", "top", "3", "-1.0000", "0.3333"))
        south = next(r for r in rows if r["directory"] == str(self.south))
        self.assertEqual((south["consistency"], south["team_consistency"], south["teams_results_n"]), ("", "", "3"))


    def test_html_over_teams(self):
        text = self.report("--format", "html", dirs=self.dirs)
        root = ET.fromstring(text.split("\n", 1)[1])
        headings = [h.text for h in root.iter("h3")]
        self.assertLess(headings.index("Coaching and results across teams"), headings.index("Coaching and results"))
        plots = [svg for svg in root.iter(f"{SVG}svg") if "a dot per team" in svg.get("aria-label", "")]
        self.assertEqual(len(plots), 1)
        self.assertEqual([d.find(f"{SVG}title").text for d in plots[0].findall(f"{SVG}circle")],
                         ["Dana: consistency 67%, attainment 88%", "Eve: consistency 87%, attainment 75%",
                          "Flo: consistency 52%, attainment 110%"])
        # rho = -1: the line falls from left to right.
        line = next(x for x in plots[0].findall(f"{SVG}line") if x.get("stroke") == "#ef6c00")
        self.assertLess(float(line.get("y1")), float(line.get("y2")))


class HtmlTest(ResultsTestCase):
    def html(self):
        return self.report("--format", "html")

    def test_scatter_plot_in_the_page(self):
        text = self.html()
        root = ET.fromstring(text.split("\n", 1)[1])
        self.assertIn("Coaching and results", [h.text for h in root.iter("h3")])
        plots = [svg for svg in root.iter(f"{SVG}svg") if "a dot per rep" in svg.get("aria-label", "")]
        self.assertEqual(len(plots), 1)
        dots = plots[0].findall(f"{SVG}circle")
        self.assertEqual([d.find(f"{SVG}title").text for d in dots][:2],
                         ["Ann Lee: consistency 100%, attainment 112%", "Bo Diaz: consistency 74%, attainment 82%"])
        self.assertEqual(len(dots), 7)
        texts = [t.text for t in plots[0].iter(f"{SVG}text")]
        self.assertIn("Coaching consistency", texts)
        self.assertIn("Attainment", texts)
        self.assertIn("0%", texts)
        self.assertIn("100%", texts)
        lines = [line for line in plots[0].findall(f"{SVG}line") if line.get("stroke") == "#ef6c00"]
        self.assertEqual(len(lines), 1)
        # The line runs from the least to the most consistent rep, rising (SVG's y grows downwards).
        line = lines[0]
        self.assertLess(float(line.get("x1")), float(line.get("x2")))
        self.assertGreater(float(line.get("y1")), float(line.get("y2")))

    @unittest.skipUnless(shutil.which("chromium"), "chromium is not installed")
    def test_scatter_plot_renders_in_headless_chromium(self):
        image = chromium_screenshot(self.html(), self.tmp, 5000)
        width, height = image.size
        pixels = image.load()
        blue = {(x, y) for x in range(width) for y in range(height) if pixels[x, y] == (21, 101, 192)}
        orange = [(x, y) for x in range(width) for y in range(height) if pixels[x, y] == (239, 108, 0)]
        self.assertTrue(orange, "the trend line is drawn")
        # One blue blob per rep: the 7 dots, none hidden.
        blobs = 0
        seen = set()
        for start in blue:
            if start in seen:
                continue
            blobs += 1
            stack = [start]
            seen.add(start)
            while stack:
                x, y = stack.pop()
                for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                    if near in blue and near not in seen:
                        seen.add(near)
                        stack.append(near)
        self.assertEqual(blobs, 7)
        # The line rises from left to right: its leftmost pixels lie lower on the page than its rightmost.
        left = min(x for x, _ in orange)
        right = max(x for x, _ in orange)
        self.assertGreater(right - left, 100)
        left_y = sum(y for x, y in orange if x == left) / sum(1 for x, _ in orange if x == left)
        right_y = sum(y for x, y in orange if x == right) / sum(1 for x, _ in orange if x == right)
        self.assertGreater(left_y, right_y)


if __name__ == "__main__":
    unittest.main()
