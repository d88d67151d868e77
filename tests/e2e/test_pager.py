"""Long output pages like git's on a terminal: COACH_PAGER, else coach.yaml's
`pager:`, else PAGER, else less (LESS=FRX when unset); --no-pager anywhere;
the exit code is the command's. Run on a pseudo-terminal with a pager script
that records what it was given."""

import re

from coachtest import COACH, CoachTestCase, run_on_terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class PagerTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        del self.env["COLUMNS"]  # the pager is given the terminal's width, not coachtest's
        self.root = self.examples_copy()
        self.got = self.tmp / "pager-input"
        self.got_env = self.tmp / "pager-env"
        self.pager = self.tmp / "record-pager"
        self.pager.write_text(f"#!/bin/sh\nenv > {self.got_env}\ncat > {self.got}\necho PAGED\n")
        self.pager.chmod(0o755)

    def on_terminal(self, *args, env=None):
        """Runs coach with standard output on a 100-column pseudo-terminal:
        (exit code, what the terminal showed, standard error)."""
        rc, shown, err = run_on_terminal([COACH, *args], env=dict(self.env, **(env or {})), cwd=self.root)
        return rc, shown.decode().replace("\r\n", "\n"), err.decode()

    def paged(self, colors=False):
        """What the pager was given (without its colors unless `colors`), or None when it did not run."""
        if not self.got.exists():
            return None
        text = self.got.read_text()
        return text if colors else ANSI.sub("", text)

    def pager_env(self):
        return dict(line.split("=", 1) for line in self.got_env.read_text().splitlines() if "=" in line)

    def test_long_outputs_go_through_the_pager_on_a_terminal(self):
        for args in (["rep", "list"], ["rep", "show", "priya"], ["followups", "--all"], ["report"], ["results"]):
            with self.subTest(args=args):
                self.got.unlink(missing_ok=True)
                rc, shown, err = self.on_terminal(*args, env={"COACH_PAGER": str(self.pager)})
                self.assertEqual(rc, 0, err)
                self.assertEqual(shown, "PAGED\n")  # all of coach's output went to the pager
                # The same output, fitted to the terminal's 100 columns: each line's first word in its place.
                plain = self.ok(*args, cwd=self.root, env={"COLUMNS": "100"}).out
                firsts = [line.split()[0] for line in plain.splitlines() if line.strip()]
                self.assertEqual([line.split()[0] for line in self.paged().splitlines() if line.strip()][:len(firsts)],
                                 firsts)
        env = self.pager_env()
        self.assertEqual(env.get("LESS"), "FRX")
        self.assertEqual(env.get("COLUMNS"), "100")

    def test_the_exit_code_is_the_command_s(self):
        rc, shown, _ = self.on_terminal("audit", env={"COACH_PAGER": str(self.pager)})
        expected = self.coach("audit", cwd=self.root, env={"COLUMNS": "100"})
        self.assertEqual(expected.rc, 1, expected)  # examples/team has findings
        self.assertEqual(rc, 1)
        self.assertEqual(shown, "PAGED\n")
        self.assertEqual(self.paged(), expected.out)

    def test_no_pager_anywhere_on_the_line_and_never_off_a_terminal(self):
        env = {"COACH_PAGER": str(self.pager)}
        for args in (["--no-pager", "rep", "list"], ["rep", "list", "--no-pager"], ["rep", "--no-pager", "list"]):
            with self.subTest(args=args):
                rc, shown, err = self.on_terminal(*args, env=env)
                self.assertEqual(rc, 0, err)
                self.assertIn("Priya", shown)
                self.assertIsNone(self.paged())
        self.assertIn("Priya", self.ok("rep", "list", cwd=self.root, env=env).out)  # a pipe: no pager
        self.assertIsNone(self.paged())

    def test_short_or_writing_commands_do_not_page(self):
        rc, shown, err = self.on_terminal("followups", "add", "priya", "--", "Call back", env={"COACH_PAGER": str(self.pager)})
        self.assertEqual(rc, 0, err)
        self.assertIsNone(self.paged())

    def test_which_pager(self):
        other = self.tmp / "other-pager"
        other.write_text("#!/bin/sh\ncat > /dev/null\necho OTHER\n")
        other.chmod(0o755)
        settings = self.root / "coach.yaml"
        base = settings.read_text()
        cases = [  # (pager: in coach.yaml, environment, what the terminal shows)
            (None, {"COACH_PAGER": str(self.pager), "PAGER": str(other)}, "PAGED\n"),
            (str(self.pager), {"PAGER": str(other)}, "PAGED\n"),  # coach.yaml before PAGER
            (str(other), {"COACH_PAGER": str(self.pager)}, "PAGED\n"),  # COACH_PAGER before coach.yaml
            (None, {"PAGER": str(other)}, "OTHER\n"),
            ("false", {"PAGER": str(other)}, None),  # never
            ('""', {"PAGER": str(other)}, None),
            (None, {"COACH_PAGER": "", "PAGER": str(other)}, None),
            (None, {"PAGER": "cat"}, None),
        ]
        for setting, env, expected in cases:
            with self.subTest(setting=setting, env=env):
                settings.write_text(base + (f"pager: {setting}\n" if setting else ""))
                rc, shown, err = self.on_terminal("rep", "list", env=env)
                self.assertEqual(rc, 0, err)
                self.assertNotIn("warning", err)
                if expected:
                    self.assertEqual(shown, expected)
                else:
                    self.assertIn("Priya", shown)

    def test_a_pager_that_cannot_run_leaves_the_output_on_the_terminal(self):
        rc, shown, err = self.on_terminal("rep", "list", env={"COACH_PAGER": "no-such-pager-xyz"})
        self.assertEqual(rc, 0, err)
        self.assertIn("Priya", shown)
        self.assertIn("coach: warning: the pager 'no-such-pager-xyz' cannot be run", err)

    def test_colors_stay_on_when_paging_to_a_terminal(self):
        rc, _, err = self.on_terminal("report", env={"COACH_PAGER": str(self.pager)})
        self.assertEqual(rc, 0, err)
        self.assertIn("\x1b[", self.paged(colors=True))
        self.got.unlink()
        self.on_terminal("report", env={"COACH_PAGER": str(self.pager), "NO_COLOR": "1"})
        self.assertNotIn("\x1b[", self.paged(colors=True))


class TerminalSafetyTest(CoachTestCase):
    """A note may hold any character (the file keeps it, escaped); on a
    terminal a control character or an escape sequence in it would retitle
    the window, clear the screen or overwrite a line. Shown there in caret
    notation; coach's own colors stay; a pipe gets the text as it is."""

    on_terminal = PagerTest.on_terminal

    def setUp(self):
        super().setUp()
        del self.env["COLUMNS"]
        self.root = self.examples_copy()

    NOTES = "Title \x1b]0;pwned\x07 clear \x1b[2J csi \u009b31m bell \x07 over\rSPOOF del \x7f red \x1b[31mRED"

    def test_control_characters_in_notes_never_reach_a_terminal(self):
        self.ok("log-1on1", "priya", "--notes", self.NOTES, cwd=self.root)
        rc, shown, err = self.on_terminal("prep", "priya", "--no-pager", env={"NO_COLOR": ""})
        self.assertEqual(rc, 0, err)
        for raw in ("\x1b]", "\x07", "\x1b[2J", "\u009b", "\rSPOOF", "\x7f"):
            self.assertNotIn(raw, shown)
        self.assertIn("Title ^[]0;pwned^G clear ^[[2J csi \ufffd31m bell ^G over^MSPOOF del ^? red ", shown)
        # Color sequences pass, a note's own too (they change colors, nothing else); coach's are there.
        self.assertIn("\x1b[31mRED", shown)
        # Not a terminal: the text as the file holds it, every byte.
        piped = self.ok("prep", "priya", cwd=self.root).out
        self.assertIn(self.NOTES.replace("\r", "\n"), piped)  # (read with universal newlines)

    def test_errors_on_a_terminal_are_shown_safely_too(self):
        rc, shown, _ = run_on_terminal([COACH, "-C", str(self.root), "rep", "show", "no\x1b[2Jbody"], env=self.env,
                                       stream="stderr")
        shown = shown.decode()
        self.assertEqual(rc, 4)
        self.assertIn("no^[[2Jbody", shown)
        self.assertNotIn("\x1b[2J", shown)
