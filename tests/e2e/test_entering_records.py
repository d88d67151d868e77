"""Entering records (issue 16): editor promise owners, kept editor text and --resume, weekend default
due dates, the nth 1:1 of a day, --minutes forms, and followups add with unquoted words."""

import os
import sys
import textwrap
import unittest

import yaml

from coachtest import CoachTestCase, snapshot


def load(path):
    return yaml.safe_load(path.read_text())


class EnteringTestCase(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.alice = self.root / "reps" / "alice-chen.yaml"

    def coach_in(self, *args, **kwargs):
        return self.coach("-C", str(self.root), *args, **kwargs)

    def ok_in(self, *args, **kwargs):
        return self.ok("-C", str(self.root), *args, **kwargs)

    def editor(self, body, name="editor.py"):
        """A $VISUAL running python `body` with `path` (the file) and `text` (what it holds)."""
        script = self.tmp / name
        script.write_text(textwrap.dedent("""\
            import sys
            path = sys.argv[-1]
            text = open(path).read()
            """) + textwrap.dedent(body))
        return f"{sys.executable} {script}"

    def kept(self, pattern="LOG_1ON1-*"):
        return sorted((self.root / ".coach").glob(pattern))


class EditorOwnersTest(EnteringTestCase):
    def fill_promises(self, *items):
        lines = "".join(f"- {item}\\n" for item in items)
        return self.editor(f"open(path, 'w').write(text.replace('- me: \\n', '{lines}'))")

    def test_first_name_id_me_and_rep_name_owners(self):
        visual = self.fill_promises("alice: Build the plan", "ALICE-CHEN: Send the map", "me: Call at 10:30",
                                    "Q4 plan: draft it", "rep: Book the demo")
        result = self.ok_in("log-1on1", "alice", "-e", env={"VISUAL": visual})
        promises = load(self.alice)["records"][0]["promises"]
        self.assertEqual([(p["owner"], p["text"]) for p in promises],
                         [("rep", "Build the plan"), ("rep", "Send the map"), ("manager", "Call at 10:30"),
                          ("manager", "Q4 plan: draft it"), ("rep", "Book the demo")])
        self.assertIn("5 promises", result.out)

    def test_another_word_is_an_error_naming_the_line_and_the_text_is_kept(self):
        before = snapshot(self.root)
        for word in ("boss", "bo"):  # bo is another rep
            visual = self.fill_promises("me: Fine", f"{word}: Build the plan")
            result = self.coach_in("log-1on1", "alice", "-e", env={"VISUAL": visual})
            self.assertEqual(result.rc, 2, result)
            # one error line (the second run also notes that the first one's text waits)
            self.assertEqual(len([l for l in result.err.splitlines() if l.startswith("coach: error: ")]), 1, result)
            item = f"- {word}: Build the plan"
            kept = [path for path in self.kept() if item in path.read_text()]
            self.assertEqual(len(kept), 1)
            line = kept[0].read_text().splitlines().index(item) + 1
            self.assertIn(f'template line {line}: "{word}:" names no owner of a promise; write me, rep, alice or '
                          f'alice-chen', result.err)
            self.assertIn("your text is kept in", result.err)
        kept = self.kept()
        self.assertEqual(len(kept), 2)
        after = snapshot(self.root)
        for path in kept:
            after.pop(str(path.relative_to(self.root)))
        self.assertEqual(after, before)

    def test_log_kind_checks_owners_too(self):
        visual = self.editor("open(path, 'w').write(text.replace('- me: \\n', '- boss: X\\n'))")
        result = self.coach_in("log", "career", "alice", "-e", env={"VISUAL": visual})
        self.assertEqual(result.rc, 2, result)
        self.assertIn('"boss:" names no owner', result.err)


class KeptTextTest(EnteringTestCase):
    def failing_edit(self):
        """An edit that cannot be logged: minutes that are not a length of time, with precious notes."""
        visual = self.editor("open(path, 'w').write(text.replace('minutes:\\n', 'minutes: lots\\n') + 'Precious\\n')")
        result = self.coach_in("log-1on1", "alice", "-e", env={"VISUAL": visual})
        self.assertEqual(result.rc, 2, result)
        self.assertIn("`coach log-1on1 alice-chen --resume` reopens it", result.err)
        return result

    def test_the_next_session_says_a_draft_waits_and_starts_blank(self):
        self.failing_edit()
        seen = self.tmp / "seen"
        visual = self.editor(f"open({str(seen)!r}, 'w').write(text)")  # unchanged: aborts
        result = self.coach_in("log-1on1", "alice", "-e", env={"VISUAL": visual})
        self.assertEqual(result.rc, 7, result)
        self.assertRegex(result.err, r"note: a draft of a 1:1 with Alice Chen from [A-Z][a-z]{2} \d{4}-\d\d-\d\d "
                                     r"\d\d:\d\d is waiting: `coach log-1on1 alice-chen --resume` reopens it")
        self.assertNotIn("Precious", seen.read_text())
        self.assertEqual(len(self.kept()), 1)  # the unchanged template is not kept, the draft stays
        # Another rep's log says nothing of Alice's draft.
        result = self.coach_in("log-1on1", "bo", "-e", env={"VISUAL": visual})
        self.assertNotIn("waiting", result.err)

    def test_resume_reopens_the_kept_text_and_removes_it_once_logged(self):
        self.failing_edit()
        visual = self.editor("open(path, 'w').write(text.replace('minutes: lots', 'minutes: 45m'))")
        result = self.ok_in("log-1on1", "alice", "--resume", env={"VISUAL": visual})
        self.assertIn("Logged 1:1 with Alice Chen", result.out)
        record = load(self.alice)["records"][0]
        self.assertEqual(record["minutes"], 45)
        self.assertEqual(record["private"], "Precious\n")  # issue 17: the template's last section is `private:`
        self.assertEqual(self.kept(), [])

    def test_resume_saved_as_it_is_logs_it_and_a_dry_run_keeps_it(self):
        visual = self.editor("open(path, 'w').write(text.replace('minutes:\\n', 'minutes: 20\\n')); sys.exit(1)")
        self.assertEqual(self.coach_in("log-1on1", "alice", "-e", env={"VISUAL": visual}).rc, 7)
        same = self.editor("pass")
        self.ok_in("log-1on1", "alice", "--resume", "--dry-run", env={"VISUAL": same})
        self.assertEqual(len(self.kept()), 1)
        self.ok_in("log-1on1", "alice", "--resume", env={"VISUAL": same})
        self.assertEqual(load(self.alice)["records"][0]["minutes"], 20)
        self.assertEqual(self.kept(), [])

    def test_resume_without_a_kept_text_or_with_content(self):
        result = self.fails(4, "-C", str(self.root), "log-1on1", "alice", "--resume", env={"VISUAL": "false"})
        self.assertIn("--resume: no text of a 1:1 with Alice Chen is kept", result.err)
        self.fails(2, "-C", str(self.root), "log-1on1", "alice", "--resume", "--notes", "x")

    def test_log_kind_resume(self):
        visual = self.editor("open(path, 'w').write(text.replace('minutes:\\n', 'minutes: lots\\n'))")
        result = self.coach_in("log", "career", "alice", "-e", env={"VISUAL": visual})
        self.assertEqual(result.rc, 2, result)
        self.assertIn("`coach log career alice-chen --resume` reopens it", result.err)
        fix = self.editor("open(path, 'w').write(text.replace('minutes: lots', 'minutes: 1h'))")
        self.ok_in("log", "career", "alice", "--resume", env={"VISUAL": fix})
        self.assertEqual(load(self.alice)["records"][0]["minutes"], 60)
        self.assertEqual(self.kept("LOG_*"), [])

    def test_an_editor_that_does_not_exist_keeps_nothing(self):
        before = snapshot(self.root)
        for variables in ({"VISUAL": "no-such-editor-xyz --wait"}, {"VISUAL": "", "EDITOR": "/nowhere/ed"}):
            result = self.fails(7, "-C", str(self.root), "log-1on1", "alice", "-e", env=variables)
            command = (variables["VISUAL"] or variables["EDITOR"])
            name = "VISUAL" if variables["VISUAL"] else "EDITOR"
            self.assertIn(f"editor '{command}' cannot be run ({name})", result.err)
        # One that sh cannot find after all (status 127): the untouched template is not kept either.
        # (sh says so on standard error too, before coach's line)
        result = self.coach_in("log-1on1", "alice", "-e", env={"VISUAL": "exec no-such-xyz"})
        self.assertEqual(result.rc, 7, result)
        self.assertIn("coach: error: editor 'exec no-such-xyz' cannot be run (VISUAL)", result.err)
        after = snapshot(self.root)
        self.assertEqual({k: v for k, v in after.items() if not k.startswith(".coach/")},
                         {k: v for k, v in before.items() if not k.startswith(".coach/")})
        self.assertEqual(self.kept("*-??????"), [])


class DatesAndCountsTest(EnteringTestCase):
    def test_default_due_on_a_weekend_moves_to_monday(self):
        # Met on Sat 2026-11-21 with a 7-day cadence: due Sat 2026-11-28, so Mon 2026-11-30.
        result = self.ok_in("log-1on1", "alice", "--date", "2026-11-21", "-p", "A", "-p", "B (due 2026-11-28)")
        promises = load(self.alice)["records"][0]["promises"]
        self.assertEqual([str(p["due"]) for p in promises], ["2026-11-30", "2026-11-28"])  # explicit kept
        self.assertIn("due Sat 2026-11-28 to Mon 2026-11-30", result.out)
        # --due sat is the user's: kept.
        self.ok_in("log-1on1", "bo", "--date", "2026-11-21", "-p", "C", "--due", "2026-11-29")
        self.assertEqual(str(load(self.root / "reps" / "bo-diaz.yaml")["records"][0]["promises"][0]["due"]),
                         "2026-11-29")

    def test_default_due_of_log_kind_and_followups_add_on_a_weekend(self):
        self.ok_in("log", "career", "alice", "--date", "2026-11-22", "--career-goal", "Lead", "-p", "A")
        self.assertEqual(str(load(self.alice)["records"][0]["promises"][0]["due"]), "2026-11-30")  # Sun 29 -> Mon
        # followups add: the next 1:1 is the last one (Sat 2026-11-21) + 7 days = Sat 2026-11-28.
        self.ok_in("log-1on1", "bo", "--date", "2026-11-21")
        result = self.ok_in("followups", "add", "bo", "Send the deck")
        self.assertIn("(due Mon 2026-11-30)", result.out)

    def test_the_nth_1on1_of_a_day_is_counted(self):
        notes = []
        for n in range(6):
            notes.append(self.ok_in("log-1on1", "alice", "--notes", str(n)).err)
        self.assertNotIn("1:1 with", notes[0])
        for n, word in [(1, "second"), (2, "third"), (3, "fourth"), (4, "5th"), (5, "6th")]:
            self.assertIn(f"note: this is the {word} 1:1 with Alice Chen on Wed 2026-11-25", notes[n])


class MinutesTest(EnteringTestCase):
    def test_minutes_forms(self):
        forms = [("30", 30), ("30m", 30), ("30min", 30), ("45 min", 45), ("1h", 60), ("1h30", 90), ("1h30m", 90),
                 ("90min", 90), ("1.5h", 90)]
        for text, _ in forms:
            self.ok_in("log-1on1", "alice", "-m", text, "--notes", "x")
        self.ok_in("log", "joint-call", "alice", "--account", "Acme", "--minutes", "1h15")
        minutes = [r.get("minutes") for r in load(self.alice)["records"]]
        self.assertEqual(minutes, [m for _, m in forms] + [75])

    def test_bad_minutes_name_the_value_and_the_forms(self):
        before = snapshot(self.root)
        for text in ("an hour", "1.01h", "25h", "30s", "1h75"):
            result = self.fails(2, "-C", str(self.root), "log-1on1", "alice", "--minutes", text)
            self.assertIn(f'--minutes: "{text}" is not a number of minutes (0 to 1440; e.g. 30, 30m, 45min, 1h, '
                          f'1h30, 1.5h)', result.err)
        self.assertEqual(snapshot(self.root), before)


class FollowupsAddWordsTest(EnteringTestCase):
    def test_unquoted_words_are_the_text(self):
        result = self.ok_in("followups", "add", "alice", "Send", "the", "deck", "--due", "fri", "--owner", "rep")
        self.assertRegex(result.out, r"^Added [a-z0-9]{6} \(Alice Chen, theirs\): Send the deck \(due Fri 2026-11-27\)")
        self.ok_in("followups", "add", "--due", "fri", "alice", "Quoted  text", "and", "more")
        self.ok_in("followups", "add", "alice", "--", "-5%", "offer", "--due")
        texts = [r["promises"][0]["text"] for r in load(self.alice)["records"]]
        self.assertEqual(texts, ["Send the deck", "Quoted  text and more", "-5% offer --due"])

    def test_no_text_is_a_usage_error(self):
        before = snapshot(self.root)
        self.fails(2, "-C", str(self.root), "followups", "add", "alice")
        self.fails(2, "-C", str(self.root), "followups", "add", "alice", " ", " ")
        self.assertEqual(snapshot(self.root), before)


if __name__ == "__main__":
    unittest.main()
