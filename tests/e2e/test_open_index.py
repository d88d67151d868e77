"""The open-promise index (.coach/cache/open): `followups` listing open items
from it says byte for byte what reading every history says, cold, warm, after
a hand edit within the same second, and with a file that does not parse."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import unittest
from pathlib import Path

from coachtest import CoachTestCase

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
FORMATS = ("table", "md", "csv", "json")
# Every filter that selects among open items only (the index's listings).
FILTERS = ((), ("--overdue",), ("--due-within", "7"), ("--mine",), ("--theirs",), ("--archived",),
           ("--overdue", "--theirs", "--archived"), ("--due-within", "2w", "--mine"))
if os.environ.get("COACH_TEST_SANITIZED") == "1":
    # Under the sanitizers a run takes about a second, not 20 ms: one filter of
    # each kind (none, three combined, --mine, --archived) keeps the pass short.
    FILTERS = ((), ("--overdue", "--theirs", "--archived"), ("--mine",), ("--archived",))
CLOSED_STATES = {"kept_on_time", "kept_after_move", "kept_late", "dropped"}


class OpenIndexTest(CoachTestCase):
    def age_files(self, root):
        old = time.time() - 3600
        for path in root.rglob("*.yaml"):
            os.utime(path, (old, old))
        time.sleep(0.025)  # their ctime is now: old enough to cache once the 20 ms granularity has passed

    def drop_cache(self, root):
        shutil.rmtree(root / ".coach" / "cache", ignore_errors=True)

    def run_followups(self, root, *args):
        result = self.coach("-C", str(root), "followups", *args)
        return result.rc, result.out, result.err

    def listings(self, root):
        return {(fmt, *args): self.run_followups(root, *args, "--format", fmt) for fmt in FORMATS for args in FILTERS}

    def check_against_full_read(self, root, listings):
        """What reading every file says: `--all` with --overdue or --due-within lists
        the same open items (closed ones are left out), and `--all` lists the open
        items first, in the same order, then the closed ones."""
        listed = set(FILTERS)
        for fmt in FORMATS:
            for args in listed & {("--overdue",), ("--due-within", "7"), ("--overdue", "--theirs", "--archived")}:
                self.assertEqual(listings[(fmt, *args)], self.run_followups(root, "--all", *args, "--format", fmt),
                                 (fmt, args))
        for args in listed & {(), ("--mine",), ("--archived",)}:
            rc, out, err = self.run_followups(root, "--all", *args, "--format", "json")
            full = json.loads(out)
            full["promises"] = [p for p in full["promises"] if p["state"] not in CLOSED_STATES]
            self.assertEqual(listings[("json", *args)], (rc, json.dumps(full, indent=2, ensure_ascii=False) + "\n",
                                                         err), args)
            rc, out, err = self.run_followups(root, "--all", *args, "--format", "csv")
            rows = list(csv.reader(io.StringIO(out, newline="")))
            state = rows[0].index("state")
            kept = [rows[0]] + [row for row in rows[1:] if row[state] not in CLOSED_STATES]
            self.assertEqual(listings[("csv", *args)][2], err)
            self.assertEqual(list(csv.reader(io.StringIO(listings[("csv", *args)][1], newline=""))), kept, args)

    def open_promise_text(self, root):
        """A rep file, and the id and text of an open promise whose text is in it once."""
        for item in json.loads(self.run_followups(root, "--format", "json")[1])["promises"]:
            path = root / "reps" / f"{item['rep']}.yaml"
            if not path.exists() or not item["text"].isascii() or len(item["text"]) < 8:
                continue
            text = path.read_text()
            if text.count(item["text"]) == 1:
                return path, item["id"], item["text"]
        self.fail("no open promise whose text is on one line")

    def hand_edit_same_second(self, path, old, new):
        """Replaces `old` with `new` (same size), putting the modification time back:
        only the change time (and the inode) tell the versions apart."""
        before = path.stat()
        path.write_text(path.read_text().replace(old, new))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.assertEqual(path.stat().st_size, before.st_size)

    def check_team(self, root):
        self.age_files(root)
        self.drop_cache(root)
        cold = self.listings(root)
        self.assertTrue((root / ".coach" / "cache" / "open").is_file())
        warm = self.listings(root)
        self.assertEqual(warm, cold)
        self.check_against_full_read(root, warm)
        self.assertGreater(len(json.loads(warm[("json",)][1])["promises"]), 10)

        path, promise_id, text = self.open_promise_text(root)
        edited = text[::-1]  # same length, other text
        self.hand_edit_same_second(path, text, edited)
        after_edit = self.listings(root)
        self.assertIn(edited, after_edit[("table",)][1])
        texts = {p["id"]: p["text"] for p in json.loads(after_edit[("json",)][1])["promises"]}
        self.assertEqual(texts[promise_id], edited)
        self.check_against_full_read(root, after_edit)
        # Once the edit is old, the index takes it in, and says the same again.
        self.age_files(root)
        self.assertEqual(self.listings(root), after_edit)
        self.assertEqual(self.listings(root), after_edit)
        self.drop_cache(root)
        self.assertEqual(self.listings(root), after_edit)

    def test_examples_team(self):
        self.check_team(self.examples_copy())

    def test_multi_line_texts_and_an_archived_rep_with_team_actions(self):
        root = self.examples_copy()
        hannah = root / "reps" / "hannah-brooks.yaml"
        hannah.write_text(hannah.read_text() + "  - kind: promise\n    id: q1w2e3\n    date: 2026-11-10\n"
                          "    promises:\n      - id: r4t5y6\n        owner: rep\n"
                          '        text: "two\\nlines | a pipe\\r\\n, a tab\\t, a bell\\a"\n        due: 2026-11-20\n'
                          "        note: noted\n"
                          # A joint call held (its result is in) that left an open promise: the promise is
                          # listed, the call is not waiting for its feedback (version 1 of the index said it was).
                          "  - kind: joint-call\n    id: h5j6k7\n    date: 2026-11-03\n    account: Held Corp\n"
                          "    result: met\n    promises:\n      - id: m8n9p2\n        owner: manager\n"
                          "        text: Write up the held call\n        due: 2026-11-30\n")
        # Priya has an open action from a team meeting: listed only with --archived, like her own promises.
        priya = root / "reps" / "priya-raman.yaml"
        text = priya.read_text()
        name_line = next(line for line in text.splitlines() if line.startswith("name:"))
        priya.write_text(text.replace(name_line, name_line + "\narchived: 2026-11-01", 1))
        self.check_team(root)
        listed = self.listings(root)
        self.assertIn("r4t5y6", listed[("json",)][1])
        self.assertIn("m8n9p2", listed[("json",)][1])
        for args in FILTERS:
            self.assertNotIn("h5j6k7", json.dumps(json.loads(listed[("json", *args)][1])["open_joint_calls"]), args)
            self.assertNotIn("Held Corp", listed[("table", *args)][1], args)
        self.assertIn("two⏎lines", listed[("table",)][1])
        def priyas(args):
            promises = json.loads(listed[("json", *args)][1])["promises"]
            return [p for p in promises if p["rep"] == "priya-raman" and p["from"]["kind"] == "team-meeting"]
        self.assertEqual(priyas(()), [])
        self.assertNotEqual(priyas(("--archived",)), [])

    def test_generated_team(self):
        root = self.tmp / "generated"
        subprocess.run([sys.executable, str(GENERATE), str(root), "--reps", "6", "--weeks", "30"], check=True,
                       capture_output=True)
        # An archived rep with open promises: listed only with --archived.
        first = sorted((root / "reps").glob("*.yaml"))[0]
        text = first.read_text()
        name_line = next(line for line in text.splitlines() if line.startswith("name:"))
        first.write_text(text.replace(name_line, name_line + "\narchived: 2026-11-01", 1))
        self.check_team(root)

    def test_a_file_that_does_not_parse_is_named_and_the_rest_listed(self):
        root = self.examples_copy()
        self.age_files(root)
        self.listings(root)  # the index holds every file
        broken = root / "reps" / "marcus-reed.yaml"
        broken.write_text(broken.read_text() + "records: [unclosed\n")
        self.age_files(root)
        for fmt in FORMATS:
            rc, out, err = self.run_followups(root, "--format", fmt)
            self.assertEqual(rc, 3)
            self.assertIn("marcus-reed.yaml", err)
            self.assertNotIn("Marcus Reed", out)
            self.assertIn("Tyler", out)
        listed = self.listings(root)
        self.drop_cache(root)
        self.assertEqual(self.listings(root), listed)
        self.check_against_full_read(root, listed)


if __name__ == "__main__":
    unittest.main()
