"""A key of coach.yaml coach does not know (`cadance: 10`) is a warning on
standard error from every command that opens the directory, once, with its
place and the closest known key; audit reports it among its findings instead."""

import shutil
import unittest

from coachtest import CoachTestCase

WARNING = ("coach: warning: {dir}/coach.yaml:5:3: unknown key 'cadance' in policy "
           "(did you mean 'cadence'?); it is ignored\n")

# Every command that opens the data directory, as a user runs it (reads and writes).
COMMANDS = [
    ["rep", "list"],
    ["rep", "show", "alice"],
    ["rep", "add", "Cy Park"],
    ["rep", "archive", "bo-diaz"],
    ["prep", "alice"],
    ["followups"],
    ["followups", "add", "alice", "--", "Send the deck"],
    ["followups", "--all"],
    ["log-1on1", "alice", "--professional", "Pipeline", "--notes", "ok"],
    ["log", "joint-call", "alice", "--help"],  # help opens nothing: no warning (checked below)
    ["report"],
    ["report", "--format", "json"],
    ["results"],
    ["calendar"],
]


class SettingsTypoTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        settings = self.root / "coach.yaml"
        text = settings.read_text()
        self.assertIn("\n  cadence: 7", text)  # line 5 of the file init writes
        settings.write_text(text.replace("\n  cadence: 7", "\n  cadance: 10", 1))

    def test_every_command_warns_once_with_the_place(self):
        warning = WARNING.format(dir=self.root)
        for args in COMMANDS:
            with self.subTest(args=args):
                result = self.coach("-C", str(self.root), *args)
                self.assertEqual(result.rc, 0, result)
                expected = 0 if "--help" in args else 1
                self.assertEqual(result.err.count(warning), expected, result)
                self.assertNotIn(warning, result.out)

    @unittest.skipUnless(shutil.which("git"), "git is not installed")
    def test_coach_git_warns_too(self):
        result = self.coach("-C", str(self.root), "git", "--version")
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(result.err, WARNING.format(dir=self.root))

    def test_audit_reports_it_once_as_a_finding_not_as_a_warning(self):
        result = self.coach("-C", str(self.root), "audit", "--data")
        self.assertEqual(result.rc, 0, result)  # a warning, below --fail-on error
        self.assertEqual(result.out.count("coach.yaml:5:3: unknown key 'policy.cadance' (did you mean 'cadence'?)"),
                         1, result)
        self.assertNotIn("warning: ", result.err)

    def test_every_key_of_the_file_is_warned_about_in_file_order(self):
        settings = self.root / "coach.yaml"
        settings.write_text(settings.read_text() + "git:\n  comit: true\nregion: West\n")
        result = self.ok("-C", str(self.root), "rep", "list")
        lines = result.err.splitlines()
        self.assertEqual(len(lines), 3, result)
        self.assertEqual(lines[0] + "\n", WARNING.format(dir=self.root))
        self.assertTrue(lines[1].endswith("coach.yaml:10:3: unknown key 'comit' in git (did you mean 'commit'?); "
                                          "it is ignored"), result)
        self.assertTrue(lines[2].endswith("coach.yaml:11:1: unknown key 'region'; it is ignored"), result)

    def test_a_known_key_gives_no_warning(self):
        settings = self.root / "coach.yaml"
        settings.write_text(settings.read_text().replace("cadance", "cadence"))
        for args in COMMANDS:
            with self.subTest(args=args):
                self.assertNotIn("warning", self.ok("-C", str(self.root), *args).err)

    def test_a_coach_yaml_that_does_not_parse_still_stops_only_the_commands_that_read_it(self):
        # The warning reads coach.yaml for commands that did not before: a file
        # it cannot read must not stop them (the ones that use it say why).
        (self.root / "coach.yaml").write_text("policy: [unclosed\n")
        self.ok("-C", str(self.root), "followups")
        failed = self.fails(3, "-C", str(self.root), "rep", "list")
        self.assertIn("coach.yaml", failed.err)


if __name__ == "__main__":
    unittest.main()
