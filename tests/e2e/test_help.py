"""--help as git writes it, for every command: a usage line, names aligned,
no line over 80 columns, no option-library notation; and `coach help`."""

import os
import re
import shutil
import unicodedata
import unittest
from pathlib import Path

from coachtest import CoachTestCase

ROOT = Path(__file__).resolve().parents[2]
# What CLI11 writes when nobody told it better: a set's values after the type
# (`--by TEXT:{week,month}`), a required positional's REQUIRED, a type name.
LEFTOVERS = re.compile(r"\{|REQUIRED|\bINT\b|\bUINT\b|\bFLOAT\b|\[Option Group")


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in line)


def listed_commands(help_text):
    """Names under 'Commands:' in a --help text."""
    names, listing = [], False
    for line in help_text.splitlines():
        if line == "Commands:":
            listing = True
        elif listing and re.match(r"^  [a-z0-9]", line):
            names.append(line.split()[0])
        elif listing and not line.startswith("  "):
            listing = False
    return names


class HelpTest(CoachTestCase):
    def every_help(self):
        """(command words, --help text) for coach and every command under it, walked from `coach --help`."""
        found, todo = [], [[]]
        while todo:
            words = todo.pop(0)
            text = self.ok(*words, "--help").out
            found.append((words, text))
            todo += [words + [name] for name in listed_commands(text)]
        return found

    def test_every_help_fits_80_columns_and_reads_like_git(self):
        helps = self.every_help()
        names = {" ".join(words) for words, _ in helps}
        for expected in ("rep add", "followups add", "log joint-call", "report", "help", "results import"):
            self.assertIn(expected, names)
        self.assertGreaterEqual(len(helps), 25)
        for words, text in helps:
            with self.subTest(command=" ".join(words)):
                lines = text.splitlines()
                self.assertTrue(lines[0].startswith("usage: " + " ".join(["coach"] + words) + " "), text)
                for line in lines:
                    self.assertLessEqual(width(line), 80, line)
                    self.assertEqual(line, line.rstrip(), "trailing blanks")
                    self.assertIsNone(LEFTOVERS.search(line), line)

    def test_usage_line_names_the_arguments(self):
        lines = self.ok("followups", "add", "--help").out.splitlines()
        self.assertRegex(lines[0], r"^usage: coach followups add \[options\] REP TEXT(\.\.\.)?$")
        self.assertEqual(lines[1:3], ["", "Record a promise made outside a 1:1"])  # the summary, whole
        self.assertEqual(self.ok("rep", "--help").out.splitlines()[0], "usage: coach rep [options] COMMAND [ARGS]")
        report = self.ok("report", "--help").out
        self.assertRegex(report, r"\n  --by week\|month +\S")

    def test_descriptions_start_in_one_column(self):
        text = self.ok("log-1on1", "--help").out
        starts = {len(m.group(1)) for m in re.finditer(r"^(  \S.*?  +)\S", text, re.M) if len(m.group(1)) <= 26}
        self.assertEqual(starts, {26}, text)

    def test_help_alone_is_coach_help(self):
        self.assertEqual(self.ok("help").out, self.ok("--help").out)

    def test_unknown_command_is_not_found_with_a_suggestion(self):
        result = self.fails(4, "help", "folowups")
        self.assertIn("'coach folowups' is not a coach command (did you mean 'followups'?)", result.err)
        result = self.fails(4, "help", "rep", "ad")
        self.assertIn("'coach rep ad' is not a coach command (did you mean 'add'?)", result.err)

    def fake_man(self, script):
        bindir = self.tmp / "bin"
        bindir.mkdir(exist_ok=True)
        man = bindir / "man"
        man.write_text("#!/bin/sh\n" + script)
        man.chmod(0o755)
        return {"PATH": f"{bindir}:/usr/bin:/bin"}

    def test_help_command_runs_man_on_the_page_of_this_source_tree(self):
        log = self.tmp / "man.log"
        env = self.fake_man(f'echo "$@" >> {log}\necho "MAN PAGE"\n')
        result = self.ok("help", "followups", "add", env=env)
        self.assertEqual(result.out, "MAN PAGE\n")
        self.assertEqual(log.read_text(), f"-l {ROOT / 'man' / 'coach-followups.1'}\n")

    def test_a_group_s_footer_names_its_own_commands(self):
        self.assertIn("Run `coach rep COMMAND --help`", self.ok("rep", "--help").out)
        leaf = self.ok("rep", "list", "--help").out
        self.assertIn("`coach help rep`", leaf)
        self.assertNotIn("coach COMMAND --help", leaf)

    def test_usage_errors_in_coach_s_words(self):
        root = self.examples_copy()
        err = self.fails(2, "-C", str(root), "report", "--by", "day").err
        self.assertEqual(err, "coach: error: --by: 'day' is not one of week, month (see --help)\n")
        err = self.fails(2, "-C", str(root), "rm", "aaaaaa", "bbbbbb").err
        self.assertEqual(err, "coach: error: unexpected argument: bbbbbb (see --help)\n")

    def test_help_files_shows_the_files_page(self):
        log = self.tmp / "man.log"
        env = self.fake_man(f'echo "$@" >> {log}\necho "MAN PAGE"\n')
        self.assertEqual(self.ok("help", "files", env=env).out, "MAN PAGE\n")
        self.assertEqual(log.read_text(), f"-l {ROOT / 'man' / 'coach-files.5'}\n")

    def test_without_man_the_command_help_and_a_note(self):
        env = {"PATH": str(self.tmp / "empty")}  # no man on PATH
        result = self.coach("help", "rep", "add", env=env)
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(result.out, self.ok("rep", "add", "--help").out)
        self.assertIn("coach: note: the man page coach-rep(1) cannot be shown", result.err)

    @unittest.skipUnless(shutil.which("man"), "man is not installed")
    def test_help_shows_the_real_man_page(self):
        result = self.ok("help", "rep", env={"MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80"})
        self.assertIn("coach-rep", result.out)
        self.assertIn("rep add", result.out)


if __name__ == "__main__":
    unittest.main()
