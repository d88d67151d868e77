"""coach report over a small team, every figure of the 1:1s table, the
promise tables and the weekly trend computed by hand from the definitions of
coach-report(1), each literal number derived in a comment beside it; and the
rounding of shares, the same in every format."""

import csv
import io
import json
import unittest

from coachtest import CoachTestCase

# The period: --month 2026-10, Thu 10-01 to Sat 10-31, 31 days. Cadence 7, grace 2:
# a day is late when more than 9 days (away days left out) passed since the last 1:1
# on or before it, or, before the first, since the tracking start.
# since: the team has used coach all year, so each rep's tracking start is their own first day
# (without it, since would default to the earliest record, 09-24, and move Cy's start).
SETTINGS = "manager: Dana\nteam: West\nsince: 2026-01-01\npolicy:\n  cadence: 7\n  grace: 2\n"

# Ann: on the team since January (tracking start 2026-01-05), 1:1s 09-28, 10-05, 10-12, 10-27.
ANN = """\
name: Ann Lee
start: 2026-01-05
records:
  - {kind: 1on1, id: a00001, date: 2026-09-28, minutes: 50, notes: before the period}
  - kind: 1on1
    id: a00002
    date: 2026-10-05
    minutes: 30
    personal: [garden]
    notes: ok
    promises:
      - {id: pa0001, owner: manager, text: on time, due: 2026-10-12, done: 2026-10-10}
      - {id: pa0002, owner: manager, text: moved earlier then kept between, due: 2026-10-14, first_due: 2026-10-20, done: 2026-10-16}
      - {id: pa0003, owner: manager, text: moved later then kept, due: 2026-10-19, first_due: 2026-10-12, done: 2026-10-15}
      - {id: pa0004, owner: manager, text: overdue, due: 2026-10-20}
      - {id: pa0005, owner: manager, text: dropped, due: 2026-10-15, dropped: 2026-10-14, reason: moot}
      - {id: pa0006, owner: manager, text: not due yet, due: 2026-11-10}
      - {id: pa0007, owner: rep, text: on time, due: 2026-10-09, done: 2026-10-09}
      - {id: pa0008, owner: rep, text: kept after the period, due: 2026-10-30, done: 2026-11-02}
  - {kind: 1on1, id: a00003, date: 2026-10-12, minutes: 45, notes: pipeline}
  - {kind: 1on1, id: a00004, date: 2026-10-27, minutes: 20, personal: [trip]}
"""

# Bo: no start; his first record, a promise on 10-12, is his tracking start (as of 10-31,
# for the table and every week). One 1:1 in the period, 10-20; one after it.
BO = """\
name: Bo Diaz
records:
  - kind: promise
    id: b00001
    date: 2026-10-12
    promises:
      - {id: pb0001, owner: rep, text: kept late, due: 2026-10-16, done: 2026-10-19}
  - {kind: 1on1, id: b00002, date: 2026-10-20, minutes: 25}
  - {kind: 1on1, id: b00003, date: 2026-11-03, minutes: 60, notes: after the period}
"""

# Cy: started 09-01, his own cadence 14 days, away 10-19..10-25, never met.
CY = """\
name: Cy Park
start: 2026-09-01
cadence: 14
away:
  - {from: 2026-10-19, to: 2026-10-25}
"""

# Di: on the team since March, archived 10-15; 1:1s 09-24, 10-01, 10-05.
DI = """\
name: Di Ko
start: 2026-03-02
archived: 2026-10-15
records:
  - {kind: 1on1, id: d00001, date: 2026-09-24, minutes: 30, notes: before}
  - kind: 1on1
    id: d00002
    date: 2026-10-01
    minutes: 30
    notes: n
    promises:
      - {id: pd0001, owner: manager, text: moved later then kept, due: 2026-10-08, first_due: 2026-10-06, done: 2026-10-08}
  - {kind: 1on1, id: d00003, date: 2026-10-05, minutes: 40, personal: [kids], notes: n}
"""


class ReportByHandTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.tmp / "team"
        (self.root / "reps").mkdir(parents=True)
        (self.root / "coach.yaml").write_text(SETTINGS)
        for rep_id, text in (("ann", ANN), ("bo", BO), ("cy", CY), ("di", DI)):
            (self.root / "reps" / f"{rep_id}.yaml").write_text(f"id: {rep_id}\n" + text)

    def run_report(self, *args):
        return self.ok("-C", str(self.root), "report", "--month", "2026-10", *args).out

    def json_report(self, *args):
        return json.loads(self.run_report("--format", "json", *args))

    def test_one_on_ones(self):
        team = self.json_report()["teams"][0]
        ann, bo, cy, di = team["reps"]
        fields = ("held", "expected", "adherence", "on_cadence", "days_counted", "days_late", "median_gap_days",
                  "longest_gap_days", "days_since_last", "minutes", "with_personal_topic", "with_notes")

        def figures(rep):
            return tuple(rep[f] for f in fields)

        # Ann. Held: 10-05, 10-12, 10-27 = 3. Expected: 31 days / 7 = 4. Adherence 3 / 4.
        # Late: since 09-28, 3 days on 10-01 ... 9 on 10-21 (after 10-12), late 10-22..10-26 (10 to 14): 5.
        # On cadence (31 - 5) / 31 = 0.83870 -> 0.8387. Gaps 09-28 -> 10-05 = 7, 10-05 -> 10-12 = 7,
        # 10-12 -> 10-27 = 15: median 7; open 10-27 -> 10-31 = 4; longest 15. Minutes 30 + 45 + 20.
        self.assertEqual(figures(ann), (3, 4, 0.75, 0.8387, 31, 5, 7, 15, 4, 95, 2, 2))
        # Bo. Tracking start 10-12: 20 days on the team, expected 20 / 7 = 2; held 1: 1 / 2.
        # Late: 1 on 10-13 ... 7 on 10-19, 0 on 10-20, 9 on 10-29, late 10-30 and 10-31: 2 of 20 -> 0.9.
        # His 1:1 closes the gap since the tracking start: 10-12 -> 10-20 = 8; open 10-20 -> 10-31 = 11.
        self.assertEqual(figures(bo), (1, 2, 0.5, 0.9, 20, 2, 8, 11, 11, 25, 0, 0))
        # Cy. 31 - 7 away = 24 days: expected 24 / 14 = 1; held 0: adherence 0.
        # Never met: 29 days after his start by 09-30, all 24 days counted are past 14 + 2: on cadence 0.
        # No closed gap; days since the tracking start 09-01 -> 10-31 = 60, which is also the longest.
        self.assertEqual(figures(cy), (0, 1, 0.0, 0.0, 24, 24, None, 60, 60, 0, 0, 0))
        # Di, archived 10-15: on the team 10-01..10-15 = 15 days, expected 2; held 2.
        # Late: 0 on 10-01, 0 on 10-05, 9 on 10-14, 10 on 10-15: 1 of 15 -> 14 / 15 = 0.93333 -> 0.9333.
        # Gaps 09-24 -> 10-01 = 7, 10-01 -> 10-05 = 4: median (4 + 7) / 2 = 5.5 -> 5.
        # The open gap ends on the archive day: 10-05 -> 10-15 = 10 (not 26 to 10-31).
        self.assertEqual(figures(di), (2, 2, 1.0, 0.9333, 15, 1, 5, 10, 10, 70, 1, 2))
        self.assertTrue(di["archived"])
        totals = team["totals"]
        # Held 3 + 1 + 0 + 2 = 6; expected 4 + 2 + 1 + 2 = 9; credited 3 + 1 + 0 + 2 = 6: 6 / 9 = 0.6667.
        # Days counted 31 + 20 + 24 + 15 = 90, late 5 + 2 + 24 + 1 = 32: 58 / 90 = 0.6444.
        # Median of the medians 7, 8, 5 = 7; longest 60 (Cy); minutes 95 + 25 + 0 + 70 = 190.
        self.assertEqual(tuple(totals[f] for f in fields if f != "days_since_last"),
                         (6, 9, 0.6667, 0.6444, 90, 32, 7, 60, 190, 3, 4))

    def test_promises(self):
        team = self.json_report()["teams"][0]
        ann, bo, cy, di = team["reps"]
        keys = ("made", "kept", "kept_on_time", "kept_after_move", "kept_late", "dropped", "open", "overdue",
                "on_time_rate")

        def counts(c):
            return tuple(c[k] for k in keys)

        # Ann, yours: pa0001 on time; pa0002 moved earlier to 10-14, kept 10-16 between the two dates: late;
        # pa0003 after a move (10-15 after 10-12, by 10-19); pa0004 overdue (10-20 < 10-31); pa0005 dropped;
        # pa0006 open, not due. Rate: 1 on time / (3 kept + 1 overdue) = 0.25.
        self.assertEqual(counts(ann["manager_promises"]), (6, 3, 1, 1, 1, 1, 2, 1, 0.25))
        # Ann, hers: pa0007 on time; pa0008 kept 11-02, after the period: open and overdue on 10-31. 1 / 2.
        self.assertEqual(counts(ann["rep_promises"]), (2, 1, 1, 0, 0, 0, 1, 1, 0.5))
        # Bo, his: pb0001 kept 10-19 after its due 10-16: late. 0 / 1.
        self.assertEqual(counts(bo["rep_promises"]), (1, 1, 0, 0, 1, 0, 0, 0, 0.0))
        self.assertEqual(counts(bo["manager_promises"]), (0, 0, 0, 0, 0, 0, 0, 0, None))
        self.assertEqual(counts(cy["manager_promises"]), (0, 0, 0, 0, 0, 0, 0, 0, None))
        # Di, yours: pd0001 moved later (10-06 -> 10-08), kept 10-08: after a move. 0 / 1.
        self.assertEqual(counts(di["manager_promises"]), (1, 1, 0, 1, 0, 0, 0, 0, 0.0))
        # Team, yours: Ann's and Di's: 1 on time / (4 kept + 1 overdue) = 0.2; theirs: 1 / (2 + 1) = 0.3333.
        self.assertEqual(counts(team["totals"]["manager_promises"]), (7, 4, 1, 2, 1, 1, 2, 1, 0.2))
        self.assertEqual(counts(team["totals"]["rep_promises"]), (3, 2, 1, 0, 1, 0, 1, 1, 0.3333))

    def test_trend_by_week(self):
        trend = self.json_report("--by", "week")["teams"][0]["trend"]
        # Weeks: W40 10-01..10-04, W41 ..10-11, W42 ..10-18, W43 ..10-25, W44 10-26..10-31 (clipped).
        # W(d) at each week's end, and floor(W / cadence):
        #   Ann (7):  4, 11, 18, 25, 31 -> 0, 1, 2, 3, 4 -> weeks 0, 1, 1, 1, 1
        #   Bo (7, from 10-12): 0, 0, 7, 14, 20 -> 0, 0, 1, 2, 2 -> 0, 0, 1, 1, 0
        #   Cy (14, away 10-19..25): 4, 11, 18, 18, 24 -> 0, 0, 1, 1, 1 -> 0, 0, 1, 0, 0
        #   Di (7, archived 10-15): 4, 11, 15, 15, 15 -> 0, 1, 2, 2, 2 -> 0, 1, 1, 0, 0
        # Expected per week: 0, 2, 4, 2, 1 = 9, the period's.
        # Held: Di 10-01 | Ann 10-05, Di 10-05 | Ann 10-12 | Bo 10-20 | Ann 10-27.
        # Overdue on the week's last day: 10-18 Bo's pb0001 (due 10-16, kept 10-19); 10-25 Ann's pa0004
        # (yours); 10-31 pa0004 and Ann's pa0008 (due 10-30, kept 11-02).
        self.assertEqual([(w["label"], w["first"], w["last"], w["held"], w["expected"], w["overdue"],
                           w["overdue_manager"]) for w in trend],
                         [("2026-W40", "2026-10-01", "2026-10-04", 1, 0, 0, 0),
                          ("2026-W41", "2026-10-05", "2026-10-11", 2, 2, 0, 0),
                          ("2026-W42", "2026-10-12", "2026-10-18", 1, 4, 1, 0),
                          ("2026-W43", "2026-10-19", "2026-10-25", 1, 2, 1, 1),
                          ("2026-W44", "2026-10-26", "2026-10-31", 1, 1, 2, 1)])

    def test_the_table_shows_the_same_figures(self):
        out = self.run_report()
        lines = out.splitlines()
        start = lines.index("1:1s")
        self.assertEqual(lines[start + 1].split(),
                         ["REP", "HELD", "EXP", "ADH", "ON", "CAD", "GAP", "MAX", "GAP", "SINCE", "MIN", "PERS",
                          "NOTES"])
        # Shares rounded half up: 0.8387 -> 84%, 2 / 3 -> 67%, 0.9333 -> 93%, 0.6444 -> 64%.
        self.assertEqual(lines[start + 2].split(),
                         ["Ann", "Lee", "3", "4", "75%", "84%", "7", "15", "4", "95", "67%", "67%"])
        self.assertEqual(lines[start + 3].split(), ["Bo", "Diaz", "1", "2", "50%", "90%", "8", "11", "11", "25", "0%",
                                                    "0%"])
        self.assertEqual(lines[start + 4].split(), ["Cy", "Park", "0", "1", "0%", "0%", "-", "60", "60", "0", "-",
                                                    "-"])
        self.assertEqual(lines[start + 5].split(), ["Di", "Ko", "(archived)", "2", "2", "100%", "93%", "5", "10",
                                                    "10", "70", "50%", "100%"])
        self.assertEqual(lines[start + 6].split(), ["Team", "6", "9", "67%", "64%", "7", "60", "-", "190", "50%",
                                                    "67%"])
        self.assertIn("Most time: Ann Lee (95 min in 3 1:1s). Least: Cy Park (0 min in 0 1:1s).", out)
        yours = lines.index("Your promises (made in the period)")
        self.assertEqual(lines[yours + 2].split(), ["Ann", "Lee", "6", "3", "1", "1", "1", "1", "2", "1", "25%"])
        self.assertEqual(lines[yours + 6].split(), ["Team", "7", "4", "1", "2", "1", "1", "2", "1", "20%"])
        theirs = lines.index("Their commitments (made in the period)")
        self.assertEqual(lines[theirs + 6].split(), ["Team", "3", "2", "1", "0", "1", "0", "1", "1", "33%"])
        for line in lines[start:start + 7]:  # the 1:1s table keeps within 80 columns
            self.assertLessEqual(len(line), 80, line)

    def test_on_cadence_in_every_format(self):
        rows = list(csv.DictReader(io.StringIO(self.run_report("--format", "csv"), newline="")))
        self.assertEqual(list(rows[0])[9:11], ["adherence", "on_cadence"])
        self.assertEqual([r["on_cadence"] for r in rows], ["0.8387", "0.9000", "0.0000", "0.9333"])
        md = self.run_report("--format", "md")
        self.assertIn("| REP | HELD | EXP | ADH | ON CAD | GAP | MAX GAP | SINCE | MIN | PERS | NOTES |", md)
        self.assertIn("| Ann Lee | 3 | 4 | 75% | 84% | 7 | 15 | 4 | 95 | 67% | 67% |", md)
        html = self.run_report("--format", "html")
        self.assertIn('<th class="n">ADH</th><th class="n">ON CAD</th>', html)
        self.assertIn('<td class="n">75%</td><td class="n">84%</td>', html)


class RoundingTest(CoachTestCase):
    """A share is rounded half up to four decimals (json, csv), and the percentage
    shown is that rounded half up (table, md, html): every format agrees."""

    def setUp(self):
        super().setUp()
        self.root = self.tmp / "team"
        (self.root / "reps").mkdir(parents=True)
        (self.root / "coach.yaml").write_text("policy:\n  cadence: 1\n")
        # One 1:1, on the first day of the period, a daily cadence: adherence 1 / (days in the period).
        (self.root / "reps" / "al.yaml").write_text(
            "id: al\nname: Al\nstart: 2026-01-01\nrecords:\n  - {kind: 1on1, id: a00001, date: 2026-10-01}\n")

    def formats(self, until):
        args = ("-C", str(self.root), "report", "--since", "2026-10-01", "--until", until)
        rep = json.loads(self.ok(*args, "--format", "json").out)["teams"][0]["reps"][0]
        row = next(csv.DictReader(io.StringIO(self.ok(*args, "--format", "csv").out, newline="")))
        table = self.ok(*args).out.splitlines()
        md = self.ok(*args, "--format", "md").out
        html = self.ok(*args, "--format", "html").out
        return rep["adherence"], row["adherence"], table[table.index("1:1s") + 2].split()[3], md, html

    def test_a_half_rounds_up_everywhere(self):
        # 8 days: 1 / 8 = 12.5%: json 0.125, csv 0.1250, shown 13% (was 12% in the table).
        share, csv_share, shown, md, html = self.formats("2026-10-08")
        self.assertEqual((share, csv_share, shown), (0.125, "0.1250", "13%"))
        self.assertIn("| Al | 1 | 8 | 13% |", md)
        self.assertIn('<td class="n">13%</td>', html)

    def test_csv_carries_the_json_number(self):
        # 32 days: 1 / 32 = 0.03125 -> 0.0313 in json and csv alike (csv wrote 0.0312), shown 3%.
        share, csv_share, shown, _, _ = self.formats("2026-11-01")
        self.assertEqual((share, csv_share, shown), (0.0313, "0.0313", "3%"))
        # 3 days: 1 / 3 = 0.3333, shown 33%; 6 days: 1 / 6 = 0.16667 -> 0.1667, shown 17%.
        self.assertEqual(self.formats("2026-10-03")[:3], (0.3333, "0.3333", "33%"))
        self.assertEqual(self.formats("2026-10-06")[:3], (0.1667, "0.1667", "17%"))


class RoundingAcrossFormatsTest(CoachTestCase):
    """Every share k / n for 0 <= k <= n <= 24: json holds it rounded half up to four
    decimals, csv the same digits, and the table that rounded half up to a percent."""

    def test_every_share_agrees(self):
        root = self.tmp / "team"
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text("policy:\n  cadence: 1\n")
        for k in range(25):  # rep k: 1:1s on the first k days of October
            text = f"id: r{k:02}\nname: R{k:02}\nstart: 2026-01-01\n"
            if k:
                text += "records:\n" + "".join(f"  - {{kind: 1on1, id: r{k:02}{d:02}xx, date: 2026-10-{d + 1:02}}}\n"
                                               for d in range(k))
            (root / "reps" / f"r{k:02}.yaml").write_text(text)
        checked = 0
        for n in range(1, 25):
            args = ("-C", str(root), "report", "--since", "2026-10-01", "--until", f"2026-10-{n:02}")
            reps = json.loads(self.ok(*args, "--format", "json").out)["teams"][0]["reps"]
            rows = list(csv.DictReader(io.StringIO(self.ok(*args, "--format", "csv").out, newline="")))
            table = self.ok(*args).out.splitlines()
            shown = {line.split()[0]: line.split()[3] for line in table[table.index("1:1s") + 2:][:25]}
            for k in range(n + 1):
                with self.subTest(k=k, n=n):
                    points = (20000 * k + n) // (2 * n)  # 10000 k / n rounded half up, in whole numbers
                    self.assertEqual(reps[k]["adherence"], points / 10000)
                    self.assertEqual(rows[k]["adherence"], f"{points // 10000}.{points % 10000:04}")
                    self.assertEqual(shown[f"R{k:02}"], f"{(points + 50) // 100}%")
                    checked += 1
        self.assertEqual(checked, 324)  # sum of (n + 1) for n = 1..24


if __name__ == "__main__":
    unittest.main()
