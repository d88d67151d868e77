"""coach audit: each check made to fire and kept quiet, over tiny hand-made
directories, and the findings the example team's story implies."""

import json
import textwrap
import unittest

from coachtest import CoachTestCase, snapshot

SETTINGS = """\
manager: Dana
policy:
  cadence: 7
  grace: 2
"""


def weekly(start_day, count, personal=True, notes=True, step=7):
    """`count` 1:1 records, `step` days apart, starting 2026-MM-DD given as an ordinal day of 2026."""
    import datetime
    records = []
    day = datetime.date(2026, 1, 1) + datetime.timedelta(days=start_day - 1)
    for i in range(count):
        lines = [f"  - kind: 1on1", f"    id: r{start_day:03d}{i:02d}"[:14], f"    date: {day.isoformat()}"]
        if personal:
            lines += ["    personal:", "      - family"]
        lines += ["    professional:", "      - pipeline"]
        if notes:
            lines += ["    notes: |", "      Fine."]
        records.append("\n".join(lines))
        day += datetime.timedelta(days=step)
    return "\n".join(records) + "\n"


class AuditTestCase(CoachTestCase):
    def make(self, reps, settings=SETTINGS, today="2026-11-25"):
        root = self.tmp / "team"
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text(settings)
        for rep_id, text in reps.items():
            (root / "reps" / f"{rep_id}.yaml").write_text(text)
        self.env["COACH_TODAY"] = today
        self.root = root
        return root

    def audit(self, *args, rc=None):
        result = self.coach("audit", *args, cwd=self.root)  # from inside: places are relative
        if rc is not None:
            self.assertEqual(result.rc, rc, result)
        return result

    def findings(self, *args):
        data = json.loads(self.audit("--format", "json", *args).out)
        return [(f["severity"], f["check"], f["rep"], f["message"]) for f in data["findings"]]


def rep(rep_id, records="", extra=""):
    return f"id: {rep_id}\nname: {rep_id.title()}\n{extra}records:\n{records}"


# 2026-11-25 is day 329 of 2026; the last 12 weeks start on day 246 (2026-09-03).
ON_CADENCE = weekly(246, 13)  # weekly up to 2026-11-26? no: 246 + 7*12 = 330 > 329, so the last is day 323 (11-19)


class CleanTest(AuditTestCase):
    def test_clean_directory_prints_nothing_and_exits_0(self):
        self.make({"ann": rep("ann", weekly(246, 12)), "bob": rep("bob", weekly(247, 12))})
        result = self.audit(rc=0)
        self.assertEqual(result.out, "")
        self.assertEqual(result.err, "")

    def test_reading_changes_nothing(self):
        self.make({"ann": rep("ann", weekly(300, 2))})
        before = snapshot(self.root)
        self.audit()
        self.assertEqual(snapshot(self.root), before)


class CadenceTest(AuditTestCase):
    def test_fires_past_cadence_and_grace(self):
        # last 1:1 on day 318 (2026-11-14): 11 days ago, 2 past 7 + 2
        self.make({"ann": rep("ann", weekly(318, 1))})
        self.assertIn(("error", "cadence", "ann", "last 1:1 Sat 2026-11-14, 11 days ago: 2 days past the 7-day "
                                                   "cadence and 2-day grace"), self.findings("--only", "cadence"))
        self.audit("--only", "cadence", rc=1)

    def test_quiet_within_grace(self):
        self.make({"ann": rep("ann", weekly(320, 1))})  # 9 days ago
        self.assertEqual(self.findings("--only", "cadence"), [])

    def test_never_met(self):
        self.make({"ann": rep("ann", "", "start: 2025-01-01\n"), "new": rep("new", "", "start: 2026-11-20\n")})
        # Issue 15: never met past cadence + grace is an error, like a late 1:1, counted from the tracking start
        # (no record in the directory, so no since: Ann's start). 2025-01-01 to 2026-11-25 is 693 days, 684 past
        # 7 + 2; "new", started 11-20, is within them.
        self.assertEqual(self.findings("--only", "cadence"),
                         [("error", "cadence", "ann", "no 1:1 recorded yet, 693 days after joining the team on Wed "
                                                      "2025-01-01: 684 days past the 7-day cadence and 2-day grace")])

    def test_rep_and_tag_cadence(self):
        settings = SETTINGS + "  tags:\n    tenured: 14\n"
        self.make({"ann": rep("ann", weekly(318, 1), "tags: [tenured]\n"),
                   "bob": rep("bob", weekly(318, 1), "cadence: 10\n")}, settings)
        self.assertEqual(self.findings("--only", "cadence"), [])

    def test_away_periods_are_not_counted(self):
        away = "away:\n  - from: 2026-11-16\n    to: 2026-11-20\n    reason: vacation\n"
        self.make({"ann": rep("ann", weekly(318, 1), away)})
        self.assertEqual(self.findings("--only", "cadence"), [])
        team_away = SETTINGS + "  away:\n    - from: 2026-11-23\n      to: 2026-11-25\n      reason: offsite\n"
        self.make({"bob": rep("bob", weekly(318, 1))}, team_away) if False else None

    def test_team_away_period(self):
        team_away = SETTINGS + "  away:\n    - from: 2026-11-19\n      to: 2026-11-24\n      reason: offsite\n"
        self.make({"bob": rep("bob", weekly(318, 1))}, team_away)
        self.assertEqual(self.findings("--only", "cadence"), [])

    def test_as_of_audits_a_past_date(self):
        # Met on day 318 and 325; as of day 324 (2026-11-20) the last was 318: 6 days, fine; as of 2026-11-13 none yet.
        self.make({"ann": rep("ann", weekly(300, 1) + weekly(325, 1))})
        self.assertEqual(self.findings("--only", "cadence"), [])
        found = self.findings("--only", "cadence", "--as-of", "2026-11-19")
        self.assertEqual(found, [("error", "cadence", "ann", "last 1:1 Tue 2026-10-27, 23 days ago: 14 days past the "
                                                             "7-day cadence and 2-day grace")])
        self.audit("--as-of", "tomorrow", rc=2)


class ConsistencyTest(AuditTestCase):
    def test_skipped_more_than_the_team_and_neglected_groups(self):
        self.make({
            "ann": rep("ann", weekly(246, 12)),
            "bob": rep("bob", weekly(247, 12)),
            "cat": rep("cat", weekly(248, 12)),
            "hip": rep("hip", weekly(246, 4, step=21) + weekly(320, 1), "tags: [high-performer]\n"),
            "ted": rep("ted", weekly(246, 6, step=14), "start: 2010-01-01\n"),
        })
        found = [f for f in self.findings("--only", "consistency")]
        self.assertIn(("warning", "consistency", "hip", "5 of 12 expected 1:1s in the last 12 weeks (42%; team average "
                                                        "78%)"), found)
        self.assertIn(("warning", "consistency", "hip", "high performer gets fewer 1:1s than the rest: 5 of 12 expected "
                                                        "in the last 12 weeks (42%; the others 100%)"), found)
        self.assertIn(("warning", "consistency", "ted", "tenured rep gets fewer 1:1s than the rest: 6 of 12 expected "
                                                        "in the last 12 weeks (50%; the others 100%)"), found)
        self.assertFalse([f for f in found if f[2] in ("ann", "bob", "cat")])

    def test_quiet_when_everyone_is_on_rhythm_or_away(self):
        away = "away:\n  - from: 2026-09-01\n    to: 2026-10-31\n    reason: parental leave\n"
        self.make({
            "ann": rep("ann", weekly(246, 12)),
            "bob": rep("bob", weekly(305, 4), away + "tags: [high-performer]\n"),
        })
        self.assertEqual(self.findings("--only", "consistency"), [])


class ContentTest(AuditTestCase):
    def test_missing_personal_topic_and_notes(self):
        self.make({"ann": rep("ann", weekly(320, 1, personal=False) + weekly(321, 1, notes=False)
                                     + "  - kind: 1on1\n    id: bare01\n    date: 2026-11-18\n")})
        found = self.findings("--only", "content")
        self.assertEqual([f[3] for f in found], ["1:1 on Mon 2026-11-16 has no personal topic",
                                                 "1:1 on Tue 2026-11-17 has no notes",
                                                 "1:1 on Wed 2026-11-18 is undocumented: no notes and no topics"])
        text = self.audit("--only", "content").out
        self.assertIn("  warning  content      reps/ann.yaml:4:5: 1:1 on Mon 2026-11-16 has no personal topic\n", text)
        self.audit("--only", "content", rc=0)  # warnings only: below the default --fail-on error
        self.audit("--only", "content", "--fail-on", "warning", rc=1)


PROMISES = """\
  - kind: 1on1
    id: mtg001
    date: 2026-11-10
    personal: [x]
    notes: y
    promises:
      - id: pmine1
        owner: manager
        text: Send the deck
        due: 2026-11-17
      - id: pthem1
        owner: rep
        text: Update the CRM
        due: 2026-11-20
      - id: pmine2
        owner: manager
        text: Within grace
        due: 2026-11-23
      - id: pkept1
        owner: manager
        text: Kept late
        due: 2026-11-12
        done: 2026-11-24
"""


class PromisesTest(AuditTestCase):
    def test_overdue_both_ways(self):
        self.make({"ann": rep("ann", PROMISES)})
        self.assertEqual(self.findings("--only", "promises"), [
            ("error", "promises", "ann", "your promise pmine1 is 8 days overdue: Send the deck"),
            ("warning", "promises", "ann", "Ann's commitment pthem1 is 5 days overdue: Update the CRM"),
        ])

    def test_promise_grace_and_as_of(self):
        self.make({"ann": rep("ann", PROMISES)}, SETTINGS + "  promise_grace: 10\n")
        self.assertEqual(self.findings("--only", "promises"), [])
        self.make_again = None
        # As of 2026-11-23, pkept1 was still open (kept on 11-24): 11 days overdue
        found = self.findings("--only", "promises", "--as-of", "2026-11-23")
        self.assertEqual(found, [("error", "promises", "ann", "your promise pkept1 is 11 days overdue: Kept late")])


class DataTest(AuditTestCase):
    def test_every_data_check(self):
        bad = """\
id: ann
name: Ann
tag: [x]
records:
  - kind: 1on1
    id: dup001
    date: 2027-01-05
    notse: typo
  - kind: 1on1
    id: dup001
    date: 2026-11-01
    promises:
      - id: pbad01
        owner: manager
        text: Closed before made
        due: 2026-11-08
        done: 2026-10-01
      - id: pbad02
        owner: rep
        text: Both
        due: 2026-11-08
        done: 2026-11-02
        dropped: 2026-11-03
        colour: red
  - kind: ride-along
    id: jc0001
    date: 2026-11-02
  - kind: 1on1
    id: mtg001
    date: 2026-11-03
"""
        archived = rep("old", PROMISES, "archived: 2026-11-24\n").replace("id: old", "id: old-rep")
        self.make({"ann": bad, "old": archived,
                   "broken": "name: Broken\nrecords:\n  - kind: 1on1\n    date: 2026-02-30\n"},
                  SETTINGS + "polcy: {}\n")
        result = self.audit("--data")
        self.assertEqual(result.rc, 1, result)
        out = result.out
        for expected in [
            "reps/broken.yaml:4:11: date: \"2026-02-30\" is not a date (YYYY-MM-DD)",
            "coach.yaml:5:1: unknown key 'polcy' (did you mean 'policy'?)",
            "reps/ann.yaml:3:1: unknown key 'tag' (did you mean 'tags'?)",
            "reps/ann.yaml:8:5: unknown key 'notse' (did you mean 'notes'?)",
            "reps/ann.yaml:5:5: date 2027-01-05 is in the future",
            "reps/ann.yaml:9:5: record id 'dup001' is used twice (also at ",
            "reps/old.yaml:5:5: record id 'mtg001' is used twice (also at reps/ann.yaml:28:5)",
            "reps/ann.yaml:13:9: promise pbad01 was kept on 2026-10-01, before it was made on 2026-11-01",
            "reps/ann.yaml:18:9: promise pbad02 is both done and dropped",
            "reps/ann.yaml:24:9: unknown key 'colour'",
            "record kind 'ride-along' is not known to this version of coach",
            "reps/old.yaml:1:1: id 'old-rep' does not match the file name 'old.yaml'",
            "archived rep has 3 open promises",
        ]:
            self.assertIn(expected, out)
        self.assertTrue(out.startswith("Team directory\n  error    data         reps/broken.yaml:4:11:"), out)
        self.assertTrue(out.splitlines()[-1].startswith("7 errors, "), out)
        # the other checks did not run
        self.assertNotIn("cadence", out)
        self.assertNotIn("promises  ", out)

    def test_unreadable_files_always_reported_and_period_typos(self):
        away = "away:\n  - from: 2026-11-01\n    until: 2026-11-10\n"
        self.make({"ann": rep("ann", weekly(320, 1), away), "bad": "name: [\n"})
        found = self.findings("--only", "cadence")
        self.assertEqual([(f[0], f[1]) for f in found], [("error", "data")])
        self.assertIn("reps/bad.yaml", found[0][3])
        out = self.audit("--data").out
        self.assertIn("reps/ann.yaml:5:5: unknown key 'until' in an away period", out)

    def test_bad_policy_is_an_error_with_its_place(self):
        self.make({"ann": rep("ann")}, "policy:\n  cadence: often\n")
        result = self.fails(3, "-C", str(self.root), "audit")
        self.assertIn("coach.yaml:2:12: policy.cadence: \"often\" is not a whole number of days", result.err)


class UsageTest(AuditTestCase):
    def test_only_skip_fail_on_and_json(self):
        self.make({"ann": rep("ann", PROMISES)})
        self.audit("--only", "nope", rc=2)
        self.audit("--skip", "cadence", "--skip", "consistency", "--skip", "content", "--skip", "promises",
                   "--skip", "joint-call", "--skip", "career", "--skip", "skills-audit", "--skip", "team-meeting",
                   "--skip", "data", rc=2)  # issue 14 added the four activity checks
        self.assertEqual({f[1] for f in self.findings("--skip", "promises", "--skip", "content")}, {"cadence"})
        self.audit("--fail-on", "never", rc=0)
        data = json.loads(self.audit("--format", "json").out)
        self.assertEqual(list(data.keys()), ["as_of", "findings", "summary"])
        self.assertEqual(list(data["findings"][0].keys()), ["severity", "check", "rep", "place", "message"])
        self.assertEqual(data["summary"]["reps"], 1)

    def test_examples_story(self):
        self.root = self.examples_copy()
        found = self.findings()
        by_rep = {}
        for severity, check, rep_id, message in found:
            by_rep.setdefault(rep_id, []).append((severity, check, message))
        # The tenured rep who was skipped for weeks.
        self.assertIn(("error", "cadence", "last 1:1 Thu 2026-11-05, 20 days ago: 11 days past the 7-day cadence and "
                                           "2-day grace"), by_rep["marcus-reed"])
        self.assertTrue(any(m.startswith("tenured rep gets fewer 1:1s") for _, _, m in by_rep["marcus-reed"]))
        # The high performer who gets less time.
        self.assertTrue(any(m.startswith("tenured high performer gets fewer 1:1s") for _, _, m in by_rep["priya-raman"]))
        # The manager's overdue promises: the trust gap.
        mine = [rep_id for severity, check, rep_id, message in found if message.startswith("your promise")]
        self.assertEqual(sorted(mine), ["marcus-reed", "marcus-reed", "priya-raman", "sofia-martinez", "tyler-nguyen"])
        # The 1:1 with no personal topic, and the one without notes.
        self.assertIn(("warning", "content", "1:1 on Thu 2026-09-24 has no personal topic"), by_rep["tyler-nguyen"])
        self.assertIn(("warning", "content", "1:1 on Mon 2026-03-02 has no notes"), by_rep["hannah-brooks"])
        # The new hire on a weekly rhythm and the archived rep are quiet.
        self.assertNotIn("jordan-okafor", by_rep)
        self.assertNotIn("ryan-kowalski", by_rep)
        self.assertEqual(self.audit("--data", rc=0).out, "")


if __name__ == "__main__":
    unittest.main()
