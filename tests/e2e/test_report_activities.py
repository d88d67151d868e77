"""coach report: the sections of the other activities (joint calls, career
conversations, skills audits) in every format and in the roll-up, on a tiny
team whose figures are counted by hand (coach-report(1), "Other activities")."""

import csv
import io
import json
import shutil
import unittest
import xml.etree.ElementTree as ET

from coachtest import CoachTestCase

SETTINGS = """\
manager: Dana
team: West
policy:
  cadence: 7
  activities: {joint-call: 14, career: 30, skills-audit: 60}
"""

# October 2026: 31 days. Ann is on the team all month.
# Joint calls (every 14 days: 31 // 14 = 2 expected): 10-06 and 10-20 have feedback; 10-13 is only a
# plan; 11-03 is after the period. Held 2, adherence 100%, days since: 10-20 -> 10-31 = 11.
# Career (every 30: 1 expected): the last on 09-15, none held; days since: 09-15 -> 10-31 = 46.
# Skills audits (every 60: 0 expected): 10-10 against 07-01.
#   knowledge: (3 + 4) / 2 = 3.5, before 2 -> +1.5; call: (3 + 5) / 2 = 4.0, before 2 -> +2.0; prep: none.
ANN = """\
id: ann
name: Ann Lee
start: 2026-01-05
records:
  - kind: joint-call
    id: j00001
    date: 2026-10-06
    account: Acme
    objective: book the demo
    result: met
    ratings:
      objections: 2
  - kind: joint-call
    id: j00002
    date: 2026-10-13
    account: Initech
    objective: only planned
  - kind: joint-call
    id: j00003
    date: 2026-10-20
    account: Hooli
    went_well: [the opening]
  - kind: joint-call
    id: j00004
    date: 2026-11-03
    account: Umbrella
    result: met
  - kind: career
    id: c00001
    date: 2026-09-15
    goal: team lead
  - kind: skills-audit
    id: s00001
    date: 2026-07-01
    ratings: {product: 2, objections: 2}
  - kind: skills-audit
    id: s00002
    date: 2026-10-10
    ratings: {product: 3, industry: 4, objections: 3, closing: 5}
"""

# Bo starts 10-18: 14 days on the team, 14 // 14 = 1 joint call expected, none held.
BO = """\
id: bo
name: Bo Diaz
start: 2026-10-18
records:
  - {kind: 1on1, id: b00001, date: 2026-10-20}
"""


class ActivitiesTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        root = self.tmp / "team"
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text(SETTINGS)
        (root / "reps" / "ann.yaml").write_text(ANN)
        (root / "reps" / "bo.yaml").write_text(BO)
        self.root = root

    def report(self, *args, root=None):
        return self.ok("-C", str(root or self.root), "report", "--month", "2026-10", *args).out

    def test_json_figures_by_hand(self):
        team = json.loads(self.report("--format", "json"))["teams"][0]
        activities = team["activities"]
        self.assertEqual(list(activities), ["joint-call", "career", "skills-audit"])  # no team meeting recorded
        calls = activities["joint-call"]
        self.assertEqual(calls["reps"][0], {"id": "ann", "cadence_days": 14, "held": 2, "expected": 2,
                                            "adherence": 1.0, "days_since_last": 11,
                                            "dates": ["2026-10-06", "2026-10-20"]})
        self.assertEqual(calls["reps"][1], {"id": "bo", "cadence_days": 14, "held": 0, "expected": 1,
                                            "adherence": 0.0, "days_since_last": None, "dates": []})
        # Team: (min(2, 2) + min(0, 1)) / (2 + 1)
        self.assertEqual(calls["totals"], {"cadence_days": 14, "held": 2, "expected": 3, "adherence": 0.6667})
        career = activities["career"]["reps"][0]
        self.assertEqual((career["held"], career["expected"], career["adherence"], career["days_since_last"]),
                         (0, 1, 0.0, 46))
        audit = activities["skills-audit"]["reps"][0]
        self.assertEqual((audit["expected"], audit["adherence"], audit["audited"], audit["previous_audit"]),
                         (0, None, "2026-10-10", "2026-07-01"))
        self.assertEqual(audit["groups"], [
            {"group": "knowledge", "average": 3.5, "previous": 2.0, "change": 1.5},
            {"group": "prep", "average": None, "previous": None, "change": None},
            {"group": "call", "average": 4.0, "previous": 2.0, "change": 2.0},
        ])
        self.assertEqual(activities["skills-audit"]["reps"][1]["groups"], [])  # Bo: no audit
        self.assertEqual(activities["skills-audit"]["totals"]["groups"][2], {"group": "call", "average": 4.0,
                                                                             "change": 2.0})
        # The 1:1 figures keep their keys and their order.
        self.assertEqual(list(team), ["directory", "manager", "team", "totals", "reps", "trend", "activities", "index",
                                      "roll_up"])

    def test_table_sections_fit_80_columns(self):
        out = self.report()
        lines = out.splitlines()
        calls = lines.index("Joint calls")
        for line in lines[calls:]:  # the new sections (the 1:1s table is wider: 97 columns)
            self.assertLessEqual(len(line), 80, line)
        self.assertEqual(lines[calls + 1].split(), ["REP", "EVERY", "HELD", "EXPECTED", "ADHERENCE", "DAYS", "SINCE"])
        self.assertEqual(lines[calls + 2].split(), ["Ann", "Lee", "14", "2", "2", "100%", "11"])
        self.assertEqual(lines[calls + 3].split(), ["Bo", "Diaz", "14", "0", "1", "0%", "-"])
        self.assertEqual(lines[calls + 4].split(), ["Team", "14", "2", "3", "67%", "-"])
        self.assertIn("Career conversations", lines)
        self.assertNotIn("Team meetings", lines)
        ratings = lines.index("Skill ratings (last audit in the period; change since the audit before)")
        self.assertEqual(lines[ratings + 1].split(), ["REP", "AUDITED", "GROUP", "AVERAGE", "CHANGE"])
        self.assertEqual(lines[ratings + 2].split(), ["Ann", "Lee", "2026-10-10", "knowledge", "3.5", "+1.5"])
        self.assertEqual(lines[ratings + 3].split(), ["Ann", "Lee", "2026-10-10", "call", "4.0", "+2.0"])
        self.assertEqual(lines[ratings + 5].split(), ["Team", "-", "prep", "-", "-"])

    def test_no_section_without_such_records(self):
        (self.root / "reps" / "ann.yaml").unlink()
        out = self.report()
        self.assertNotIn("Joint calls", out)
        self.assertNotIn("Skill ratings", out)
        self.assertNotIn("activities", json.loads(self.report("--format", "json"))["teams"][0])
        header = self.report("--format", "csv").splitlines()[0]
        self.assertIn(",rep_on_time_rate,index,", header)  # no activity's columns between
        self.assertNotIn("joint_call_", header)
        # A record dated after the period does not show the section either.
        (self.root / "reps" / "ann.yaml").write_text(ANN.split("records:")[0] + "records:\n" +
                                                     "  - {kind: career, id: c00009, date: 2026-11-02}\n")
        self.assertNotIn("Career conversations", self.report())

    def test_markdown(self):
        out = self.report("--format", "md")
        self.assertIn("\n## Joint calls\n\n| REP | EVERY | HELD | EXPECTED | ADHERENCE | DAYS SINCE |\n", out)
        self.assertIn("| Ann Lee | 14 | 2 | 2 | 100% | 11 |\n", out)
        self.assertIn("| Ann Lee | 2026-10-10 | call | 4.0 | +2.0 |\n", out)

    def test_csv_columns(self):
        rows = list(csv.DictReader(io.StringIO(self.report("--format", "csv"), newline="")))
        ann, bo = rows
        self.assertEqual((ann["joint_call_cadence_days"], ann["joint_call_held"], ann["joint_call_expected"],
                          ann["joint_call_adherence"], ann["joint_call_days_since_last"]),
                         ("14", "2", "2", "1.0000", "11"))
        self.assertEqual((bo["joint_call_adherence"], bo["joint_call_days_since_last"]), ("0.0000", ""))
        self.assertEqual((ann["career_held"], ann["career_days_since_last"]), ("0", "46"))
        self.assertEqual((ann["skills_audit_audited"], ann["skills_audit_knowledge_average"],
                          ann["skills_audit_knowledge_change"], ann["skills_audit_prep_average"],
                          ann["skills_audit_call_change"]), ("2026-10-10", "3.50", "1.50", "", "2.00"))
        self.assertEqual((bo["skills_audit_audited"], bo["skills_audit_call_average"]), ("", ""))
        self.assertNotIn("team_meeting_held", ann)

    def test_html_charts(self):
        text = self.report("--format", "html")
        root = ET.fromstring(text.split("\n", 1)[1])
        headings = [h.text for h in root.iter("h3")]
        for title in ("Joint calls", "Career conversations", "Skills audits",
                      "Skill ratings (last audit in the period; change since the audit before)"):
            self.assertIn(title, headings)
        svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
        # 2 timelines, 4 promise bars, 2 reps x 3 activities of held bars, 2 groups of Ann's ratings.
        self.assertEqual(len(svgs), 2 + 4 + 6 + 2)
        self.assertIn("<title>2 held</title>", text)
        self.assertIn("<title>1 expected and not held</title>", text)

    def test_rollup_per_manager(self):
        other = self.tmp / "other"
        (other / "reps").mkdir(parents=True)
        (other / "coach.yaml").write_text("manager: Eve\nteam: East\n")
        (other / "reps" / "bo.yaml").write_text(BO)
        out = self.ok("-C", str(self.root), "-C", str(other), "report", "--month", "2026-10").out
        lines = out.splitlines()
        at = lines.index("Other activities (adherence)")
        self.assertEqual(lines[at + 1].split(), ["MANAGER", "TEAM", "JOINT", "CALLS", "TEAM", "MTGS", "CAREER",
                                                 "AUDITS"])
        self.assertEqual(lines[at + 2].split(), ["Dana", "West", "67%", "-", "0%", "-"])
        self.assertEqual(lines[at + 3].split(), ["Eve", "East", "-", "-", "-", "-"])
        md = self.ok("-C", str(self.root), "-C", str(other), "report", "--month", "2026-10", "--format", "md").out
        self.assertIn("## Other activities (adherence)\n\n| MANAGER | TEAM | JOINT CALLS |", md)
        # Without such records in any team, no second table.
        twin = self.tmp / "twin"
        shutil.copytree(other, twin)
        solo = self.ok("-C", str(other), "-C", str(twin), "report", "--month", "2026-10").out
        self.assertIn("Coaching across 2 teams", solo)
        self.assertNotIn("Other activities", solo)


if __name__ == "__main__":
    unittest.main()
