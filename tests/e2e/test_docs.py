"""Meta-tests that keep the documentation honest: the README's first session
runs as written, every subcommand has a man page, and the man pages render
without warnings and carry the version `coach --version` reports."""

import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

from coachtest import COACH, CoachTestCase

ROOT = Path(__file__).resolve().parents[2]


def subcommands(help_text):
    """Names listed under 'Commands:' in a --help text."""
    names, listing = [], False
    for line in help_text.splitlines():
        if line.strip().lower() == "commands:":
            listing = True
        elif listing and re.match(r"^  [a-z]", line):
            names.append(line.split()[0])
        elif listing and not line.strip():
            listing = False
    return names


class DocsTest(CoachTestCase):
    def test_readme_first_session_runs(self):
        readme = (ROOT / "README.md").read_text()
        section = readme.split("## A first session", 1)[1]
        block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
        bindir = self.tmp / "bin"
        bindir.mkdir()
        (bindir / "coach").symlink_to(COACH)
        script = "set -e\n" + block
        env = dict(self.env, PATH=f"{bindir}:{self.env['PATH']}")
        proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        printed = [line[2:] for line in block.splitlines() if line.startswith("# Logged")]
        self.assertTrue(printed)
        self.assertIn(printed[0], proc.stdout)
        alice = (self.tmp / "home" / "coaching" / "reps" / "alice-chen.yaml").read_text()
        self.assertIn("text: Send the pricing deck\n", alice)

    def test_every_command_has_a_man_page(self):
        commands = subcommands(self.ok("--help").out)
        self.assertIn("log-1on1", commands)
        for command in commands:
            with self.subTest(command):
                self.assertTrue((ROOT / "man" / f"coach-{command}.1").is_file(), command)
        self.assertTrue((ROOT / "man" / "coach.1").is_file())
        self.assertTrue((ROOT / "man" / "coach-files.5").is_file())

    @unittest.skipUnless(shutil.which("man"), "man is not installed")
    def test_man_pages_render_without_warnings(self):
        for page in sorted((ROOT / "man").glob("coach*.[15]")):
            with self.subTest(page.name):
                proc = subprocess.run(["man", "--warnings", "-l", str(page)], capture_output=True, text=True,
                                      env=dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MANPAGER="cat",
                                               PAGER="cat"))
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(proc.stderr.strip(), "", page.name)
                self.assertIn("coach", proc.stdout)

    def test_every_option_in_help_is_in_its_man_page(self):
        for command in subcommands(self.ok("--help").out):
            help_text = self.ok(command, "--help").out
            nested = subcommands(help_text)
            texts = [help_text] + [self.ok(command, sub, "--help").out for sub in nested]
            page = (ROOT / "man" / f"coach-{command}.1").read_text().replace("\\-", "-")
            for text in texts:
                for option in set(re.findall(r"(--[a-z][a-z0-9-]+)", text)):
                    if option in ("--help",):
                        continue
                    with self.subTest(command=command, option=option):
                        self.assertIn(option, page)

    def test_man_pages_name_the_version_coach_reports(self):
        # --version comes from project(coach VERSION ...) in CMakeLists.txt; a
        # version bump must bring every page's header along.
        version = self.ok("--version").out.strip()
        self.assertRegex(version, r"^\d+\.\d+\.\d+$")
        pages = sorted((ROOT / "man").glob("coach*.[15]"))
        self.assertGreaterEqual(len(pages), 10)
        for page in pages:
            with self.subTest(page.name):
                header = next(line for line in page.read_text().splitlines() if line.startswith(".TH "))
                self.assertIn(f'"coach {version}"', header)


if __name__ == "__main__":
    unittest.main()
