"""coach report: the coaching index per manager and the roll-up's figures per
manager over two directories (coach-report(1), "The coaching index" and
"SEVERAL TEAMS"). Every figure is recomputed here from the definitions, on
data small enough to count by hand; the weights are read from coach.yaml."""

import csv
import io
import itertools
import json
import math
import unittest

import yaml

from coachtest import CoachTestCase

PARTS = ["1on1", "regularity", "joint-call", "team-meeting", "career", "skills-audit", "promises", "personal",
         "notes"]
DEFAULT_WEIGHTS = {"1on1": 2, "regularity": 2, "promises": 2}  # the others 1

WEST_SETTINGS = """\
manager: Dana
team: West
policy:
  cadence: 7
  activities: {joint-call: 14}
  index:
    promises: 4     # promises weigh more
    notes: 0        # and notes not at all
"""

EAST_SETTINGS = """\
manager: Eve
team: East
policy:
  cadence: 7
"""

# October 2026: 31 days; every rep is on the team all month, so 31 // 7 = 4 1:1s expected each
# and 31 // 14 = 2 joint calls each in West.
# Ann, a high performer: 4 1:1s (credited 4), 2 with a personal topic, 3 with notes; 1 joint call with
# feedback. Her manager's promises: m0 made in August, due 08-10 and still open (overdue on 10-31 by
# 82 days); in the period m1 kept on time, m2 kept late, m3 dropped.
ANN = """\
id: ann
name: Ann Lee
start: 2026-01-05
tags: [high-performer]
records:
  - kind: 1on1
    id: a00000
    date: 2026-08-03
    promises:
      - {id: m0, owner: manager, text: made long ago, due: 2026-08-10}
  - kind: 1on1
    id: a00001
    date: 2026-10-05
    personal: [Kids]
    notes: n
    promises:
      - {id: m1, owner: manager, text: on time, due: 2026-10-09, done: 2026-10-08}
      - {id: m2, owner: manager, text: late, due: 2026-10-15, done: 2026-10-20}
      - {id: m3, owner: manager, text: dropped, due: 2026-10-20, dropped: 2026-10-21, reason: r}
  - {kind: 1on1, id: a00002, date: 2026-10-12, personal: [Trip], notes: n}
  - {kind: 1on1, id: a00003, date: 2026-10-19, notes: n}
  - {kind: 1on1, id: a00004, date: 2026-10-26}
  - kind: joint-call
    id: j00001
    date: 2026-10-06
    account: Acme
    result: met
"""

# Cy, tenured (on the team since 2018): 2 1:1s, 1 with notes; m4 made 10-07, due 10-25, open: overdue
# on 10-31 by 6 days. No joint call.
CY = """\
id: cy
name: Cy Park
start: 2018-03-01
records:
  - kind: 1on1
    id: c00001
    date: 2026-10-07
    notes: n
    promises:
      - {id: m4, owner: manager, text: open, due: 2026-10-25}
  - {kind: 1on1, id: c00002, date: 2026-10-28}
"""

# Dee, neither: 1 1:1 with a personal topic; her own overdue commitment is not the manager's.
DEE = """\
id: dee
name: Dee Ray
start: 2026-01-05
records:
  - kind: 1on1
    id: d00001
    date: 2026-10-14
    personal: [Move]
    promises:
      - {id: r1, owner: rep, text: hers, due: 2026-10-20}
"""

# Fay, East, a tenured high performer: 5 1:1s (credited 4), each with a personal topic and notes;
# one promise of Eve's, kept on its day.
FAY = """\
id: fay
name: Fay Wu
start: 2026-01-05
tags: [high-performer, tenured]
records:
  - kind: 1on1
    id: f00001
    date: 2026-10-01
    personal: [Dog]
    notes: n
    promises:
      - {id: e1, owner: manager, text: on time, due: 2026-10-10, done: 2026-10-10}
  - {kind: 1on1, id: f00002, date: 2026-10-08, personal: [Dog], notes: n}
  - {kind: 1on1, id: f00003, date: 2026-10-15, personal: [Dog], notes: n}
  - {kind: 1on1, id: f00004, date: 2026-10-22, personal: [Dog], notes: n}
  - {kind: 1on1, id: f00005, date: 2026-10-29, personal: [Dog], notes: n}
"""

# The parts by hand (regularity, ON CADENCE, is taken from the report's own days_counted and days_late:
# its arithmetic is tested with the 1:1s table).
WEST_PARTS = {
    "1on1": (4 + 2 + 1) / (4 + 4 + 4),  # credited / expected
    "joint-call": (1 + 0 + 0) / (2 + 2 + 2),
    "promises": 1 / (2 + 1),  # kept on time (m1) / (kept (m1, m2) + overdue (m4))
    "personal": (2 + 0 + 1) / (4 + 2 + 1),  # 1:1s with a personal topic / held
    "notes": (3 + 1 + 0) / (4 + 2 + 1),
}
EAST_PARTS = {"1on1": 4 / 4, "promises": 1 / 1, "personal": 5 / 5, "notes": 5 / 5}


def weights_of(settings_text):
    """The weights of the parts, from coach.yaml's policy.index and the defaults."""
    given = (yaml.safe_load(settings_text).get("policy") or {}).get("index") or {}
    return {part: given.get(part, DEFAULT_WEIGHTS.get(part, 1)) for part in PARTS}


def regularity(team):
    """ON CADENCE from the team's days counted and late (the sums over its reps), when the report has them."""
    figures = [team["totals"]] if "days_counted" in team["totals"] else team["reps"]
    counted = sum(f.get("days_counted", 0) for f in figures)
    late = sum(f.get("days_late", 0) for f in figures)
    return (counted - late) / counted if counted else None


def index_score(parts, weights):
    """round(100 * sum(w * v) / sum(w)) over the parts with a value, half up; None without one."""
    measured = [p for p in PARTS if parts.get(p) is not None]
    total = sum(weights[p] for p in measured)
    if total == 0:
        return None
    return math.floor(100 * sum(weights[p] * parts[p] for p in measured) / total + 0.5 + 1e-9)


def percent(share):
    return "-" if share is None else f"{math.floor(share * 100 + 0.5)}%"


def csv_share(share):
    """The CSV's forms of a share: four decimals, or a whole percentage (coach-report(1), CSV)."""
    return {f"{share:.4f}", f"{math.floor(share * 100 + 0.5)}", percent(share)}


class ReportIndexTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.west = self.directory("west", WEST_SETTINGS, {"ann": ANN, "cy": CY, "dee": DEE})
        self.east = self.directory("east", EAST_SETTINGS, {"fay": FAY})

    def directory(self, name, settings, reps):
        root = self.tmp / name
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text(settings)
        for rep_id, text in reps.items():
            (root / "reps" / f"{rep_id}.yaml").write_text(text)
        return root

    def report(self, *args, dirs=None):
        dirs = dirs or [self.west, self.east]
        c_args = [arg for d in dirs for arg in ("-C", str(d))]
        return self.ok(*c_args, "report", "--month", "2026-10", *args).out

    def expected_parts(self, team, by_hand):
        parts = dict(by_hand)
        parts["regularity"] = regularity(team)
        return parts

    def test_json_index_and_roll_up_recomputed(self):
        west, east = json.loads(self.report("--format", "json"))["teams"]
        for team, by_hand, settings in ((west, WEST_PARTS, WEST_SETTINGS), (east, EAST_PARTS, EAST_SETTINGS)):
            with self.subTest(team["team"]):
                parts = self.expected_parts(team, by_hand)
                weights = weights_of(settings)
                self.assertEqual([p["name"] for p in team["index"]["parts"]], PARTS)
                for part in team["index"]["parts"]:
                    self.assertEqual(part["weight"], weights[part["name"]], part)
                    want = parts.get(part["name"])
                    self.assertEqual(part["value"], None if want is None else round(want, 4), part)
                self.assertEqual(team["index"]["score"], index_score(parts, weights))
        self.assertEqual(weights_of(WEST_SETTINGS)["promises"], 4)  # the file's, not the default
        # Without regularity: (2*7/12 + 1/6 + 4/3 + 3/7 + 0*4/7) / 8 = 38.69 -> 39.
        if regularity(west) is None:
            self.assertEqual(west["index"]["score"], 39)
        self.assertEqual(west["roll_up"], {
            "attainment": None,  # no results
            "overdue_now": 2,  # m0 (made in August) and m4
            "oldest_overdue_days": 82,  # m0: 08-10 to 10-31
            "made": 4,  # m1 to m4
            "dropped": 1,  # m3
            "drop_rate": 0.25,
            "high_performers": {"reps": 1, "credited": 4, "expected": 4, "adherence": 1.0},  # Ann
            "tenured": {"reps": 1, "credited": 2, "expected": 4, "adherence": 0.5},  # Cy
            "others": {"reps": 1, "credited": 1, "expected": 4, "adherence": 0.25},  # Dee
        })
        self.assertEqual(east["roll_up"]["overdue_now"], 0)
        self.assertIsNone(east["roll_up"]["oldest_overdue_days"])
        self.assertEqual(east["roll_up"]["drop_rate"], 0.0)
        # Fay is both a high performer and tenured; no other rep.
        self.assertEqual(east["roll_up"]["high_performers"]["adherence"], 1.0)
        self.assertEqual(east["roll_up"]["tenured"]["adherence"], 1.0)
        self.assertEqual(east["roll_up"]["others"], {"reps": 0, "credited": 0, "expected": 0, "adherence": None})

    def test_roll_up_tables_and_the_weights_line(self):
        self.env["COLUMNS"] = "80"  # the lines under the tables wrap at the width (80 in a pipe)
        data = json.loads(self.report("--format", "json"))["teams"]
        scores = [str(t["index"]["score"]) for t in data]
        out = self.report()
        lines = out.splitlines()
        self.assertEqual(lines[2].split(), ["MANAGER", "TEAM", "REPS", "HELD", "EXPECTED", "ADHERENCE", "ATTAIN",
                                            "INDEX"])
        self.assertEqual(lines[3].split(), ["Dana", "West", "3", "7", "12", percent(7 / 12), "-", scores[0]])
        self.assertEqual(lines[4].split(), ["Eve", "East", "1", "5", "4", "100%", "-", scores[1]])

        at = lines.index("Coaching index parts")
        self.assertEqual(lines[at + 1].split(), ["MANAGER", "1:1", "CADENCE", "JOINT", "MTGS", "CAREER", "AUDITS",
                                                 "ON", "TIME", "PERSONAL", "NOTES"])
        west = self.expected_parts(data[0], WEST_PARTS)
        self.assertEqual(lines[at + 2].split(), ["Dana"] + [percent(west.get(p)) for p in PARTS])
        self.assertEqual(lines[at + 4], "The teams' weights differ (policy.index): their indexes are not comparable.")

        at = lines.index("Your promises: dropped, and overdue now (made at any time)")
        self.assertEqual(lines[at + 1].split(), ["MANAGER", "PROMISES", "DROP", "RATE", "OVERDUE", "OVERDUE", "NOW",
                                                 "OLDEST", "REPS'", "OVERDUE"])
        self.assertEqual(lines[at + 2].split(), ["Dana", "4", "25%", "1", "2", "82", "1"])  # Dee's r1
        self.assertEqual(lines[at + 3].split(), ["Eve", "1", "0%", "0", "0", "-", "0"])

        at = lines.index("Attention: 1:1 adherence by group of reps")
        self.assertEqual(lines[at + 1].split(), ["MANAGER", "LONGEST", "GAP", "HIGH", "PERF", "TENURED", "OTHERS"])
        self.assertEqual(lines[at + 2].split()[0:1] + lines[at + 2].split()[2:], ["Dana", "100%", "50%", "25%"])
        self.assertEqual(lines[at + 3].split()[0:1] + lines[at + 3].split()[2:], ["Eve", "100%", "100%", "-"])

        roll_up = lines[:lines.index(next(l for l in lines if l.startswith("Coaching report: ")))]
        for line in roll_up + [l for l in lines if l.startswith("Coaching index") or l.startswith("  ")]:
            self.assertLessEqual(len(line), 80, line)

        md = self.report("--format", "md")
        self.assertIn("\n| MANAGER | TEAM | REPS | HELD | EXPECTED | ADHERENCE | ATTAIN | INDEX |\n", md)
        self.assertIn(f"\n| Dana | West | 3 | 7 | 12 | 58% | - | {scores[0]} |\n", md)
        self.assertIn("\n## Coaching index parts\n\n| MANAGER | 1:1 | CADENCE |", md)
        self.assertIn("\n| Dana | 4 | 25% | 1 | 2 | 82 | 1 |\n", md)
        self.assertIn(" | 100% | 50% | 25% |\n", md)  # (the longest gap: see the 1:1s table's tests)
        html = self.report("--format", "html")
        for title in ("Coaching index parts", "Your promises: dropped, and overdue now (made at any time)",
                      "Attention: 1:1 adherence by group of reps"):
            self.assertIn(f"<h3>{title}</h3>", html)
        self.assertIn("<p>The teams&#39; weights differ (policy.index): their indexes are not comparable.</p>", html)

        # The same weights in both: no such line.
        (self.east / "coach.yaml").write_text(EAST_SETTINGS + "  index: {promises: 4, notes: 0}\n")
        self.assertNotIn("weights differ", self.report())

    def test_index_line_under_each_teams_1on1s_in_every_format(self):
        data = json.loads(self.report("--format", "json", dirs=[self.west]))["teams"][0]
        parts = self.expected_parts(data, WEST_PARTS)
        shown = {"1on1": "1:1s", "regularity": "on cadence", "joint-call": "joint calls", "promises":
                 "promises on time", "personal": "personal"}  # notes weigh 0: not shown
        text = ", ".join(f"{label} {percent(parts[p])}" for p, label in shown.items() if parts.get(p) is not None)
        line = f"Coaching index: {data['index']['score']} ({text})."

        table = self.report(dirs=[self.west])  # one team: no roll-up, but the index line
        self.assertNotIn("Coaching across", table)
        lines = table.splitlines()
        at = next(i for i, l in enumerate(lines) if l.startswith("Coaching index: "))
        continued = itertools.takewhile(lambda l: l.startswith("  "), lines[at + 1:])
        joined = lines[at] + "".join(" " + l.strip() for l in continued)
        self.assertEqual(joined.split(), line.split())
        self.assertLess(lines.index("1:1s"), at)
        self.assertLess(at, lines.index("Your promises (made in the period)"))

        md = self.report("--format", "md", dirs=[self.west])
        self.assertIn("\n" + line + "\n", md)
        html = self.report("--format", "html", dirs=[self.west])
        self.assertIn(f"<p>{line}</p>", html)

        rows = list(csv.DictReader(io.StringIO(self.report("--format", "csv"), newline="")))
        self.assertEqual([r["rep"] for r in rows], ["ann", "cy", "dee", "fay"])
        for row in rows[:3]:
            self.assertEqual(row["index"], str(data["index"]["score"]))
            self.assertIn(row["index_1on1"], csv_share(7 / 12))
            self.assertEqual(row["index_team_meeting"], "")
            self.assertEqual(row["manager_overdue_now"], "2")
            self.assertEqual(row["manager_oldest_overdue_days"], "82")
            self.assertIn(row["manager_drop_rate"], csv_share(0.25))
            self.assertIn(row["adherence_others"], csv_share(0.25))
            self.assertEqual(row["team_attainment"], "")
        self.assertEqual(rows[3]["adherence_others"], "")

    def test_policy_index_in_coach_yaml(self):
        # An unknown part: audit warns, the report counts the others.
        (self.east / "coach.yaml").write_text(EAST_SETTINGS + "  index:\n    regularty: 5\n    notes: 3\n")
        audit = self.coach("-C", str(self.east), "audit", "--data")
        self.assertIn("coach.yaml:6:5", audit.out)
        self.assertIn("unknown key 'policy.index.regularty'", audit.out)
        result = self.ok("-C", str(self.east), "report", "--month", "2026-10", "--format", "json")
        self.assertEqual(result.err, f"coach: warning: {self.east}/coach.yaml:6:5: unknown part 'regularty' of policy.index "
                                     "(did you mean 'regularity'?); it is left out of the coaching index\n")
        east = json.loads(result.out)["teams"][0]
        weights = {p["name"]: p["weight"] for p in east["index"]["parts"]}
        self.assertEqual((weights["regularity"], weights["notes"]), (2, 3))
        # A weight that is not a number of 0 or more: one line, exit 3, nothing reported.
        for bad in ("-1", "lots", "[1]"):
            with self.subTest(bad):
                (self.east / "coach.yaml").write_text(EAST_SETTINGS + f"  index:\n    notes: {bad}\n")
                result = self.fails(3, "-C", str(self.east), "report", "--month", "2026-10")
                self.assertIn("coach.yaml:6:12: policy.index.notes:", result.err)
                self.assertEqual(result.out, "")


if __name__ == "__main__":
    unittest.main()
