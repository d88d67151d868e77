"""The coaching activities other than the 1:1 (joint calls, career
conversations, skills audits) in audit, prep, rep list and rep show, over a
hand-written team of two whose figures are counted in the comments (today is
Wed 2026-11-25; default cadences: joint call 30 days, career 90, skills audit
180; grace 2)."""

import json
import unittest

from coachtest import CoachTestCase

SETTINGS = "manager: Dana\npolicy:\n  cadence: 7\n  grace: 2\n"

# Al: a held joint call on 10-20 (36 days: 4 past 30 + 2; due 11-19, 6 days late), one planned for
# 11-27; a career conversation on 08-01 (116 days: 24 past 90 + 2; due 10-30, 26 days late) with an
# overdue development goal; skills audits on 05-01 and 10-01.
AL = """\
id: al
name: Al Chen
start: 2026-01-05
records:
  - kind: 1on1
    id: ral100
    date: 2026-11-24
    personal: [Garden]
    notes: Fine.
  - kind: skills-audit
    id: ral001
    date: 2026-05-01
    ratings: {product: 4, objections: 2, closing: 3}
  - kind: skills-audit
    id: ral002
    date: 2026-10-01
    ratings:
      product: 3
      objections: 3
      closing: 3
    recommendations:
      objections: Role-play the price objection
  - kind: joint-call
    id: ral010
    date: 2026-10-20
    account: Acme
    objective: Agree a pilot
    went_well: [Opening]
    ratings: {objections: 4}
  - kind: joint-call
    id: ral011
    date: 2026-11-27
    account: Initech
    objective: Demo
  - kind: career
    id: ral020
    date: 2026-08-01
    goal: Team lead
    goals:
      - {id: gal001, owner: rep, text: Lead a demo, due: 2026-11-20}
      - {id: gal002, owner: rep, text: Coach a peer, due: 2026-10-01, done: 2026-10-02}
"""

# Bo: started 09-01, after the team's first career conversation (08-01): 85 days, on time; no joint
# call held, counted from the team's first, 10-20 (36 days, 4 past; 6 days late); a plan for 11-10
# never got its feedback; a skill misspelled.
BO = """\
id: bo
name: Bo Diaz
start: 2026-09-01
records:
  - kind: 1on1
    id: rbo100
    date: 2026-11-23
    personal: [Kids]
    notes: Fine.
  - kind: joint-call
    id: rbo010
    date: 2026-11-10
    account: Globex
  - kind: skills-audit
    id: rbo001
    date: 2026-11-02
    ratings:
      objection: 3
"""


class ActivitiesTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.tmp / "team"
        (self.root / "reps").mkdir(parents=True)
        (self.root / "coach.yaml").write_text(SETTINGS)
        (self.root / "reps" / "al.yaml").write_text(AL)
        (self.root / "reps" / "bo.yaml").write_text(BO)
        self.env["COACH_TODAY"] = "2026-11-25"

    def run_in_team(self, *args, rc=0, env=None):
        result = self.coach(*args, cwd=self.root, env=env)
        self.assertEqual(result.rc, rc, result)
        return result.out

    def test_audit(self):
        out = self.run_in_team("audit", rc=1)
        self.assertEqual(out, (
            "Al Chen (al)\n"
            "  error    joint-call   last joint call Tue 2026-10-20, 36 days ago: 4 days past the 30-day cadence "
            "and 2-day grace\n"
            "  error    career       last career conversation Sat 2026-08-01, 116 days ago: 24 days past the "
            "90-day cadence and 2-day grace\n"
            "  warning  career       development goal gal001 is 5 days overdue: Lead a demo\n"
            "Bo Diaz (bo)\n"
            "  warning  joint-call   no joint call recorded yet, 36 days after the team's first on Tue 2026-10-20: "
            "4 days past the 30-day cadence and 2-day grace\n"
            "  warning  joint-call   reps/bo.yaml:10:5: joint call rbo010 at Globex on Tue 2026-11-10 has a plan "
            "but no feedback: write how it went, or drop it if the call did not happen\n"
            "  warning  data         reps/bo.yaml:18:7: skill 'objection' is not on the team's skill list "
            "(coach.yaml skills:) (did you mean 'objections'?)\n"
            "2 errors, 4 warnings, 0 notes in 2 reps (as of Wed 2026-11-25)\n"))

    def test_audit_only_and_skip_take_the_activity_names(self):
        checks = lambda *args: sorted({f["check"] for f in json.loads(
            self.run_in_team("audit", "--format", "json", "--fail-on", "never", *args))["findings"]})
        self.assertEqual(checks("--only", "career"), ["career"])
        self.assertEqual(checks("--only", "joint-call", "--only", "skills-audit"), ["joint-call"])
        self.assertEqual(checks("--skip", "joint-call", "--skip", "career"), ["data"])
        self.assertEqual(checks("--only", "team-meeting"), [])  # no team meeting on record: not checked

    def test_a_team_without_the_activities_audits_as_before(self):
        # Only 1:1s: the activity checks have nothing to say, whatever their default cadences.
        (self.root / "reps" / "al.yaml").write_text(AL.split("  - kind: skills-audit")[0])
        (self.root / "reps" / "bo.yaml").write_text(BO.split("  - kind: joint-call")[0])
        self.assertEqual(self.run_in_team("audit"), "")

    def test_prep(self):
        out = self.run_in_team("prep", "al")
        self.assertIn("\nAl's commitments: none open\n", out)  # the development goal is with the plan
        self.assertIn(
            "\nActivities\n"
            "  Joint call:          Tue 2026-10-20, 36 days ago · every 30 days · OVERDUE by 6 days (was due "
            "Thu 2026-11-19)\n"
            "  Career conversation: Sat 2026-08-01, 116 days ago · every 90 days · OVERDUE by 26 days (was due "
            "Fri 2026-10-30)\n"
            "  Skills audit:        Thu 2026-10-01, 55 days ago · every 180 days · next due Tue 2027-03-30", out)
        self.assertIn(
            "\nCareer plan\n"
            "  Goal: Team lead (set Sat 2026-08-01)\n"
            "  gal001  Lead a demo · due Fri 2026-11-20 (5 days overdue)\n", out)
        self.assertNotIn("Coach a peer", out)  # achieved
        self.assertIn(
            "\nSkills audit Thu 2026-10-01 beside Fri 2026-05-01\n"
            "  SKILL            BEFORE LAST         JOINT CALLS SINCE\n"
            "  product               4    3  fell\n"
            "  objections            2    3  rose   4 (2026-10-20)\n"
            "  closing               3    3  same\n", out)
        self.assertIn("\nOpen joint calls (planned, no feedback yet)\n  ral011  Fri 2026-11-27 (", out)
        self.assertIn(")  Initech · objective: Demo\n", out)

    def test_prep_json(self):
        data = json.loads(self.run_in_team("prep", "al", "--format", "json"))
        self.assertEqual(data["activities"], [
            {"kind": "joint-call", "cadence_days": 30, "last": "2026-10-20", "next_due": "2026-11-19",
             "days_overdue": 6},
            {"kind": "career", "cadence_days": 90, "last": "2026-08-01", "next_due": "2026-10-30", "days_overdue": 26},
            {"kind": "skills-audit", "cadence_days": 180, "last": "2026-10-01", "next_due": "2027-03-30",
             "days_overdue": -125},
        ])
        self.assertEqual(data["career_plan"]["goal"], "Team lead")
        self.assertEqual(data["career_plan"]["goal_date"], "2026-08-01")
        self.assertEqual([(g["id"], g["state"], g["overdue"]) for g in data["career_plan"]["development_goals"]],
                         [("gal001", "open", True), ("gal002", "achieved", False)])
        self.assertEqual(data["skills"]["last_audit"], {"id": "ral002", "date": "2026-10-01"})
        self.assertEqual(data["skills"]["audit_before"], {"id": "ral001", "date": "2026-05-01"})
        objections = next(s for s in data["skills"]["skills"] if s["skill"] == "objections")
        self.assertEqual(objections, {"skill": "objections", "group": "call", "before": 2, "last": 3, "change": "rose",
                                      "observed": [{"id": "ral010", "date": "2026-10-20", "rating": 4}]})
        self.assertEqual(data["open_joint_calls"],
                         [{"id": "ral011", "date": "2026-11-27", "account": "Initech", "objective": "Demo"}])
        self.assertNotIn("gal001", [p["id"] for p in data["open_promises"]])

    def test_rep_list(self):
        out = self.run_in_team("rep", "list", env={"COLUMNS": "80"})
        lines = out.splitlines()
        self.assertEqual(lines[0].split()[-1], "BEHIND")
        # Al's open development goal is not an open promise.
        self.assertTrue(lines[1].startswith("al ") and lines[1].endswith(" 0        0  career 26d"), lines[1])
        self.assertTrue(lines[2].startswith("bo ") and lines[2].endswith("joint-call 6d"), lines[2])
        self.assertTrue(all(len(line) <= 80 for line in lines), out)
        data = json.loads(self.run_in_team("rep", "list", "--format", "json"))
        self.assertEqual([r["most_overdue_activity"] for r in data["reps"]],
                         [{"kind": "career", "days_overdue": 26}, {"kind": "joint-call", "days_overdue": 6}])

    def test_rep_list_without_the_activities_has_no_behind_column(self):
        (self.root / "reps" / "al.yaml").write_text(AL.split("  - kind: skills-audit")[0])
        (self.root / "reps" / "bo.yaml").write_text(BO.split("  - kind: joint-call")[0])
        self.assertEqual(self.run_in_team("rep", "list").splitlines()[0].split(),
                         ["ID", "NAME", "ROLE", "TAGS", "LAST", "1:1", "DAYS", "OPEN", "OVERDUE"])
        data = json.loads(self.run_in_team("rep", "list", "--format", "json"))
        self.assertNotIn("most_overdue_activity", data["reps"][0])

    def test_rep_show(self):
        out = self.run_in_team("rep", "show", "al")
        self.assertIn(
            "  Career:    Team lead (set Sat 2026-08-01)\n"
            "  Development goals:\n"
            "    gal001  open      Lead a demo · due Fri 2026-11-20\n"
            "    gal002  achieved  Coach a peer · due Thu 2026-10-01\n"
            "  Skills:    Thu 2026-10-01 (the one before: Fri 2026-05-01)\n"
            "    product         3  fell (was 4)\n"
            "    objections      3  rose (was 2)\n"
            "    closing         3\n", out)
        self.assertIn("  No open promises.\n", out)
        data = json.loads(self.run_in_team("rep", "show", "al", "--format", "json"))
        self.assertEqual(data["career_plan"]["development_goals"][0]["state"], "open")
        self.assertEqual([s["change"] for s in data["skills"]["skills"]], ["fell", "rose", "same"])


if __name__ == "__main__":
    unittest.main()
