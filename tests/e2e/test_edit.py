"""`coach edit REP`: the rep's file in the editor, written only when the
edited text reads with every check and the file did not change meanwhile;
otherwise kept aside for `coach edit REP --resume`, never half written."""

import glob
import os
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

from coachtest import CoachTestCase, snapshot
from test_git import GIT_ENV

# An editor that writes the text in $NEW_TEXT_FILE over the file it is given,
# then runs $EDITOR_ALSO (a shell command) and exits with $EDITOR_STATUS.
EDITOR = r'''
import os, shutil, subprocess, sys
if os.environ.get("NEW_TEXT_FILE"):
    shutil.copyfile(os.environ["NEW_TEXT_FILE"], sys.argv[1])
if os.environ.get("EDITOR_ALSO"):
    subprocess.run(os.environ["EDITOR_ALSO"], shell=True, check=True)
sys.exit(int(os.environ.get("EDITOR_STATUS", "0")))
'''


class EditTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.file = self.root / "reps" / "alice-chen.yaml"
        editor = self.tmp / "editor.py"
        editor.write_text(EDITOR)
        self.env["EDITOR"] = f"{sys.executable} {editor}"
        self.env.pop("VISUAL", None)

    def edit(self, new_text, *args, rc=0, env=None):
        new = self.tmp / "new.yaml"
        new.write_text(new_text)
        result = self.coach("-C", str(self.root), "edit", *args, env={"NEW_TEXT_FILE": str(new), **(env or {})})
        self.assertEqual(result.rc, rc, result)
        return result

    def kept(self):
        return sorted(glob.glob(str(self.root / ".coach" / "EDIT-alice-chen-*.yaml")))

    def test_a_valid_edit_is_written_as_typed(self):
        text = self.file.read_text().replace("role: Senior AE", "role: Team Lead   # since November") + "# mine\n"
        result = self.edit(text, "alice")
        self.assertEqual(self.file.read_text(), text)
        self.assertIn("Saved", result.out)
        self.assertEqual(self.kept(), [])
        self.assertEqual(glob.glob(str(self.root / ".coach" / "EDIT-*")), [])
        self.assertIn("Team Lead", self.ok("-C", str(self.root), "rep", "show", "alice").out)

    def test_unchanged_says_no_changes_and_writes_nothing(self):
        before = snapshot(self.root)
        result = self.edit(self.file.read_text(), "alice")
        self.assertIn("No changes", result.out)
        self.assertEqual({k: v for k, v in snapshot(self.root).items() if not k.startswith(".coach")},
                         {k: v for k, v in before.items() if not k.startswith(".coach")})
        self.assertEqual(glob.glob(str(self.root / ".coach" / "EDIT-*")), [])

    def invalid(self, text, message):
        before = self.file.read_bytes()
        result = self.edit(text, "alice", rc=3)
        self.assertEqual(len(result.err.strip().splitlines()), 1, result)
        # The place is in the copy the user edited, where the text is kept.
        self.assertRegex(result.err, r"^coach: error: .*EDIT-alice-chen-\w+\.yaml:\d+:\d+: ")
        self.assertIn(message, result.err)
        self.assertIn("--resume", result.err)
        self.assertEqual(self.file.read_bytes(), before)
        [kept] = self.kept()
        self.assertEqual(Path(kept).read_text(), text)
        self.assertIn(kept, result.err)
        return kept

    def test_an_invalid_text_is_kept_and_resume_reopens_it(self):
        bad = self.file.read_text() + "  - kind: 1on1\n    date: 2026-13-40\n"
        self.invalid(bad, "date")
        # Without --resume: a note says a kept text is waiting; the editor opens the file.
        result = self.edit(self.file.read_text(), "alice")
        self.assertIn("--resume", result.err)
        good = self.file.read_text() + "  - kind: 1on1\n    id: abcdef\n    date: 2026-11-20\n"
        self.edit(good, "alice", "--resume")
        self.assertEqual(self.file.read_text(), good)
        self.assertEqual(self.kept(), [])
        self.assertEqual(glob.glob(str(self.root / ".coach" / "EDIT-*")), [])

    def test_every_strict_check_of_the_reader(self):
        text = self.file.read_text()
        cases = [
            (text.replace("name: Alice Chen", "name: [Alice"), ""),                       # does not parse
            (text + "name: Again\n", "duplicate"),                                         # duplicate key
            (text.replace("name: Alice Chen\n", ""), "name"),                              # no name
            (text.replace("id: alice-chen", "id: alice"), "does not match the file name"),  # id is the file's
            (text + "  - kind: 1on1\n    id: aaaaaa\n    date: 2026-11-20\n"
                    "  - kind: 1on1\n    id: aaaaaa\n    date: 2026-11-21\n", "used twice"),
        ]
        for bad, message in cases:
            with self.subTest(message=message):
                kept = self.invalid(bad, message)
                os.unlink(kept)
                os.unlink(kept + ".base")

    def test_what_audit_data_calls_an_error_is_refused(self):
        self.invalid(self.file.read_text() + "  - kind: 1on1\n    id: abcdef\n    date: 2027-01-01\n",
                     "date 2027-01-01 is in the future")

    def test_an_editor_that_removes_its_file_writes_nothing_and_leaves_nothing(self):
        before = snapshot(self.root)
        result = self.edit(self.file.read_text() + "# typed\n", "alice", rc=7,
                           env={"EDITOR_ALSO": f"rm -f {self.root}/.coach/EDIT-alice-chen-*.yaml"})
        self.assertIn("the editor removed", result.err)
        self.assertEqual(glob.glob(str(self.root / ".coach" / "EDIT-*")), [])
        self.assertEqual({k: v for k, v in snapshot(self.root).items() if not k.startswith(".coach")},
                         {k: v for k, v in before.items() if not k.startswith(".coach")})

    def test_an_editor_that_cannot_be_run_is_named_before_any_copy(self):
        result = self.coach("-C", str(self.root), "edit", "alice", env={"EDITOR": "/nonexistent/editor"})
        self.assertEqual(result.rc, 7, result)
        self.assertIn("editor '/nonexistent/editor' cannot be run (EDITOR)", result.err)
        self.assertEqual(glob.glob(str(self.root / ".coach" / "EDIT-*")), [])

    def test_an_id_used_in_another_file_is_refused(self):
        self.ok("-C", str(self.root), "log-1on1", "bo", "--notes", "Fine")
        bo = (self.root / "reps" / "bo-diaz.yaml").read_text()
        record_id = re.findall(r"^    id: (\w+)$", bo, re.M)[0]
        self.invalid(self.file.read_text() + f"  - kind: 1on1\n    id: {record_id}\n    date: 2026-11-20\n",
                     f"'{record_id}' is used in {self.root}/reps/bo-diaz.yaml already")

    def test_a_failing_editor_writes_nothing_and_keeps_only_typed_text(self):
        before = self.file.read_bytes()
        result = self.edit(self.file.read_text(), "alice", rc=7, env={"EDITOR_STATUS": "1"})
        self.assertIn("the editor exited with status 1; nothing was written", result.err)
        self.assertEqual(self.kept(), [])
        result = self.edit(self.file.read_text() + "# typed\n", "alice", rc=7, env={"EDITOR_STATUS": "1"})
        self.assertEqual(len(self.kept()), 1, result)
        self.assertEqual(self.file.read_bytes(), before)
        result = self.coach("-C", str(self.root), "edit", "alice", env={"EDITOR": "/nonexistent/editor"})
        self.assertEqual(result.rc, 7, result)
        self.assertIn("cannot be run", result.err)

    def test_a_file_changed_during_the_edit_is_left_as_it_is(self):
        # The "editor" logs a 1:1 with Alice while it is open, as another terminal would.
        also = f"{self.env['PATH'].split(os.pathsep)[0]}/coach -C {self.root} log-1on1 alice --notes Meanwhile"
        text = self.file.read_text() + "# mine\n"
        result = self.edit(text, "alice", rc=7, env={"EDITOR_ALSO": also})
        self.assertIn("changed while it was being edited", result.err)
        self.assertIn("Meanwhile", self.file.read_text())
        [kept] = self.kept()
        # Resumed later, the kept text still began from the old file: refused again, nothing lost.
        result = self.edit(text, "alice", "--resume", rc=7)
        self.assertIn("Meanwhile", self.file.read_text())
        self.assertTrue(os.path.exists(kept))

    def test_resume_without_a_kept_text_is_not_found(self):
        self.assertIn("no edit of Alice Chen is kept aside", self.fails(4, "-C", str(self.root), "edit", "alice",
                                                                        "--resume").err)


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class EditGitTest(CoachTestCase):
    def test_one_commit(self):
        self.env.update(GIT_ENV)
        root = self.tmp / "team"
        self.ok("init", str(root), "--git", "--manager", "Dana")
        self.ok("-C", str(root), "rep", "add", "Priya Raman")
        path = root / "reps" / "priya-raman.yaml"
        new = self.tmp / "new.yaml"
        new.write_text(path.read_text() + "role: AE\n")
        self.ok("-C", str(root), "edit", "priya", env={"EDITOR": f"cp {new}"})
        log = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=root, env=self.env, capture_output=True,
                             text=True).stdout
        self.assertEqual(log, "edit: Priya Raman\n")
        status = subprocess.run(["git", "status", "--porcelain"], cwd=root, env=self.env, capture_output=True,
                                text=True).stdout
        self.assertEqual(status, "")


if __name__ == "__main__":
    unittest.main()
