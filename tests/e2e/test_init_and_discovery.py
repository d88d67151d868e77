"""coach init, and how every command finds its data directory."""

import os
import stat
import unittest

from coachtest import CoachTestCase, snapshot


class InitTest(CoachTestCase):
    def test_init_creates_owner_only_directory(self):
        os.umask(0)
        try:
            result = self.ok("init", "team", "--manager", "Dana Whitfield", "--team", "West")
        finally:
            os.umask(0o022)
        root = self.tmp / "team"
        self.assertIn("Created coach directory team", result.out)
        self.assertEqual(stat.S_IMODE(root.stat().st_mode), 0o700)
        self.assertEqual(stat.S_IMODE((root / "coach.yaml").stat().st_mode), 0o600)
        self.assertEqual(stat.S_IMODE((root / "reps").stat().st_mode), 0o700)
        settings = (root / "coach.yaml").read_text()
        self.assertIn("manager: Dana Whitfield\n", settings)
        self.assertIn("team: West\n", settings)
        self.assertIn("  cadence: 7", settings)
        self.assertIn("/.coach/", (root / ".gitignore").read_text())

    def test_init_never_overwrites(self):
        self.ok("init", "team", "--manager", "Dana")
        (self.tmp / "team" / "coach.yaml").write_text("manager: Dana  # mine\n")
        before = snapshot(self.tmp / "team")
        result = self.fails(5, "init", "team", "--manager", "Eve")
        self.assertIn("already a coach directory", result.err)
        self.assertEqual(snapshot(self.tmp / "team"), before)

    def test_init_on_a_file_fails(self):
        (self.tmp / "file").write_text("x")
        self.fails(5, "init", "file")
        self.assertEqual((self.tmp / "file").read_text(), "x")

    def test_init_default_is_xdg_data_home(self):
        self.ok("init", env={"XDG_DATA_HOME": str(self.tmp / "xdg")})
        self.assertTrue((self.tmp / "xdg" / "coach" / "coach.yaml").is_file())
        self.ok("init", "--manager", "Dana")
        self.assertTrue((self.tmp / "home" / ".local" / "share" / "coach" / "coach.yaml").is_file())


class DiscoveryTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.ok("init", "a", "--manager", "A")
        self.ok("init", "b", "--manager", "B")
        self.ok("-C", "a", "rep", "add", "Only In A")
        self.ok("-C", "b", "rep", "add", "Only In B")
        (self.tmp / "a" / "reps" / "sub").mkdir()

    def names(self, result):
        return [line.split()[0] for line in result.out.splitlines()[1:]]

    def test_dash_c_wins(self):
        result = self.ok("-C", "a", "rep", "list", env={"COACH_DIR": str(self.tmp / "b")})
        self.assertEqual(self.names(result), ["only-in-a"])
        result = self.ok("--dir", str(self.tmp / "b"), "rep", "list", cwd=self.tmp / "a")
        self.assertEqual(self.names(result), ["only-in-b"])

    def test_coach_dir_beats_the_working_directory(self):
        result = self.ok("rep", "list", cwd=self.tmp / "a", env={"COACH_DIR": str(self.tmp / "b")})
        self.assertEqual(self.names(result), ["only-in-b"])

    def test_nearest_parent_with_coach_yaml(self):
        result = self.ok("rep", "list", cwd=self.tmp / "a" / "reps" / "sub")
        self.assertEqual(self.names(result), ["only-in-a"])

    def test_xdg_default(self):
        self.ok("init", env={"XDG_DATA_HOME": str(self.tmp / "xdg")})
        self.ok("rep", "add", "In Default", env={"XDG_DATA_HOME": str(self.tmp / "xdg")}, cwd=self.tmp / "home")
        result = self.ok("rep", "list", cwd=self.tmp / "home", env={"XDG_DATA_HOME": str(self.tmp / "xdg")})
        self.assertEqual(self.names(result), ["in-default"])

    def test_none_found_says_how_to_create_one(self):
        result = self.fails(4, "rep", "list", cwd=self.tmp / "home")
        self.assertIn("no coach directory found", result.err)
        self.assertIn("coach init", result.err)
        result = self.fails(4, "-C", "nowhere", "rep", "list")
        self.assertIn("nowhere (from -C) is not a coach directory", result.err)
        self.assertIn("coach init nowhere", result.err)
        result = self.fails(4, "rep", "list", env={"COACH_DIR": str(self.tmp / "home")})
        self.assertIn("(from COACH_DIR)", result.err)


class UsageTest(CoachTestCase):
    def test_help_and_version(self):
        self.assertIn("log-1on1", self.ok("--help").out)
        self.assertIn("--promise", self.ok("log-1on1", "--help").out)
        self.assertRegex(self.ok("--version").out, r"\d+\.\d+\.\d+")

    def test_bad_usage_exits_2_with_one_line(self):
        self.fails(2, "no-such-command")
        self.fails(2)
        self.fails(2, "rep", "list", "--format", "xml")
        self.fails(2, "--color", "sometimes", "rep", "list")

    def test_bad_coach_today(self):
        self.ok("init", "t")
        result = self.fails(2, "-C", "t", "rep", "list", env={"COACH_TODAY": "someday"})
        self.assertIn("COACH_TODAY", result.err)


if __name__ == "__main__":
    unittest.main()
