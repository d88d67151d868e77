"""Team meetings: logged in team/YEAR.yaml from flags and the editor, their
actions in followups, prep and the report, closed in the team file, bad input
refused with the place, and two clones merged."""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import unittest

import yaml

from coachtest import COACH, CoachTestCase, snapshot

# The command until `coach log team-meeting` calls it (see cmd_log_team_meeting.cpp).
LOG = ["log", "team-meeting"]


def action_ids(out):
    return re.findall(r"^  ([a-z0-9]{6})  ", out, re.M)


class TeamMeetingTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.file = self.root / "team" / "2026.yaml"

    def log_one(self, *extra):
        out = self.ok(*LOG, "-d", "2026-11-23", "-m", "45", "--absent", "bo", "--topic", "Q4 pipeline",
                      "--topic", "Pricing: the new sheet", "-n", "Good energy",
                      "--action", "me: Book the offsite (due 2026-12-04)",
                      "--action", "alice: Share the pricing deck",
                      "--action", "me to bo: Get Bo a demo account (due fri)", *extra, cwd=self.root).out
        return out, action_ids(out)

    def test_log_with_flags(self):
        out, ids = self.log_one()
        self.assertIn("Logged team meeting on Mon 2026-11-23 in team/2026.yaml: 1 attended, 1 absent; 3 actions", out)
        self.assertEqual(len(ids), 3)
        text = self.file.read_text()
        self.assertTrue(text.startswith("# The team's meetings, kept with coach"), text)
        data = yaml.safe_load(text)  # the second reader
        [meeting] = data["records"]
        self.assertEqual(meeting["kind"], "team-meeting")
        self.assertEqual(str(meeting["date"]), "2026-11-23")
        self.assertEqual(meeting["minutes"], 45)
        self.assertEqual(meeting["attendees"], ["alice-chen"])
        self.assertEqual(meeting["absent"], ["bo-diaz"])
        self.assertEqual(meeting["topics"], ["Q4 pipeline", "Pricing: the new sheet"])
        self.assertEqual(meeting["notes"].strip(), "Good energy")
        actions = [(p["owner"], p.get("rep"), p["text"], str(p["due"])) for p in meeting["promises"]]
        self.assertEqual(actions, [
            ("manager", None, "Book the offsite", "2026-12-04"),
            ("rep", "alice-chen", "Share the pricing deck", "2026-11-30"),  # the next meeting: 7 days
            ("manager", "bo-diaz", "Get Bo a demo account", "2026-11-27"),  # Friday after the meeting
        ])
        # The rep files are untouched, and a second meeting is appended below the first.
        self.ok(*LOG, "-d", "2026-11-24", "--attendee", "alice", cwd=self.root)
        data = yaml.safe_load(self.file.read_text())
        self.assertEqual([str(r["date"]) for r in data["records"]], ["2026-11-23", "2026-11-24"])
        self.assertEqual(data["records"][1]["attendees"], ["alice-chen"])
        self.assertNotIn("absent", data["records"][1])
        self.assertNotIn("records:\n  -", (self.root / "reps" / "alice-chen.yaml").read_text())

    def test_dry_run_writes_nothing(self):
        before = snapshot(self.root)
        out = self.ok(*LOG, "--topic", "Q4", "--action", "alice: call", "--dry-run", cwd=self.root).out
        self.assertIn("- kind: team-meeting", out)
        self.assertIn("rep: alice-chen", out)
        self.assertEqual(snapshot(self.root), before)

    def test_followups_list_and_close_a_team_action(self):
        _, (offsite, deck, demo) = self.log_one()
        listing = self.ok("followups", cwd=self.root).out
        rows = {line.split()[0]: line for line in listing.splitlines() if line[:6] in (offsite, deck, demo)}
        self.assertIn("Alice Chen", rows[deck])
        self.assertIn("team meeting Mon 2026-11-23", rows[deck])
        self.assertIn("Bo Diaz", rows[demo])
        self.assertIn("you", rows[demo])
        self.assertIn("Team", rows[offsite])
        self.assertEqual(action_ids(self.ok("followups", "alice", "--format", "md", cwd=self.root).out), [])
        alice = json.loads(self.ok("followups", "alice", "--format", "json", cwd=self.root).out)["promises"]
        self.assertEqual([(p["id"], p["rep"], p["owner"], p["from"]["kind"]) for p in alice],
                         [(deck, "alice-chen", "rep", "team-meeting")])
        self.assertIn("Share the pricing deck (team meeting Mon 2026-11-23)",
                      self.ok("prep", "alice", cwd=self.root).out)
        self.assertIn("Get Bo a demo account", self.ok("prep", "bo", cwd=self.root).out)

        before = self.file.read_text().splitlines(keepends=True)
        out = self.ok("followups", "done", deck, "--date", "2026-11-24", cwd=self.root).out
        self.assertIn(f"Done: {deck} (alice-chen, theirs): Share the pricing deck", out)
        after = self.file.read_text().splitlines(keepends=True)
        # Only the line that closes it was added, right after the action's last line.
        at = next(i for i, line in enumerate(before) if deck in line) + 4
        self.assertEqual(after, before[:at + 1] + ["        done: 2026-11-24\n"] + before[at + 1:])
        self.ok("followups", "move", demo, "--due", "2026-12-01", cwd=self.root)
        self.ok("followups", "drop", offsite, "--reason", "no budget", cwd=self.root)
        actions = yaml.safe_load(self.file.read_text())["records"][0]["promises"]
        self.assertEqual(str(actions[1]["done"]), "2024-11-24".replace("2024", "2026"))
        self.assertEqual((str(actions[2]["due"]), str(actions[2]["first_due"])), ("2026-12-01", "2026-11-27"))
        self.assertEqual(actions[0]["reason"], "no budget")
        self.assertIn("No promises match", self.ok("followups", "alice", cwd=self.root).out)

    def test_report_counts_team_actions_as_promises(self):
        self.log_one()
        report = json.loads(self.ok("report", "--format", "json", cwd=self.root).out)
        reps = {r["id"]: r for r in report["teams"][0]["reps"]}
        self.assertEqual(reps["alice-chen"]["rep_promises"]["made"], 1)
        self.assertEqual(reps["bo-diaz"]["manager_promises"]["made"], 1)

    def test_editor(self):
        script = self.tmp / "fill.py"
        script.write_text(textwrap.dedent("""\
            import sys
            path = sys.argv[1]
            text = open(path).read()
            assert "- alice-chen\\n- bo-diaz\\n" in text, text  # attendees pre-filled
            text = text.replace("- bo-diaz\\n", "", 1)
            text = text.replace("absent:\\n- \\n", "absent:\\n- bo\\n")
            text = text.replace("minutes:\\n", "minutes: 30\\n")
            text = text.replace("topics:\\n- \\n", "topics:\\n- Q4 pipeline\\n")
            text = text.replace("promises:\\n- me: \\n",
                                "promises:\\n- alice: Call back ACME (due +3d)\\n- me: Pricing: fix the sheet\\n"
                                "- me to bo: Pair on a demo\\n")
            open(path, "w").write(text)
            """))
        env = {"EDITOR": f"{sys.executable} {script}"}
        out = self.ok(*LOG, "-e", "-d", "2026-11-23", cwd=self.root, env=env).out
        self.assertEqual(len(action_ids(out)), 3)
        [meeting] = yaml.safe_load(self.file.read_text())["records"]
        self.assertEqual(meeting["minutes"], 30)
        self.assertEqual(meeting["attendees"], ["alice-chen"])
        self.assertEqual(meeting["absent"], ["bo-diaz"])
        self.assertEqual(meeting["topics"], ["Q4 pipeline"])
        actions = [(p["owner"], p.get("rep"), p["text"], str(p["due"])) for p in meeting["promises"]]
        self.assertEqual(actions, [("rep", "alice-chen", "Call back ACME", "2026-11-26"),
                                   ("manager", None, "Pricing: fix the sheet", "2026-11-30"),
                                   ("manager", "bo-diaz", "Pair on a demo", "2026-11-30")])
        self.assertEqual(list((self.root / ".coach").glob("LOG_TEAM_MEETING-*")), [])

    def test_editor_error_keeps_the_text(self):
        script = self.tmp / "fill.py"
        script.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\n"
                          "open(p, 'w').write(t.replace('promises:\\n- me: \\n', 'promises:\\n- zed: x\\n'))\n")
        result = self.fails(4, *LOG, "-e", cwd=self.root, env={"EDITOR": f"{sys.executable} {script}"})
        self.assertIn("template line", result.err)
        self.assertIn("your text is kept in", result.err)
        self.assertFalse(self.file.exists())

    def test_bad_input(self):
        before = snapshot(self.root)
        err = self.fails(2, *LOG, "-d", "2026-11-26", cwd=self.root).err
        self.assertIn("is in the future", err)
        err = self.fails(4, *LOG, "--action", "Pricing: update the deck", cwd=self.root).err
        self.assertIn("no rep 'Pricing'", err)
        self.assertIn('is written "me: Pricing: update the deck"', err)
        self.assertIn("name the rep", self.fails(2, *LOG, "--action", "rep: call", cwd=self.root).err)
        self.assertIn("attending and as absent",
                      self.fails(2, *LOG, "--attendee", "alice", "--absent", "alice", cwd=self.root).err)
        self.assertIn("before the meeting",
                      self.fails(2, *LOG, "-d", "2026-11-20", "--action", "me: x (due 2026-11-19)",
                                 cwd=self.root).err)
        self.ok("rep", "archive", "bo", cwd=self.root)
        self.assertIn("archived", self.fails(2, *LOG, "--absent", "bo", cwd=self.root).err)
        before.pop("reps/bo-diaz.yaml")
        after = snapshot(self.root)
        after.pop("reps/bo-diaz.yaml")
        self.assertEqual(after, before)

    def test_reps_named_as_their_files_say_now(self):
        # The reps come from the roster (its index), not every history: a hand edit made just now is still seen,
        # an archived rep is no default attendee, and a rep file that does not read stops the command.
        self.ok("rep", "list", cwd=self.root)  # the roster index written
        alice = self.root / "reps" / "alice-chen.yaml"
        alice.write_text(alice.read_text().replace("name: Alice Chen", "name: Alicia Chen"))
        out = self.ok(*LOG, "--topic", "Q4", "--action", "alicia: Share the deck", cwd=self.root).out
        self.assertIn("Alicia", out)
        self.ok("rep", "archive", "bo", cwd=self.root)
        self.ok(*LOG, "--topic", "Q1", cwd=self.root)
        last = yaml.safe_load(self.file.read_text())["records"][-1]
        self.assertEqual(last["attendees"], ["alice-chen"])
        self.assertNotIn("absent", last)
        (self.root / "reps" / "cy-broken.yaml").write_text("id: cy-broken\nname: [Cy\n")
        before = snapshot(self.root)
        err = self.fails(3, *LOG, "--topic", "Q2", cwd=self.root).err
        self.assertIn("reps/cy-broken.yaml:3:1: not valid YAML", err)
        self.assertEqual(snapshot(self.root), before)

    def test_a_broken_team_file_is_named_with_its_place(self):
        self.file.parent.mkdir()
        self.file.write_text("records:\n  - kind: team-meeting\n    date: 2026-11-23\n    promises:\n"
                             "      - owner: rep\n        text: call\n")
        err = self.fails(3, "prep", "alice", cwd=self.root).err
        self.assertIn("team/2026.yaml:5:9: rep: an action owned by a rep names the rep", err)
        self.file.write_text("records:\n  - kind: 1on1\n    date: 2026-11-23\n")
        err = self.fails(3, "prep", "alice", cwd=self.root).err
        self.assertIn("team/2026.yaml:2:5: kind: a team file holds team meetings only", err)
        # A listing names it and still lists the reps' promises.
        result = self.coach("followups", cwd=self.root)
        self.assertEqual(result.rc, 3, result)
        self.assertIn("team/2026.yaml:2:5", result.err)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": "dana@example.com",
    "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "dana@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class TeamMeetingMergeTest(CoachTestCase):
    """Two clones each log a team meeting and close an action: the merge keeps both, record by record."""

    def git(self, cwd, *args, check=True):
        proc = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True)
        if check:
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc

    def setUp(self):
        super().setUp()
        self.env.update(GIT_ENV)
        self.env["PATH"] = os.path.dirname(os.path.abspath(COACH)) + os.pathsep + self.env["PATH"]
        self.a = self.tmp / "a"
        self.ok("init", str(self.a), "--git", "--manager", "Dana")
        self.assertIn("team/*.yaml merge=coach", (self.a / ".gitattributes").read_text())
        self.ok("rep", "add", "Alice Chen", cwd=self.a)
        out = self.ok(*LOG, "-d", "2026-11-16", "--action", "alice: First", "--action", "me: Second",
                      cwd=self.a).out
        self.ids = action_ids(out)
        self.git(self.tmp, "clone", "-q", str(self.a), "b")
        self.b = self.tmp / "b"
        self.ok("init", "--git", cwd=self.b)

    def pull(self):
        return self.git(self.b, "pull", "-q", "--no-rebase", "--no-edit", str(self.a), "master")

    def test_both_log_a_team_meeting(self):
        with open(self.a / "team" / "2026.yaml", "a") as f:
            f.write("# a comment from a\n")
        self.git(self.a, "commit", "-qam", "a comment")
        self.ok(*LOG, "-d", "2026-11-23", "--topic", "from a", cwd=self.a)
        self.ok(*LOG, "-d", "2026-11-24", "--topic", "from b", "--action", "alice: Third", cwd=self.b)
        self.ok("followups", "done", self.ids[0], cwd=self.a)
        self.ok("followups", "done", self.ids[1], cwd=self.b)
        self.pull()
        text = (self.b / "team" / "2026.yaml").read_text()
        self.assertNotIn("<<<<<<<", text)
        self.assertIn("# a comment from a\n", text)
        records = yaml.safe_load(text)["records"]
        # Ours (b's) first, then theirs, as for rep files.
        self.assertEqual([r.get("topics") for r in records], [None, ["from b"], ["from a"]])
        self.assertEqual([str(p.get("done")) for p in records[0]["promises"]], ["2026-11-25", "2026-11-25"])
        ids = [r["id"] for r in records] + [p["id"] for r in records for p in r.get("promises", [])]
        self.assertEqual(len(ids), len(set(ids)))
        self.ok("audit", "--data", cwd=self.b)
        self.assertEqual(self.git(self.b, "status", "--porcelain").stdout, "")

    def test_init_git_in_an_older_directory(self):
        # A directory set up before team files: `init --git` gives them the driver and commits them.
        old = self.tmp / "old"
        self.ok("init", str(old), "--manager", "Dana")
        self.ok("rep", "add", "Alice Chen", cwd=old)
        self.ok(*LOG, "--topic", "Q4", cwd=old)
        (old / ".gitattributes").write_text("# mine\nreps/*.yaml merge=coach\n")
        self.ok("init", "--git", cwd=old)
        self.assertEqual((old / ".gitattributes").read_text(),
                         "# mine\nreps/*.yaml merge=coach\nteam/*.yaml merge=coach\n")
        self.assertIn("team/2026.yaml", self.git(old, "ls-files").stdout.split())
        self.assertEqual(self.git(old, "status", "--porcelain").stdout, "")

    def test_both_create_the_same_years_file(self):
        # The year's first meeting on each side: git merges two new files (no common version).
        self.ok(*LOG, "-d", "2025-12-15", "--topic", "from a", "--action", "alice: A", cwd=self.a)
        self.ok(*LOG, "-d", "2025-12-16", "--topic", "from b", cwd=self.b)
        self.pull()
        text = (self.b / "team" / "2025.yaml").read_text()
        self.assertNotIn("<<<<<<<", text)
        records = yaml.safe_load(text)["records"]
        self.assertEqual(sorted(r["topics"][0] for r in records), ["from a", "from b"])
        self.ok("audit", "--data", cwd=self.b)


if __name__ == "__main__":
    unittest.main()
