"""coach prep: the screen before a 1:1."""

import json
import unittest

from coachtest import CoachTestCase


class PrepTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.examples_copy()

    def prep(self, *args):
        return self.ok("-C", str(self.root), "prep", *args).out

    def test_neglected_tenured_rep(self):
        out = self.prep("marcus")
        lines = out.splitlines()
        self.assertEqual(lines[0], "Prep for the 1:1 with Marcus Reed (marcus-reed), Wed 2026-11-25")
        self.assertEqual(lines[1], "  Senior Account Executive · tenured · 12 years on the team")
        self.assertEqual(lines[2], "  Last 1:1: Thu 2026-11-05, 20 days ago · every 7 days · OVERDUE by 13 days "
                                   "(was due Thu 2026-11-12)")
        self.assertIn("Your promises (2 open, 2 overdue)\n  vka7f8  Get Rob's answer", out)
        self.assertIn("Marcus's commitments (1 open, 1 overdue)\n  vxngr3", out)
        self.assertIn("Last time, Thu 2026-11-05 (35 min)\n  Personal:     Thanksgiving at their place", out)
        self.assertIn("Personal, the last 3 1:1s\n  Thu 2026-11-05  Thanksgiving", out)

    def test_rep_on_cadence_with_nothing_overdue(self):
        out = self.prep("jordan")
        self.assertIn("every 7 days · next due Mon 2026-11-30 (in 5 days)", out)
        self.assertIn("new-hire", out)
        self.assertNotIn("overdue", out)

    def test_missing_personal_topic_is_shown(self):
        out = self.prep("tyler", "--personal", "12")
        self.assertIn("Thu 2026-09-24  (no personal topic)", out)

    def test_the_team_meeting_line(self):
        out = self.prep("jordan")
        self.assertIn("  Team meeting:        Mon 2026-11-23, 2 days ago (attended) · every 7 days · next due "
                      "Mon 2026-11-30 (in 5 days)\n", out)
        data = json.loads(self.prep("jordan", "--format", "json"))
        self.assertEqual(data["last_team_meeting"], {"date": "2026-11-23", "attended": True, "cadence_days": 7,
                                                     "next_due": "2026-11-30"})
        # Marked absent from the next meeting, as a manager who logs it with --absent would.
        team = self.root / "team" / "2026.yaml"
        team.write_text(team.read_text() + "  - kind: team-meeting\n    date: 2026-11-24\n"
                        "    absent: [jordan-okafor]\n")
        self.assertIn("  Team meeting:        Tue 2026-11-24, yesterday (absent)", self.prep("jordan"))

    def test_json(self):
        data = json.loads(self.prep("priya", "--format", "json"))
        self.assertEqual(data["id"], "priya-raman")
        self.assertEqual(data["days_since_last_one_on_one"], 12)
        # The second, promised to Priya in the team meeting of Nov 23, is in the team's file.
        self.assertEqual([p["id"] for p in data["open_promises"]], ["aavm2d", "bkhakc"])
        self.assertTrue(data["open_promises"][0]["overdue"])
        self.assertEqual(len(data["recent_personal"]), 3)

    def test_rep_without_history(self):
        self.ok("-C", str(self.root), "rep", "add", "New Person")
        out = self.prep("new-person")
        self.assertIn("Last 1:1: never · every 7 days · no 1:1 recorded yet: due now", out)
        self.assertIn("Your promises: none open", out)


if __name__ == "__main__":
    unittest.main()
