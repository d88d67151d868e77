"""The storage guarantees: the files are the user's, writes are atomic and
locked, what coach writes reads back the same in another YAML parser, and a
bad file is named with its place and never written."""

import difflib
import os
import random
import stat
import subprocess
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import yaml

from coachtest import COACH, CoachTestCase, snapshot

HAND_WRITTEN = """\
# Alice -- my notes. Keep this comment!
name:   'Alice Chen'      # quoted by hand
id: alice-chen
favourite_snack: "dark chocolate"   # not a coach field: must survive
tags:
    - high-performer

records:
# --- 2026 ---
-   kind: 1on1
    date: 2026-11-13
    minutes: 25
    personal: [marathon training]
    notes: |
        She ran 30k on Sunday.

        # this line is part of the notes
    promises:
    -   id: k7m2qx
        owner: manager
        text: 'yes'
        due: 2026-11-20
    mood: great    # unknown key inside a record

# trailing comment at the end
"""


class PreservationTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.ok("init", "t", "--manager", "Dana")
        self.root = self.tmp / "t"
        self.path = self.root / "reps" / "alice-chen.yaml"
        self.path.write_text(HAND_WRITTEN)

    def test_log_only_adds_lines(self):
        self.ok("-C", str(self.root), "log-1on1", "alice", "--personal", "Half marathon: done",
                "-p", "Book the QBR room")
        after = self.path.read_text()
        diff = list(difflib.unified_diff(HAND_WRITTEN.splitlines(), after.splitlines(), lineterm="", n=0))
        changed = [line for line in diff[2:] if not line.startswith("@@")]
        self.assertTrue(changed)
        self.assertTrue(all(line.startswith("+") for line in changed), "\n".join(diff))
        # The old text is intact and in order: removing the added lines gives it back.
        kept = [line for line in difflib.ndiff(HAND_WRITTEN.splitlines(True), after.splitlines(True))
                if not line.startswith("+ ") and not line.startswith("? ")]
        self.assertEqual("".join(line[2:] for line in kept), HAND_WRITTEN)
        # The new record follows the layout of the file: dashes at column 0, keys 4 columns after them.
        self.assertIn("# trailing comment at the end\n-   kind: 1on1\n    id: ", after)
        data = yaml.safe_load(after)
        self.assertEqual(data["favourite_snack"], "dark chocolate")
        self.assertEqual(len(data["records"]), 2)
        self.assertEqual(data["records"][1]["personal"], ["Half marathon: done"])

    def test_archive_only_adds_a_line(self):
        self.ok("-C", str(self.root), "rep", "archive", "alice", "--date", "2026-11-24")
        after = self.path.read_text()
        self.assertEqual(after, HAND_WRITTEN.replace("\nrecords:", "archived: 2026-11-24\n\nrecords:", 1).replace(
            "        - high-performer\narchived", "    - high-performer\narchived"))

    def test_reading_commands_change_nothing(self):
        before = snapshot(self.root)
        self.ok("-C", str(self.root), "rep", "list")
        self.ok("-C", str(self.root), "rep", "show", "alice")
        self.ok("-C", str(self.root), "rep", "list", "--format", "json")
        self.assertEqual(snapshot(self.root), before)

    def test_crlf_file_stays_crlf(self):
        self.path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode())
        self.ok("-C", str(self.root), "log-1on1", "alice", "--notes", "two\nlines")
        data = self.path.read_bytes()
        self.assertEqual(data.count(b"\n"), data.count(b"\r\n"))
        self.assertEqual(len(yaml.safe_load(data)["records"]), 2)


def random_text(rng):
    pieces = ["a", "Z", " ", "\n", "\t", ":", ": ", " #", "'", '"', "\\", "- ", "?", "|", ">", "{", "[", ",",
              "&", "*", "!", "%", "@", "`", "yes", "no", "on", "007", "0x1F", "1e3", "2024-01-05", "12:30", "~",
              "null", "é", "Zoë", "李", "😀", "\u0085", "\u2028", "\ufeff", "\x01", "\x7f", "\r\n", "\u00a0",
              "---", "...", "\u200b", "\ufffe"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))


class SecondParserTest(CoachTestCase):
    """What coach writes must read back the same in PyYAML (a YAML 1.1 reader)."""

    def test_hostile_text_round_trips(self):
        self.ok("init", "t")
        root = self.tmp / "t"
        rng = random.Random(20261125)
        expected = []
        for i in range(60):
            name = random_text(rng).replace("\n", " ").replace("\r", " ").strip() or "x"
            rep_id = f"rep-{i}"
            self.ok("-C", str(root), "rep", "add", name + " ", "--id", rep_id, "--role", random_text(rng) + "x")
            personal, text, notes = random_text(rng) + ".", random_text(rng) + "!", random_text(rng) + "?"
            self.ok("-C", str(root), "log-1on1", rep_id, "--personal", personal, "-p", text, "--notes", notes)
            expected.append((rep_id, name, personal, text, notes))
        for rep_id, name, personal, text, notes in expected:
            with self.subTest(rep=rep_id):
                data = yaml.safe_load((root / "reps" / f"{rep_id}.yaml").read_text(encoding="utf-8"))
                self.assertEqual(data["name"], name.strip())
                record = data["records"][0]
                self.assertEqual(record["personal"], [personal])
                self.assertEqual(record["notes"], notes)
                # the promise text is stripped of surrounding blanks, as typed text is
                self.assertEqual(record["promises"][0]["text"], text.strip(" \t\n\r"))

    def test_long_notes(self):
        self.ok("init", "t")
        self.ok("-C", "t", "rep", "add", "Al Bo")
        notes = ("x" * 9999 + "\n") * 3
        self.ok("-C", "t", "log-1on1", "al", "--notes", "-", input=notes)
        data = yaml.safe_load((self.tmp / "t" / "reps" / "al-bo.yaml").read_text())
        self.assertEqual(data["records"][0]["notes"], notes)


class ConcurrencyTest(CoachTestCase):
    def test_parallel_logs_lose_nothing(self):
        root = self.team()
        env = dict(self.env)

        def log(i):
            rep = "alice" if i % 2 else "bo"
            return subprocess.run([COACH, "-C", str(root), "log-1on1", rep, "--notes", f"meeting {i}", "-p", f"p{i}"],
                                  env=env, capture_output=True, text=True).returncode

        with ThreadPoolExecutor(max_workers=16) as pool:
            codes = list(pool.map(log, range(40)))
        self.assertEqual(codes, [0] * 40)
        notes = []
        ids = []
        for rep in ["alice-chen", "bo-diaz"]:
            data = yaml.safe_load((root / "reps" / f"{rep}.yaml").read_text())
            for record in data["records"]:
                notes.append(record["notes"])
                ids.append(record["id"])
                ids.extend(p["id"] for p in record["promises"])
        self.assertEqual(sorted(notes), sorted(f"meeting {i}" for i in range(40)))
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual([p.name for p in (root / "reps").iterdir() if p.name.startswith(".")], [])


class PermissionsAndLinksTest(CoachTestCase):
    def test_files_are_owner_only_whatever_the_umask(self):
        old = os.umask(0)
        try:
            root = self.team()
            self.ok("-C", str(root), "log-1on1", "alice", "--notes", "x")
            time.sleep(3.1)  # files changed in the last two seconds are not cached: make .coach/cache appear
            self.ok("-C", str(root), "rep", "list")
        finally:
            os.umask(old)
        for path in (root / "reps").iterdir():
            self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600, path)
        for path in [root / ".coach", root / ".coach" / "cache"]:
            self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o700, path)
        for path in (root / ".coach" / "cache").iterdir():
            self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600, path)

    def test_symlinked_rep_file_is_read_but_not_written_through(self):
        root = self.team()
        real = self.tmp / "elsewhere.yaml"
        link = root / "reps" / "alice-chen.yaml"
        real.write_text(link.read_text())
        link.unlink()
        link.symlink_to(real)
        self.assertIn("alice-chen", self.ok("-C", str(root), "rep", "list").out)
        before = real.read_text()
        result = self.fails(6, "-C", str(root), "log-1on1", "alice", "--notes", "x")
        self.assertIn("symlink", result.err)
        self.assertTrue(link.is_symlink())
        self.assertEqual(real.read_text(), before)

    def test_planted_temporary_file_symlink_is_not_followed(self):
        root = self.team()
        victim = self.tmp / "victim"
        victim.write_text("precious\n")
        # coach's temporary names are random; plant links on a few likely names and prove none is followed.
        for suffix in ["XXXXXX", "000000", "aaaaaa"]:
            (root / "reps" / f".alice-chen.yaml.tmp-{suffix}").symlink_to(victim)
        self.ok("-C", str(root), "log-1on1", "alice", "--notes", "x")
        self.assertEqual(victim.read_text(), "precious\n")


class BadFileTest(CoachTestCase):
    CASES = {
        "empty": ("", "reps/bad.yaml:1:1: the file is empty"),
        "comment only": ("# nothing\n", "reps/bad.yaml:1:1: the file is empty"),
        "binary": ("\x00\x01\x02garbage", "NUL byte"),
        "bad date": ("name: X\nrecords:\n  - kind: 1on1\n    date: 2026-02-30\n",
                     'reps/bad.yaml:4:11: date: "2026-02-30" is not a date (YYYY-MM-DD)'),
        "duplicate key": ("name: X\nname: Y\n", "reps/bad.yaml:2:1: duplicate key 'name' (first at line 1)"),
        "list for map": ("- name: X\n", "reps/bad.yaml:1:1: file: a rep file must be a map"),
        "unclosed quote": ('name: X\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    notes: "cut\n'
                           '  - kind: 1on1\n    date: 2026-01-02\n', "reps/bad.yaml:5:12: quoted text is never closed"),
        "conflict": ("name: X\n<<<<<<< HEAD\nrole: a\n=======\nrole: b\n>>>>>>> other\n",
                     "reps/bad.yaml:2:1: git conflict marker"),
        "tabs": ("name: X\nrecords:\n\t- kind: 1on1\n", "reps/bad.yaml:"),
        "second document": ("name: X\n---\nname: Y\n", "more than one YAML document"),
        "alias": ("name: &n X\nrole: *n\n", "reps/bad.yaml:1:7: YAML anchors"),
        "python tag": ("name: !!python/object/apply:os.system [ls]\n", "YAML tag"),
        "invalid utf-8": (b"name: \xc3\x28\n", "reps/bad.yaml:1:7: invalid UTF-8"),
    }

    def test_each_bad_file_is_named_and_nothing_is_written(self):
        root = self.team()
        for label, (content, message) in self.CASES.items():
            with self.subTest(label):
                bad = root / "reps" / "bad.yaml"
                bad.write_bytes(content.encode() if isinstance(content, str) else content)
                before = snapshot(root)
                # The commands that need the file stop; a list shows the others, then names it (one more line).
                for args, lines in ((["rep", "list"], 2), (["rep", "show", "bad"], 1),
                                    (["log-1on1", "bad", "--notes", "x"], 1)):
                    result = self.coach("-C", str(root), *args, cwd=self.tmp)
                    self.assertEqual(result.rc, 3, result)
                    self.assertIn(message, result.err.replace(str(root) + "/", ""))
                    self.assertEqual(len(result.err.splitlines()), lines, result)
                self.assertEqual(snapshot(root), before)

    def test_large_deep_and_odd_files(self):
        root = self.team()
        bad = root / "reps" / "bad.yaml"
        cases = {
            "50 MB": ("name: x\nnotes: " + "y" * (50 * 1024 * 1024) + "\n", 3, "more than the"),
            "deep": ("name: " + "[" * 5000 + "]" * 5000 + "\n", 3, "nesting"),
            "alias bomb": ("a: &a [x,x]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\nname: X\n", 3, "anchors"),
        }
        for label, (content, rc, message) in cases.items():
            with self.subTest(label):
                bad.write_text(content)
                result = self.coach("-C", str(root), "rep", "list")
                self.assertEqual(result.rc, rc, result)
                self.assertIn(message, result.err)
        bad.unlink()
        bad.mkdir()
        result = self.coach("-C", str(root), "rep", "list")
        self.assertEqual(result.rc, 6, result)
        self.assertIn("is a directory", result.err)
        bad.rmdir()
        bad.symlink_to(self.tmp / "nowhere")
        result = self.coach("-C", str(root), "rep", "list")
        self.assertEqual(result.rc, 6, result)
        self.assertIn("dangling", result.err)

    def test_bad_settings(self):
        root = self.team()
        (root / "coach.yaml").write_text("manager: Dana\npolicy:\n  cadence: weekly\n")
        result = self.fails(3, "-C", str(root), "log-1on1", "alice", "--notes", "x")
        self.assertIn('coach.yaml:3:12: policy.cadence: "weekly" is not a whole number of days', result.err)

    def test_unknown_keys_are_kept_not_rejected(self):
        root = self.team()
        path = root / "reps" / "alice-chen.yaml"
        path.write_text(path.read_text().replace("records:\n", "hobby: sailing\nrecords:\n"))
        self.ok("-C", str(root), "log-1on1", "alice", "--notes", "x")
        self.assertEqual(yaml.safe_load(path.read_text())["hobby"], "sailing")


if __name__ == "__main__":
    unittest.main()
