"""Every table and listing fits the width (issue 16): COLUMNS when it is a
number of at least 40, else the terminal's width, else 80 (a pipe, as here).
Run on the example team and on copies whose reps have 16- and 30-character
names (and a 30-character id, role and tags); the width of a line is counted as
coach counts it (display_width: one column per character)."""

import re
import unittest

from coachtest import CoachTestCase

# Each command that shows a table or a listing, as text.
COMMANDS = [
    ["rep", "list", "--all"],
    ["report", "--quarter", "2026-Q3", "--by", "month"],
    ["report"],
    ["audit", "--fail-on", "never"],
    ["followups", "--all"],
    ["followups"],
    ["prep", "priya-raman"],
    ["rep", "show", "hannah-brooks"],
    ["rep", "show", "priya-raman"],
    ["results", "show"],
    ["remind", "--within", "30"],
]


def long_name(name, length):
    """`name` made exactly `length` characters long (and ending in a letter)."""
    return (name + " Featherstonehaugh-Marjoribanks-Cholmondeley")[:length].rstrip(" -").ljust(length, "z")


class TablesFitTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        del self.env["COLUMNS"]  # as a user's pipe: no COLUMNS, so 80

    def team_with_names(self, length):
        """The example team with every rep's name `length` characters long,
        plus a rep whose name, id, role and tags are that long too."""
        root = self.examples_copy()
        for path in (root / "reps").glob("*.yaml"):
            text = path.read_text()
            text = re.sub(r"^name: (.*)$", lambda m: "name: " + long_name(m.group(1), length), text, count=1,
                          flags=re.M)
            path.write_text(text)
        self.ok("-C", str(root), "rep", "add", long_name("Bartholomew Quincy", length), "--role",
                long_name("Strategic Account Director", length), "--tag", long_name("presidents-club", length).lower()
                .replace(" ", "-"), "--start", "2024-01-08")
        return root

    def widest(self, root, command, env):
        result = self.coach("-C", str(root), *command, env=env)
        self.assertIn(result.rc, (0,), result)
        self.assertTrue(result.out.strip(), result)
        return max(len(line) for line in result.out.splitlines()), result.out

    def check_fits(self, root, width_env, limit):
        for command in COMMANDS:
            with self.subTest(command=command, env=width_env):
                widest, out = self.widest(root, command, width_env)
                too_long = [line for line in out.splitlines() if len(line) > limit]
                self.assertEqual(too_long, [], f"{command}: {len(too_long)} lines over {limit}\n{out}")

    def test_example_team_fits_80_columns(self):
        root = self.examples_copy()
        self.check_fits(root, {}, 80)
        self.check_fits(root, {"COLUMNS": "80"}, 80)

    def test_a_column_cut_early_takes_back_the_room_a_later_step_leaves(self):
        # At 80 columns rep list cuts ROLE, then leaves TAGS out: the room TAGS leaves goes back to ROLE.
        lines = self.ok("-C", str(self.examples_copy()), "rep", "list").out.splitlines()
        self.assertNotIn("TAGS", lines[0])
        self.assertIn("Senior Ac~", lines[1])
        self.assertEqual(max(len(line) for line in lines), 80)

    def test_16_character_names_fit_80_columns_and_stay_whole(self):
        root = self.team_with_names(16)
        self.check_fits(root, {}, 80)
        self.check_fits(root, {"COLUMNS": "80"}, 80)
        name = long_name("Priya Raman", 16)
        for command in (["rep", "list"], ["report", "--quarter", "2026-Q3"]):
            with self.subTest(command=command):
                self.assertIn(name, self.ok("-C", str(root), *command).out)

    def test_30_character_names_fit_80_columns(self):
        root = self.team_with_names(30)
        self.check_fits(root, {}, 80)
        self.check_fits(root, {"COLUMNS": "80"}, 80)
        # rep list keeps the names whole: it gives up the id first.
        out = self.ok("-C", str(root), "rep", "list").out
        self.assertIn(long_name("Priya Raman", 30), out)
        self.assertNotIn("ID", out.splitlines()[0].split())
        # The report cuts names longer than 16 characters with ~ (as little as it
        # needs: at least 15 characters and the ~; a narrow table keeps it whole).
        out = self.ok("-C", str(root), "report", "--quarter", "2026-Q3").out
        self.assertRegex(out, re.escape(long_name("Priya Raman", 30)[:15]) + r"[A-Za-z -]*~")

    def test_a_narrow_columns_fits_too(self):
        root = self.team_with_names(16)
        for command in (["rep", "list"], ["report", "--quarter", "2026-Q3"], ["audit", "--fail-on", "never"]):
            with self.subTest(command=command):
                widest, out = self.widest(root, command, {"COLUMNS": "60"})
                self.assertLessEqual(widest, 60, out)

    def test_wider_columns_lets_lines_be_longer(self):
        root = self.team_with_names(30)
        for command in (["rep", "list"], ["report", "--quarter", "2026-Q3"], ["audit", "--fail-on", "never"]):
            with self.subTest(command=command):
                widest, out = self.widest(root, command, {"COLUMNS": "120"})
                self.assertGreater(widest, 80, out)
                self.assertLessEqual(widest, 120, out)

    def test_columns_below_40_or_not_a_number_means_80(self):
        root = self.team_with_names(30)
        for columns in ("20", "wide", ""):
            with self.subTest(columns=columns):
                widest, out = self.widest(root, ["rep", "list"], {"COLUMNS": columns})
                self.assertLessEqual(widest, 80, out)
                self.assertGreater(widest, 60, out)

    def test_audit_lines_wrap_under_the_message(self):
        root = self.team_with_names(30)
        out = self.ok("-C", str(root), "audit", "--fail-on", "never").out
        lines = out.splitlines()
        finding = next(i for i, line in enumerate(lines)
                       if re.match(r"  (error|warning|note) ", line) and len(line) > 70
                       and i + 1 < len(lines) and lines[i + 1].startswith(" " * 24))
        message_column = len(re.match(r"  \S+\s+\S+\s+", lines[finding]).group(0))
        self.assertEqual(message_column, 24)
        self.assertTrue(lines[finding + 1].startswith(" " * message_column), out)
        self.assertFalse(lines[finding + 1][message_column].isspace(), out)

    def test_machine_formats_are_not_cut(self):
        root = self.team_with_names(30)
        name = long_name("Priya Raman", 30)
        for command in (["rep", "list", "--format", "json"], ["report", "--format", "csv"],
                        ["followups", "--all", "--format", "csv"]):
            with self.subTest(command=command):
                self.assertIn(name, self.ok("-C", str(root), *command, env={"COLUMNS": "40"}).out)


if __name__ == "__main__":
    unittest.main()
