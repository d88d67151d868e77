"""coach report reads the reps one at a time (DataDir::for_each_rep): what it
needs before the first rep (the tracking start when coach.yaml has no
`since:`) comes from the roster, the team meetings' actions still count per
rep, and the figures are the same cold and warm, by hand."""

import json
import os
import time
import unittest

from coachtest import CoachTestCase

SETTINGS = "manager: Dana Whitfield\npolicy:\n  cadence: 7\n  grace: 2\n"  # no since: the earliest record

# The earliest record of any file is the team meeting of 2026-10-15, so the
# tracking start is 2026-10-15 (coach-files(5), since): Cy, never met and with
# no start, is expected from then: 17 days of October, 17 // 7 = 2 1:1s. Had
# the team file been left out, Al's first 1:1 (2026-10-22) would have made it
# 10 days (1); with no tracking start at all, October's 31 (4).
TEAM = """\
team: West
records:
  - kind: team-meeting
    id: tm0001
    date: 2026-10-15
    promises:
      - id: ta0001
        owner: manager
        rep: bo
        text: Get Bo a demo account
        due: 2026-10-19
"""

# Al joined with his first 1:1, 2026-10-22: 10 days of October, 1 expected.
AL = """\
id: al
name: Al Ames
records:
  - kind: 1on1
    id: aa0001
    date: 2026-10-22
  - kind: 1on1
    id: aa0002
    date: 2026-10-29
"""

# Bo, on the team since June, is counted from the tracking start to the day
# he left, 2026-10-15 to 2026-10-20: 6 days, none expected; his gap ends then.
BO = """\
id: bo
name: Bo Diaz
start: 2026-06-01
archived: 2026-10-20
records:
  - kind: 1on1
    id: bb0001
    date: 2026-10-16
"""

CY = "id: cy\nname: Cy Park\n"

# Dee left before October: left out unless --archived.
DEE = "id: dee\nname: Dee Moss\nstart: 2026-01-05\narchived: 2026-09-30\n"


class ReportReadingTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.tmp / "west"
        (self.root / "reps").mkdir(parents=True)
        (self.root / "team").mkdir()
        (self.root / "coach.yaml").write_text(SETTINGS)
        (self.root / "team" / "2026.yaml").write_text(TEAM)
        for rep_id, text in (("al", AL), ("bo", BO), ("cy", CY), ("dee", DEE)):
            (self.root / "reps" / f"{rep_id}.yaml").write_text(text)
        # Old enough for the cache and the roster index, so the second run reads them.
        for folder, _, files in os.walk(self.root):
            for name in files:
                os.utime(os.path.join(folder, name), (1_700_000_000, 1_700_000_000))
        # Their ctime is now: cached once the 20 ms granularity has passed (two
        # runs can both start within it on a quick machine, and cache nothing).
        time.sleep(0.025)

    def report(self, *args):
        return json.loads(self.ok("-C", str(self.root), "report", "--month", "2026-10", "--format", "json",
                                  *args).out)["teams"][0]

    def test_tracking_start_team_actions_and_archived_by_hand(self):
        cold = self.report()
        warm = self.report()  # the tracking start from the roster index this time
        self.assertTrue((self.root / ".coach" / "cache" / "roster").exists())
        self.assertEqual(cold, warm)
        reps = {r["id"]: r for r in cold["reps"]}
        self.assertEqual(list(reps), ["al", "bo", "cy"])  # in id order; Dee left before October
        self.assertEqual({rep_id: r["expected"] for rep_id, r in reps.items()}, {"al": 1, "bo": 0, "cy": 2})
        self.assertEqual((reps["cy"]["days_counted"], reps["al"]["days_counted"]), (17, 10))
        self.assertEqual((reps["bo"]["days_counted"], reps["bo"]["days_since_last"]), (6, 4))
        self.assertTrue(reps["bo"]["archived"])
        # The team meeting's action to Bo is the manager's promise to Bo, made in October and overdue at its end.
        self.assertEqual((reps["bo"]["manager_promises"]["made"], reps["bo"]["manager_promises"]["overdue"]), (1, 1))
        self.assertEqual(cold["totals"]["manager_promises"]["made"], 1)
        self.assertEqual((cold["roll_up"]["overdue_now"], cold["roll_up"]["oldest_overdue_days"]), (1, 12))
        archived = self.report("--archived")
        self.assertEqual([r["id"] for r in archived["reps"]], ["al", "bo", "cy", "dee"])
        self.assertEqual({r["id"]: r["expected"] for r in archived["reps"]}["cy"], 2)

    def test_an_unreadable_rep_is_named_once_and_the_others_still_count(self):
        (self.root / "reps" / "bz.yaml").write_text('id: bz\nname: "cut\n')
        for run in ("cold", "warm"):
            with self.subTest(run):
                result = self.coach("-C", str(self.root), "report", "--month", "2026-10", "--format", "json")
                self.assertEqual(result.rc, 3, result)
                team = json.loads(result.out)["teams"][0]
                self.assertEqual([r["id"] for r in team["reps"]], ["al", "bo", "cy"])
                self.assertEqual({r["id"]: r["expected"] for r in team["reps"]}["cy"], 2)
                lines = result.err.splitlines()
                self.assertEqual(len(lines), 2, result)  # the file once, then the summary
                self.assertIn("bz.yaml:2:", lines[0])
                self.assertIn("leave out 1 file that cannot be read", lines[1])


if __name__ == "__main__":
    unittest.main()
