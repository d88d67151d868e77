"""coach log-1on1: recording a 1:1 from options, standard input or an editor."""

import os
import stat
import subprocess
import sys
import textwrap
import unittest

import yaml

from coachtest import CoachTestCase, snapshot


def load(path):
    return yaml.safe_load(path.read_text())


class LogFromOptionsTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.alice = self.root / "reps" / "alice-chen.yaml"

    def log(self, *args, **kwargs):
        return self.ok("-C", str(self.root), "log-1on1", *args, **kwargs)

    def test_prints_what_it_recorded_with_dates_resolved(self):
        result = self.log("alice", "--date", "fri", "-m", "30", "--personal", "Lady Gaga concert",
                          "--professional", "Q4 pipeline", "--notes", "Good talk.", "-p", "Send the pricing deck",
                          "-c", "Update the forecast")
        lines = result.out.splitlines()
        self.assertEqual(lines[0], "Logged 1:1 with Alice Chen on Fri 2026-11-20; 2 promises, due Fri 2026-11-27")
        self.assertRegex(lines[1], r"^  [a-z][0-9a-z]{5}  you    Send the pricing deck  \(due Fri 2026-11-27\)$")
        self.assertRegex(lines[2], r"^  [a-z][0-9a-z]{5}  Alice  Update the forecast  \(due Fri 2026-11-27\)$")
        self.assertEqual(result.err, "")
        record = load(self.alice)["records"][0]
        self.assertEqual(record["kind"], "1on1")
        self.assertEqual(str(record["date"]), "2026-11-20")
        self.assertEqual(record["minutes"], 30)
        self.assertEqual(record["personal"], ["Lady Gaga concert"])
        self.assertEqual(record["professional"], ["Q4 pipeline"])
        self.assertEqual(record["notes"], "Good talk.")
        self.assertEqual([(p["owner"], p["text"], str(p["due"])) for p in record["promises"]],
                         [("manager", "Send the pricing deck", "2026-11-27"), ("rep", "Update the forecast", "2026-11-27")])
        ids = [record["id"]] + [p["id"] for p in record["promises"]]
        self.assertEqual(len(set(ids)), 3)
        self.assertEqual(lines[1].split()[0], record["promises"][0]["id"])

    def test_due_dates(self):
        self.log("alice", "-p", "A (due fri)", "-p", "rep: B (due +2w)", "-p", "C (due 2026-12-24)", "-p", "D",
                 "--due", "eom", "--date", "mon")
        promises = load(self.alice)["records"][0]["promises"]
        # relative dates count from the meeting (Mon 2026-11-23)
        self.assertEqual([str(p["due"]) for p in promises], ["2026-11-27", "2026-12-07", "2026-12-24", "2026-11-30"])
        self.assertEqual(promises[1]["owner"], "rep")

    def test_default_due_follows_the_cadence(self):
        self.ok("-C", str(self.root), "rep", "add", "Cy Park", "--cadence", "14")
        result = self.log("cy", "-p", "X")
        self.assertIn("due Wed 2026-12-09", result.out)

    def test_notes_from_standard_input_round_trip_exactly(self):
        notes = "Line one: with a colon\n  indented\n# not a comment\n\ttab\n\n"
        self.log("alice", "--notes", "-", input=notes)
        self.assertEqual(load(self.alice)["records"][0]["notes"], notes)
        self.assertIn("    notes: |+\n      Line one: with a colon\n", self.alice.read_text())

    def test_a_bare_meeting_is_recorded_with_a_note(self):
        result = self.log("bo")
        self.assertIn("Logged 1:1 with Bo Diaz on Wed 2026-11-25", result.out)
        self.assertIn("undocumented", result.err)

    def test_bad_input_changes_nothing(self):
        before = snapshot(self.root)
        cases = [
            (["alice", "--date", "tomorrow"], "in the future"),
            (["alice", "--date", "someday"], '--date: "someday" is not a date'),
            (["alice", "-p", "X (due soonish)"], 'due date of "X": "soonish" is not a date'),
            (["alice", "--date", "2026-11-20", "-p", "X (due 2026-11-01)"], "is before the meeting"),
            (["alice", "-m", "-5"], "minutes"),
            (["alice", "--personal", "  "], "--personal: is empty"),
            (["alice", "-p", "rep:"], "has no text"),
            (["alice", "--notes", "\udcff"], "invalid UTF-8"),
            (["nobody", "-p", "x"], "no rep 'nobody'"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                env = None
                result = self.coach("-C", str(self.root), "log-1on1", *args, env=env)
                self.assertNotEqual(result.rc, 0, result)
                self.assertIn(message, result.err)
        self.assertEqual(snapshot(self.root), before)

    def test_dry_run_writes_nothing(self):
        before = snapshot(self.root)
        result = self.log("alice", "--dry-run", "-p", "yes", "--notes", "007")
        self.assertIn('  - kind: 1on1\n    id: "(new)"\n', result.out)
        self.assertIn('text: "yes"', result.out)
        self.assertEqual(snapshot(self.root), before)

    def test_same_day_twice_is_noted(self):
        self.log("alice", "--notes", "a")
        result = self.log("alice", "--notes", "b")
        self.assertIn("second 1:1", result.err)
        self.assertEqual(len(load(self.alice)["records"]), 2)


class EditorTest(CoachTestCase):
    """The editor path, driven by a scripted $VISUAL."""

    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.alice = self.root / "reps" / "alice-chen.yaml"
        self.ok("-C", str(self.root), "log-1on1", "alice", "--date", "2026-11-18", "--personal", "Moving house",
                "-p", "Send the deck")

    def editor(self, body):
        """A $VISUAL that replaces the template's sections with `body` (or runs python code)."""
        script = self.tmp / "editor.py"
        script.write_text(textwrap.dedent(f"""\
            import sys
            path = sys.argv[-1]
            template = open(path).read()
            open('{self.tmp}/seen-template', 'w').write(template)
            {body}
            """))
        return f"{sys.executable} {script}"

    def test_template_shows_open_promises_and_last_topics(self):
        visual = self.editor("pass")
        result = self.coach("-C", str(self.root), "log-1on1", "alice", "--edit", env={"VISUAL": visual})
        self.assertEqual(result.rc, 7, result)
        self.assertIn("unchanged", result.err)
        template = (self.tmp / "seen-template").read_text()
        self.assertIn("# 1:1 with Alice Chen.", template)
        self.assertRegex(template, r"#   [a-z0-9]{6}  you: Send the deck \(due Wed 2026-11-25\)")
        self.assertIn("# Last 1:1, Wed 2026-11-18:\n#   personal: Moving house\n", template)
        self.assertIn("date: 2026-11-25\n", template)

    def test_filled_template_is_recorded(self):
        body = """open(path, 'w').write(template.replace('minutes:\\n', 'minutes: 40\\n')
                .replace('personal:\\n- \\n', 'personal:\\n- The move went well\\n')
                .replace('- me: \\n', '- me: Intro to the CFO (due fri)\\n')
                .replace('date: 2026-11-25', 'date: yesterday') + 'Great energy.\\nNext: QBR prep.\\n')"""
        result = self.ok("-C", str(self.root), "log-1on1", "alice", "--edit", env={"VISUAL": self.editor(body)})
        self.assertIn("Logged 1:1 with Alice Chen on Tue 2026-11-24; 1 promise, due Fri 2026-11-27", result.out)
        record = load(self.alice)["records"][1]
        self.assertEqual(record["minutes"], 40)
        self.assertEqual(record["personal"], ["The move went well"])
        # Issue 17: the template ends with `private:`, so text added at its end is private notes.
        self.assertEqual(record["private"], "Great energy.\nNext: QBR prep.\n")
        self.assertNotIn("notes", record)
        self.assertEqual(record["promises"][0]["text"], "Intro to the CFO")
        self.assertEqual(list((self.root / ".coach").glob("LOG_1ON1-*")), [])

    def test_emptied_template_aborts(self):
        before = snapshot(self.root)
        result = self.coach("-C", str(self.root), "log-1on1", "alice", "--edit",
                            env={"VISUAL": self.editor("open(path, 'w').write('')")})
        self.assertEqual(result.rc, 7, result)
        self.assertEqual(snapshot(self.root), before)

    def test_failing_editor_aborts(self):
        before = snapshot(self.root)
        result = self.coach("-C", str(self.root), "log-1on1", "alice", "--edit",
                            env={"VISUAL": self.editor("open(path, 'a').write('half-written notes'); sys.exit(3)")})
        self.assertEqual(result.rc, 7, result)
        self.assertIn("status 3", result.err)
        after = snapshot(self.root)
        kept = [name for name in after if name.startswith(".coach/LOG_1ON1-")]
        self.assertEqual(len(kept), 1)
        self.assertIn(kept[0], result.err)
        self.assertIn(b"half-written notes", after.pop(kept[0]))
        self.assertEqual(after, before)

    def test_unreadable_template_keeps_the_text(self):
        body = "open(path, 'w').write(template.replace('minutes:\\n', 'minutes: an hour\\n') + 'Precious notes\\n')"
        result = self.coach("-C", str(self.root), "log-1on1", "alice", "--edit", env={"VISUAL": self.editor(body)})
        self.assertEqual(result.rc, 2, result)
        self.assertIn('minutes: "an hour" is not a number of minutes', result.err)
        kept = list((self.root / ".coach").glob("LOG_1ON1-*"))
        self.assertEqual(len(kept), 1)
        self.assertIn(str(kept[0]), result.err)
        self.assertIn("Precious notes", kept[0].read_text())
        self.assertEqual(stat.S_IMODE(kept[0].stat().st_mode), 0o600)

    def test_editor_command_with_arguments_and_a_path_with_spaces(self):
        root = self.tmp / "my team $(touch pwned)"
        self.ok("init", str(root))
        self.ok("-C", str(root), "rep", "add", "Al Bo")
        body = "open(path, 'w').write(template.replace('professional:\\n- \\n', 'professional:\\n- ' + sys.argv[2] + '\\n'))"
        script = self.editor(body)
        # EDITOR may carry arguments, as with git; VISUAL unset falls back to EDITOR.
        result = self.ok("-C", str(root), "log-1on1", "al", "--edit",
                         env={"EDITOR": script + " --flag", "VISUAL": ""})
        self.assertFalse((self.tmp / "pwned").exists())
        self.assertIn("Logged 1:1 with Al Bo", result.out)

    def test_multi_line_texts_stay_inside_template_comments(self):
        self.ok("-C", str(self.root), "log-1on1", "alice", "--personal", "line one\nnotes: not a section",
                "-p", "two\nlines")
        body = "open(path, 'w').write(template.replace('minutes:\\n', 'minutes: 20\\n'))"
        result = self.ok("-C", str(self.root), "log-1on1", "alice", "--edit", env={"VISUAL": self.editor(body)})
        self.assertIn("Logged 1:1 with Alice Chen", result.out)
        self.assertIn("#   personal: line one notes: not a section", (self.tmp / "seen-template").read_text())

    def test_future_date_refused_before_the_editor(self):
        result = self.coach("-C", str(self.root), "log-1on1", "alice", "--edit", "--date", "tomorrow",
                            env={"VISUAL": self.editor("raise SystemExit('the editor must not run')")})
        self.assertEqual(result.rc, 2, result)
        self.assertFalse((self.tmp / "seen-template").exists())

    def test_edit_refuses_content_options(self):
        self.fails(2, "-C", str(self.root), "log-1on1", "alice", "--edit", "--notes", "x")


if __name__ == "__main__":
    unittest.main()
