"""coach remind (coach-remind(1)): what is due today, for cron and mail.

A hand-written team on Wed 2026-11-25 with one rep of each case: late, due
today, not yet due, away, archived, never met; promises both ways before,
on and after today; a team meeting and its action to the team. Expected
figures are worked out from the files' dates with the default policy (1:1s
every 7 days, 2 days' grace, career conversations every 90, team meetings
every 7)."""

import configparser
import json
import os
import re
import shlex
import subprocess
from datetime import date, timedelta
from pathlib import Path

from coachtest import COACH, TODAY, CoachTestCase, run_on_terminal, snapshot

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "contrib" / "systemd"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
today = date.fromisoformat(TODAY)

SETTINGS = "manager: Dana Whitfield\nsince: 2026-01-01\n"

REPS = {
    # Last 1:1 Fri 11-13: due Fri 11-20, 5 days late. A career conversation on 05-01: due 90 days later.
    "alice-chen": """id: alice-chen
name: Alice Chen
start: 2024-01-08
records:
  - kind: career
    id: caaaaa
    date: 2026-05-01
    career_goal: Senior AE
  - kind: 1on1
    id: raaaaa
    date: 2026-11-13
    notes: NOTES-MARKER in the shared notes
    private: PRIVATE-MARKER for the manager alone
    promises:
      - {id: mdeck1, owner: manager, text: Send the deck, due: 2026-11-20}
      - {id: rfcst1, owner: rep, text: Update the forecast, due: 2026-11-25}
      - {id: mqbr01, owner: manager, text: Book the QBR, due: 2026-11-28}
      - {id: mnodue, owner: manager, text: Read the book}
      - {id: mkept1, owner: manager, text: Intro to legal, due: 2026-11-10, done: 2026-11-09}
""",
    # Started 11-01, last 1:1 Fri 11-20: due Fri 11-27, two days ahead; no career conversation due before 2027.
    "bo-diaz": """id: bo-diaz
name: Bo Diaz
start: 2026-11-01
records:
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-20
    promises:
      - {id: rrefs1, owner: rep, text: Send the references, due: 2026-11-24}
""",
    # Away today: no 1:1 or activity due, but the promise made to him is.
    "cy-park": """id: cy-park
name: Cy Park
start: 2024-01-08
away:
  - {from: 2026-11-20, to: 2026-11-30, reason: vacation}
records:
  - kind: career
    id: cccccc
    date: 2026-05-01
  - kind: 1on1
    id: rccccc
    date: 2026-10-01
    promises:
      - {id: mcyint, owner: manager, text: Intro to the CFO, due: 2026-11-23}
""",
    # Archived: nothing of hers.
    "dee-lane": """id: dee-lane
name: Dee Lane
start: 2024-01-08
archived: 2026-11-01
records:
  - kind: 1on1
    id: rddddd
    date: 2026-09-01
    promises:
      - {id: mdeeol, owner: manager, text: Reference letter, due: 2026-10-01}
""",
    # Started today, never met: due now.
    "ed-moss": "id: ed-moss\nname: Ed Moss\nstart: 2026-11-25\n",
}

# Last team meeting Wed 11-11: due Wed 11-18, 7 days late; your action to the whole team due Tue 11-24.
TEAM = """team: West
records:
  - kind: team-meeting
    id: tmaaaa
    date: 2026-11-11
    promises:
      - {id: tmoff1, owner: manager, text: Book the offsite, due: 2026-11-24}
"""


def late(due):
    return (today - date.fromisoformat(due)).days


class RemindCase(CoachTestCase):
    """The team above in self.root, and what the tests share."""

    def setUp(self):
        super().setUp()
        self.root = self.make_team(REPS, TEAM)

    def make_team(self, reps, team=None, name="team"):
        root = self.tmp / name
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text(SETTINGS)
        for rep_id, text in reps.items():
            (root / "reps" / f"{rep_id}.yaml").write_text(text)
        if team:
            (root / "team").mkdir()
            (root / "team" / "2026.yaml").write_text(team)
        return root

    def remind(self, *args, root=None, env=None):
        return self.coach("-C", str(root or self.root), "remind", *args, env=env)

    def digest(self, *args):
        result = self.remind("--format", "json", *args)
        self.assertEqual(result.rc, 0, result)
        return json.loads(result.out)

    def assert_mailed(self, command, env=None):
        """Runs `command` (the crontab's or the service's) with a stand-in mail that keeps its
        arguments and text; returns the arguments after checking the text is the Markdown digest."""
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir(exist_ok=True)
        mail = bin_dir / "mail"
        mail.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {self.tmp}/mail-args\ncat > {self.tmp}/mail-text\n")
        mail.chmod(0o755)
        full_env = dict(self.env, PATH=f"{bin_dir}:{self.env['PATH']}", **(env or {}))
        proc = subprocess.run(["/bin/sh", "-c", command], env=full_env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        args = (self.tmp / "mail-args").read_text().splitlines()
        self.assertIn("-E", args)  # mail sends nothing when the digest is empty
        digest = self.ok("-C", str(self.root), "remind", "--format", "md").out
        self.assertIn("mdeck1", digest)
        self.assertEqual((self.tmp / "mail-text").read_text(), digest)
        return args


class RemindTest(RemindCase):
    def test_what_is_due_in_json(self):
        d = self.digest()
        self.assertEqual((d["date"], d["until"]), (TODAY, TODAY))
        self.assertEqual([(o["rep"], o["due"], o["days_late"], o["last"], o["beyond_grace"]) for o in d["one_on_ones"]],
                         [("alice-chen", "2026-11-20", late("2026-11-20"), "2026-11-13", True),
                          ("ed-moss", TODAY, 0, None, False)])
        career_due = (date(2026, 5, 1) + timedelta(days=90)).isoformat()
        self.assertEqual([(a["kind"], a["rep"], a["rep_name"], a["due"], a["days_late"]) for a in d["activities"]],
                         [("career", "alice-chen", "Alice Chen", career_due, late(career_due)),
                          ("team-meeting", None, "Team", "2026-11-18", late("2026-11-18"))])
        # Yours first, then the reps', each by due date; undated, closed, future and archived ones left out.
        self.assertEqual([(p["id"], p["owner"], p["rep"], p["days_late"]) for p in d["promises"]],
                         [("mdeck1", "manager", "alice-chen", 5), ("mcyint", "manager", "cy-park", 2),
                          ("tmoff1", "manager", "team-2026", 1), ("rrefs1", "rep", "bo-diaz", 1),
                          ("rfcst1", "rep", "alice-chen", 0)])
        self.assertEqual(d["promises"][0]["from"], {"kind": "1on1", "id": "raaaaa", "date": "2026-11-13"})
        self.assertEqual(d["due_count"], 2 + 2 + 5)
        self.assertEqual(d["close_hint"], "coach followups done ID")

    def test_within_reaches_the_days_ahead(self):
        d = self.digest("--within", "3d")
        self.assertEqual(d["until"], "2026-11-28")
        self.assertEqual([(o["rep"], o["days_late"]) for o in d["one_on_ones"]][-1], ("bo-diaz", -2))
        self.assertEqual([(p["id"], p["days_late"]) for p in d["promises"]][3], ("mqbr01", -3))
        self.assertNotIn("mqbr01", [p["id"] for p in self.digest("--within", "2")["promises"]])
        self.assertNotIn("bo-diaz", [o["rep"] for o in self.digest("--within", "1")["one_on_ones"]])
        self.assertEqual(self.digest("--within", "1")["until"], "2026-11-26")
        for bad in ("-1", "soon", "3x", ""):
            with self.subTest(within=bad):
                self.fails(2, "-C", str(self.root), "remind", "--within", bad)

    def test_text_yours_first_one_hint_no_color_in_a_pipe_within_80_columns(self):
        # Long names and texts, which must be cut to the width of a pipe.
        reps = dict(REPS)
        reps["alice-chen"] = reps["alice-chen"].replace("name: Alice Chen", "name: Alice Chen-Montgomery-Fairweather") \
            .replace("text: Send the deck", 'text: "Send the deck' + " with the Acme numbers and the pilot plan" * 3 + '"')
        root = self.make_team(reps, TEAM, "long")
        result = self.coach("-C", str(root), "remind", env={"COLUMNS": ""})
        self.assertEqual(result.rc, 0, result)
        self.assertNotIn("\x1b", result.out)
        lines = result.out.splitlines()
        self.assertTrue(all(len(line) <= 80 for line in lines), result.out)
        self.assertEqual(lines[0], "Due on Wed 2026-11-25")
        headings = [line for line in lines if not line.startswith(" ")][1:]
        self.assertEqual(headings, ["1:1s (2)", "Other activities (2)", "Your promises (3)", "The reps' promises (2)",
                                    "Close a promise with `coach followups done ID`."])
        ids = [line.split()[0] for line in lines if re.match(r"^  [a-z0-9]{6}  ", line)]
        self.assertEqual(ids, ["mdeck1", "mcyint", "tmoff1", "rrefs1", "rfcst1"])
        self.assertRegex(result.out, r"\n  Ed Moss +no 1:1 yet +due now\n")
        self.assertIn("5 days late", result.out)

    def test_markdown_for_a_mail_escapes_the_files_text(self):
        hostile = "*Call* [Acme](http://evil.example) <b>now</b> | `tick` #1 \\\\ _x_"
        reps = {"alice-chen": REPS["alice-chen"].replace("text: Send the deck", f"text: '{hostile}'")}
        root = self.make_team(reps, name="md")
        out = self.ok("-C", str(root), "remind", "--format", "md").out
        self.assertTrue(out.startswith("# Due on Wed 2026-11-25\n\n## 1:1s (1)\n\n- **Alice Chen**: due Fri 2026-11-20"),
                        out)
        self.assertIn("\n## Your promises (1)\n\n- `mdeck1` **Alice Chen**: ", out)
        line = next(line for line in out.splitlines() if line.startswith("- `mdeck1`"))
        for raw in ("<b>", "[Acme]", "*Call*", "`tick`", " | ", " #1"):
            self.assertNotIn(raw, line.split("**: ", 1)[1])
        unescaped = re.sub(r"\\(.)", r"\1", line.split("**: ", 1)[1])
        self.assertTrue(unescaped.startswith(hostile + " (due Fri 2026-11-20, 5 days late)"),
                        line)
        self.assertTrue(out.endswith("\nClose a promise with `coach followups done ID`.\n"), out)

    def test_nothing_due_prints_nothing_and_exits_0(self):
        reps = {"bo-diaz": REPS["bo-diaz"].replace("due: 2026-11-24", "due: 2026-12-24")}
        root = self.make_team(reps, name="calm")
        for fmt in ("text", "md"):
            with self.subTest(format=fmt):
                for extra in ([], ["--exit-code"]):
                    result = self.remind("--format", fmt, *extra, root=root)
                    self.assertEqual((result.rc, result.out, result.err), (0, "", ""))
        d = json.loads(self.ok("-C", str(root), "remind", "--format", "json").out)
        self.assertEqual((d["due_count"], d["one_on_ones"], d["activities"], d["promises"]), (0, [], [], []))
        self.assertEqual(self.remind("--format", "json", "--exit-code", root=root).rc, 0)

    def test_something_due_exits_0_unless_exit_code(self):
        for fmt in ("text", "md", "json"):
            with self.subTest(format=fmt):
                plain = self.remind("--format", fmt)
                self.assertEqual((plain.rc, plain.err), (0, ""))
                strict = self.remind("--format", fmt, "--exit-code")
                self.assertEqual((strict.rc, strict.out, strict.err), (1, plain.out, ""))

    def test_no_notes_ever_and_no_file_written(self):
        before = snapshot(self.root)
        for fmt in ("text", "md", "json"):
            for within in ("0", "400"):
                with self.subTest(format=fmt, within=within):
                    out = self.ok("-C", str(self.root), "remind", "--format", fmt, "--within", within).out
                    self.assertIn("mdeck1", out)
                    self.assertNotIn("NOTES-MARKER", out)
                    self.assertNotIn("PRIVATE-MARKER", out)
        self.assertEqual(snapshot(self.root), before)

    def test_a_broken_file_is_named_after_the_digest_of_the_others(self):
        (self.root / "reps" / "cy-park.yaml").write_text("id: cy-park\nname: Cy Park\nrecords: [\n")
        result = self.remind()
        self.assertEqual(result.rc, 3, result)
        self.assertIn("mdeck1", result.out)  # the others are shown
        self.assertNotIn("mcyint", result.out)
        self.assertRegex(result.err, r"coach: error: \S*reps/cy-park\.yaml:\d+:\d+: ")
        result = self.coach("-C", str(self.tmp / "nowhere"), "remind")
        self.assertEqual(result.rc, 4, result)

    def test_broken_files_are_named_rep_files_first_then_team_files(self):
        (self.root / "reps" / "cy-park.yaml").write_text("id: cy-park\nname: Cy Park\nrecords: [\n")
        (self.root / "team" / "2026.yaml").write_text("records:\n  - kind: team-meeting\n    date: [\n")
        result = self.remind()
        self.assertEqual(result.rc, 3, result)
        self.assertIn("mdeck1", result.out)  # the others are shown
        errors = result.err.splitlines()
        self.assertEqual(len(errors), 3, result.err)  # each file, then what the figures leave out
        self.assertRegex(errors[0], r"reps/cy-park\.yaml:\d+:\d+: ")
        self.assertRegex(errors[1], r"team/2026\.yaml:\d+:\d+: ")
        self.assertIn("leave out 2 files", errors[2])

    def test_on_a_terminal_colors_and_never_pages(self):
        pager = self.tmp / "record-pager"
        got = self.tmp / "paged"
        pager.write_text(f"#!/bin/sh\ncat > {got}\n")
        pager.chmod(0o755)
        env = dict(self.env, COACH_PAGER=str(pager), PAGER=str(pager), TERM="xterm")
        del env["COLUMNS"]
        rc, shown, err = run_on_terminal([COACH, "-C", str(self.root), "remind"], env=env, rows=2)  # 2 lines: would page
        self.assertEqual(rc, 0, err)
        text = shown.decode().replace("\r\n", "\n")
        self.assertFalse(got.exists())
        self.assertIn("\x1b[", text)  # a terminal: colors
        self.assertEqual(ANSI.sub("", text), self.ok("-C", str(self.root), "remind", env={"COLUMNS": "100"}).out)

    def test_readme_crontab_line_mails_the_digest(self):
        readme = (ROOT / "README.md").read_text()
        line = next(line for line in readme.splitlines() if re.match(r"^30 7 \* \* 1-5 ", line))
        command = line.split(None, 5)[5]
        self.assert_mailed(command.replace("~/coaching", str(self.root)))


class SystemdUnitsTest(RemindCase):
    """contrib/systemd: the user timer and service the README shows."""

    def units(self):
        return SYSTEMD / "coach-remind.service", SYSTEMD / "coach-remind.timer"

    def test_systemd_analyze_verifies_the_units(self):
        if not os.path.exists("/usr/bin/systemd-analyze"):
            self.skipTest("systemd-analyze is not installed")
        runtime = self.tmp / "runtime"
        runtime.mkdir(mode=0o700)
        proc = subprocess.run(["systemd-analyze", "verify", "--user", *map(str, self.units())],
                              env=dict(self.env, XDG_RUNTIME_DIR=str(runtime)), capture_output=True, text=True,
                              timeout=60)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))

    def test_the_timer_runs_on_weekday_mornings_and_the_service_mails_the_digest(self):
        service, timer = self.units()
        parsed = configparser.ConfigParser(interpolation=None)
        parsed.read(timer)
        self.assertEqual(parsed["Timer"]["OnCalendar"], "Mon..Fri 07:30")
        self.assertEqual(parsed["Install"]["WantedBy"], "timers.target")
        parsed = configparser.ConfigParser(interpolation=None)
        parsed.read(service)
        self.assertEqual(parsed["Service"]["Type"], "oneshot")
        argv = shlex.split(parsed["Service"]["ExecStart"])
        self.assertEqual(argv[:2], ["/bin/sh", "-c"])
        home = self.tmp / "home"
        (home / "coaching").symlink_to(self.root)
        # systemd's specifiers as the user manager sets them: %h the home, %u the user.
        args = self.assert_mailed(argv[2].replace("%h", str(home)).replace("%u", "dana"))
        self.assertEqual(args[-1], "dana")
        # The README shows these very files.
        readme = (ROOT / "README.md").read_text()
        for unit in self.units():
            self.assertIn(unit.read_text(), readme)
