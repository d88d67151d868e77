"""coach.yaml's `since:` (the tracking start, issue 15): `coach init` writes
today, a directory without one starts at its earliest record, and before it
nothing is expected: not by the report (EXPECTED, the HTML timeline's
shading) nor by the audit (cadence, consistency, a rep never met)."""

import json
import re
from pathlib import Path

import yaml

from coachtest import CoachTestCase

ROOT = Path(__file__).resolve().parents[2]

# On the team since 2019: without a tracking start, every day of a period is expected of her.
ALICE = """\
id: alice
name: Alice Chen
start: 2019-04-01
records:
  - {kind: 1on1, id: ra0001, date: 2026-10-20, notes: n, personal: [p]}
  - {kind: 1on1, id: ra0002, date: 2026-11-20, notes: n, personal: [p]}
"""
# Added with `rep add` and no --start: never met.
BO = "id: bo\nname: Bo Diaz\n"
# On the team since 2019, met once, archived on 2026-11-05.
CY = """\
id: cy
name: Cy Park
start: 2019-04-01
archived: 2026-11-05
records:
  - {kind: 1on1, id: rc0001, date: 2026-10-16, notes: n, personal: [p]}
"""


class SinceTest(CoachTestCase):
    def make_team(self, since, reps):
        root = self.tmp / "team"
        self.ok("init", str(root), "--manager", "Dana", env={"COACH_TODAY": since} if since else None)
        text = (root / "coach.yaml").read_text()
        if not since:
            text = "".join(line for line in text.splitlines(True) if not line.startswith("since:"))
            (root / "coach.yaml").write_text(text)
        for rep_id, body in reps.items():
            (root / "reps" / f"{rep_id}.yaml").write_text(body)
        return root

    def report(self, root, *args):
        return json.loads(self.ok("-C", str(root), "report", "--since", "2026-10-01", "--until", "2026-11-25",
                                  "--format", "json", *args).out)

    def test_init_writes_today_as_since(self):
        root = self.tmp / "new"
        self.ok("init", str(root), env={"COACH_TODAY": "2026-11-02"})
        text = (root / "coach.yaml").read_text()
        self.assertIn("since: 2026-11-02   # tracking start", text)
        self.assertEqual(str(yaml.safe_load(text)["since"]), "2026-11-02")  # the second reader agrees
        self.assertEqual(self.ok("-C", str(root), "audit", "--data").out, "")  # a key audit knows

    def test_bad_since_is_an_error_with_its_place(self):
        root = self.make_team("2026-11-02", {})
        (root / "coach.yaml").write_text("manager: Dana\nsince: 2026-11-31\n")
        result = self.fails(3, "-C", str(root), "report")
        self.assertIn("coach.yaml:2:8: since: \"2026-11-31\" is not a date (YYYY-MM-DD)", result.err)
        self.fails(3, "-C", str(root), "audit")

    def test_new_team_report_expects_nothing_before_since(self):
        # `coach init` on Mon 11-02: the period 10-01..11-25 is tracked from 11-02, 24 days: 24 // 7 = 3
        # expected of Alice (on the team since 2019) and of Bo (no start, no record); 56 days would be 8.
        root = self.make_team("2026-11-02", {"alice": ALICE, "bo": BO})
        alice, bo = self.report(root)["teams"][0]["reps"]
        self.assertEqual((alice["id"], alice["expected"], alice["held"]), ("alice", 3, 2))  # 10-20 counts as held
        self.assertEqual((bo["id"], bo["expected"], bo["held"]), ("bo", 3, 0))
        # The weekly trend expects nothing in the weeks before since.
        weeks = self.report(root, "--by", "week")["teams"][0]["trend"]
        self.assertEqual([w["expected"] for w in weeks if w["last"] < "2026-11-02"], [0] * 5)

    def test_default_since_is_the_earliest_record(self):
        # No since: the earliest record in the directory, Cy's 1:1 of 10-16 (before Alice's 10-20).
        # Alice: 10-16..11-25 is 41 days, 41 // 7 = 5 (56 days would be 8).
        root = self.make_team(None, {"alice": ALICE, "cy": CY})
        alice = self.report(root)["teams"][0]["reps"][0]
        self.assertEqual(alice["expected"], 5)
        # A team meeting counts as a record: on 10-06, Alice's 10-06..11-25 is 51 days, 7 expected.
        (root / "team").mkdir()
        (root / "team" / "2026.yaml").write_text(
            "team: West\nrecords:\n  - {kind: team-meeting, id: rt0001, date: 2026-10-06}\n")
        self.assertEqual(self.report(root)["teams"][0]["reps"][0]["expected"], 7)

    def test_audit_expects_nothing_before_since(self):
        root = self.make_team("2026-11-02", {"alice": ALICE, "bo": BO})
        out = self.coach("-C", str(root), "audit", "--only", "cadence", "--only", "consistency").out
        # Bo, never met: an error once cadence + grace days have passed since 11-02 (23 counted, 14 past).
        self.assertIn("error    cadence      no 1:1 recorded yet, 23 days after the tracking start on Mon "
                      "2026-11-02: 14 days past the 7-day cadence and 2-day grace", out)
        # The window of consistency starts at since: 11-02..11-25, 24 days, 3 expected (not 12).
        self.assertIn("0 of 3 expected 1:1s in the last 12 weeks (0%; team average 17%)", out)
        self.assertNotIn("of 12 expected", out)
        # As of 11-11, Bo's 9 days since 11-02 are within cadence + grace: nothing; on 11-12, an error.
        # Alice's 1:1 of 10-20 is before since: she too is counted from 11-02.
        as_of = ["-C", str(root), "audit", "--only", "cadence", "--as-of"]
        self.assertEqual(self.coach(*as_of, "2026-11-11").out, "")
        late = self.coach(*as_of, "2026-11-12").out
        self.assertIn("Bo Diaz (bo)\n  error    cadence      no 1:1 recorded yet, 10 days after the tracking "
                      "start", late)
        self.assertIn("no 1:1 since the tracking start on Mon 2026-11-02, 10 days ago (the last on Tue 2026-10-20)",
                      late)

    def shaded_days(self, html, name, first="2026-10-01", days=55):
        """The shaded stretches of a rep's cadence timeline, as (first day, last day) offsets into the period."""
        svg = re.search(r'<svg[^>]*aria-label="1:1s with ' + re.escape(name) + r'".*?</svg>', html, re.S).group(0)
        spans = []
        for x, width in re.findall(r'<rect x="([\d.]+)" y="9" width="([\d.]+)"', svg):
            start = round((float(x) - 4) / 632 * days)
            spans.append((start, start + round(float(width) / 632 * days)))
        ticks = [round((float(x) - 4) / 632 * days) for x in re.findall(r'<line x1="([\d.]+)" y1="6"', svg)]
        return spans, ticks

    def test_html_timeline_shades_only_tracked_days(self):
        # Period 10-01..11-25: day 0 is 10-01, day 55 is 11-25. since: 10-15 (day 14).
        root = self.make_team("2026-10-15", {"alice": ALICE, "bo": BO, "cy": CY})
        html = self.ok("-C", str(root), "report", "--since", "2026-10-01", "--until", "2026-11-25",
                       "--format", "html").out
        # Alice: 10-15 -> 10-20 is 5 days, not shaded (10-01 -> 10-20 would be 19); 10-20 (19) -> 11-20 (50)
        # is 31 days, shaded; 11-20 -> 11-25, 5 days, not.
        self.assertEqual(self.shaded_days(html, "Alice Chen")[0], [(19, 50)])
        # Bo, never met: from since (day 14) to the period's end (55), not from the period's first day.
        spans, ticks = self.shaded_days(html, "Bo Diaz")
        self.assertEqual(spans, [(14, 55)])
        self.assertEqual(ticks[0], 14)  # the expected rhythm starts at since too
        # Cy, archived on 11-05 (day 35): 10-16 (15) -> 11-05 is shaded, not on to 11-25.
        spans, ticks = self.shaded_days(html, "Cy Park")
        self.assertEqual(spans, [(15, 35)])
        self.assertLessEqual(ticks[-1], 35)

    def test_html_timeline_from_a_reps_start(self):
        # Bo started 11-10 (day 40), after since: nothing shaded before it; 11-10 -> 11-25 is 15 days, shaded.
        root = self.make_team("2026-10-15", {"bo": BO + "start: 2026-11-10\n"})
        html = self.ok("-C", str(root), "report", "--since", "2026-10-01", "--until", "2026-11-25",
                       "--format", "html").out
        self.assertEqual(self.shaded_days(html, "Bo Diaz")[0], [(40, 55)])

    def test_a_directory_named_twice_is_reported_once(self):
        root = self.make_team("2026-10-15", {"alice": ALICE})
        (self.tmp / "teams.txt").write_text(f"{root}\n{root}/.\n")
        data = json.loads(self.ok("-C", str(root), "--dir", str(root / ".." / "team"), "report", "--teams",
                                  str(self.tmp / "teams.txt"), "--format", "json").out)
        self.assertEqual(len(data["teams"]), 1)
        # coach-report(1) says so.
        man = (ROOT / "man" / "coach-report.1").read_text()
        sentence = re.search(r"A directory named twice.*?is reported (\w+)", man, re.S)
        self.assertEqual(sentence.group(1), "once", sentence.group(0))

    def test_rep_list_counts_a_rep_never_met_from_since(self):
        # Bo's career conversation of 11-20 begins the activities, so `rep list` shows what each rep is most
        # behind on. Alice (start 2019, never met) is due 7 days after since 11-02: 11-09, 16 days ago on 11-25
        # (not 7 days after 2019-04-01).
        bo = BO + "records:\n  - {kind: career, id: rb0001, date: 2026-11-20}\n"
        root = self.make_team("2026-11-02", {"alice": ALICE.split("records:")[0], "bo": bo})
        alice = json.loads(self.ok("-C", str(root), "rep", "list", "--format", "json").out)["reps"][0]
        self.assertEqual(alice["most_overdue_activity"], {"kind": "1on1", "days_overdue": 16})
        # Without since: the earliest record, 11-20; due 11-27, not behind.
        (root / "coach.yaml").write_text("manager: Dana\n")
        alice = json.loads(self.ok("-C", str(root), "rep", "list", "--format", "json").out)["reps"][0]
        self.assertIsNone(alice["most_overdue_activity"])
