"""Nothing lost when the world around coach misbehaves: its private folder
deleted under running writers, a run as root in a user's directory, one rep
file that cannot be read while the others can."""

import os
import shutil
import subprocess
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import yaml

from coachtest import COACH, CoachTestCase, snapshot

BROKEN = """\
id: bo-diaz
name: Bo Diaz
records:
  - kind: 1on1
    id: q4kx7m
    date: 2026-11-20
    notes: "a typo: this quote is never closed
    promises:
      - id: r8tz2c
        owner: manager
        text: Send the deck
        due: 2026-11-27
"""
BROKEN_PLACE = "reps/bo-diaz.yaml:7:12: "


class DeletedPrivateFolderTest(CoachTestCase):
    def test_deleting_dot_coach_under_running_writers_loses_nothing(self):
        root = self.team()
        writers = 120
        stop = threading.Event()
        deletions = [0]

        def delete_dot_coach():  # rm -rf .coach, or git clean -xdf, again and again
            while not stop.is_set():
                shutil.rmtree(root / ".coach", ignore_errors=True)
                deletions[0] += 1

        def log(i):
            rep = "alice-chen" if i % 2 else "bo-diaz"
            return subprocess.run([COACH, "-C", str(root), "log-1on1", rep, "--notes", f"meeting {i}"],
                                  env=self.env, capture_output=True, text=True)

        deleter = threading.Thread(target=delete_dot_coach)
        deleter.start()
        try:
            with ThreadPoolExecutor(max_workers=24) as pool:
                results = list(pool.map(log, range(writers)))
        finally:
            stop.set()
            deleter.join()
        self.assertGreater(deletions[0], 10)
        for result in results:
            self.assertEqual(result.returncode, 0, result.stderr)
        notes = []
        for rep in ["alice-chen", "bo-diaz"]:
            data = yaml.safe_load((root / "reps" / f"{rep}.yaml").read_text())
            notes.extend(record["notes"] for record in data["records"])
        self.assertEqual(sorted(notes), sorted(f"meeting {i}" for i in range(writers)))


@unittest.skipUnless(hasattr(os, "geteuid") and os.geteuid() == 0, "needs root to give files away")
class RunAsRootTest(CoachTestCase):
    USER, GROUP = 1234, 1235

    def test_files_stay_the_users(self):
        root = self.team()
        self.ok("-C", str(root), "log-1on1", "alice", "--notes", "before", "-p", "Send the deck")
        for path in [root, *root.rglob("*")]:
            os.lchown(path, self.USER, self.GROUP)
        shutil.rmtree(root / ".coach", ignore_errors=True)  # so that root creates it, and the cache, anew
        self.ok("-C", str(root), "log-1on1", "alice", "--notes", "as root", "-p", "Call back")
        self.ok("-C", str(root), "rep", "add", "Cy Young")
        promise = yaml.safe_load((root / "reps" / "alice-chen.yaml").read_text())["records"][0]["promises"][0]["id"]
        self.ok("-C", str(root), "followups", "done", promise)
        time.sleep(3.1)  # files changed in the last two seconds (whole seconds of the clock) are not cached
        self.ok("-C", str(root), "report")
        self.assertTrue((root / "reps" / "cy-young.yaml").exists())
        self.assertTrue((root / ".coach" / "cache").is_dir())
        owners = {str(p.relative_to(root)): (p.lstat().st_uid, p.lstat().st_gid) for p in [root, *root.rglob("*")]}
        self.assertEqual({name: owner for name, owner in owners.items() if owner != (self.USER, self.GROUP)}, {})

    def test_commits_in_the_users_repository_are_made_as_the_user(self):
        # git refuses a repository root does not own ("dubious ownership"): the change was saved and
        # silently never committed; with safe.directory, root's commit left objects, refs and the
        # index root's, and the user's next commits failed. git now runs as the directory's owner.
        self.env.update({"GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": "dana@example.com",
                         "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "dana@example.com",
                         "GIT_CONFIG_NOSYSTEM": "1",
                         "PATH": os.path.dirname(os.path.abspath(COACH)) + os.pathsep + os.environ["PATH"]})
        os.chmod(self.tmp, 0o755)  # as a home folder is: the user (git run as them) can reach the directory
        root = self.tmp / "team"
        self.ok("init", str(root), "--git", "--manager", "Dana")
        self.ok("-C", str(root), "rep", "add", "Alice Chen")
        for path in [root, *root.rglob("*")]:
            os.lchown(path, self.USER, self.GROUP)
        self.ok("-C", str(root), "log-1on1", "alice", "--notes", "as root", "-p", "Call back")
        self.ok("-C", str(root), "followups", "add", "alice", "Book the offsite")
        not_theirs = [str(p.relative_to(root)) for p in [root, *root.rglob("*")]
                      if (p.lstat().st_uid, p.lstat().st_gid) != (self.USER, self.GROUP)]
        self.assertEqual(not_theirs, [])
        # Read as root only now: `git status` refreshes the index, and root's would be root's.
        git = lambda *args: subprocess.run(["git", "-c", "safe.directory=*", "-C", str(root), *args],
                                           capture_output=True, text=True, env=self.env).stdout
        self.assertEqual(git("log", "--format=%s").splitlines()[:2],
                         ["followups add: " + git("log", "-1", "--format=%s").strip().split(": ", 1)[1],
                          "log-1on1: Alice Chen, 2026-11-25, 1 promise"])
        self.assertEqual(git("status", "--porcelain"), "")

    def test_editor_file_stays_the_users(self):
        root = self.team()
        os.chown(root, self.USER, self.GROUP)
        editor = self.tmp / "editor.sh"
        # The editor fails after the user typed: the file is kept for the user (an untouched
        # template is not kept since issue 16).
        editor.write_text("#!/bin/sh\necho 'half-typed notes' >> \"$1\"\nexit 1\n")
        editor.chmod(0o755)
        self.coach("-C", str(root), "log-1on1", "alice", "--edit", env={"VISUAL": str(editor)})
        kept = [p for p in (root / ".coach").iterdir() if p.name.startswith("LOG_1ON1-")]
        self.assertEqual(len(kept), 1)
        self.assertEqual((kept[0].stat().st_uid, (root / ".coach").stat().st_uid), (self.USER, self.USER))


class UnreadableFileTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.ok("-C", str(self.root), "log-1on1", "alice", "--notes", "good", "-p", "Send the pricing deck",
                "--date", "2026-11-20")
        (self.root / "reps" / "bo-diaz.yaml").write_text(BROKEN)

    def run_coach(self, *args):
        return self.coach(*args, cwd=self.root)

    def assert_named_at_the_end(self, result):
        """Exit 3, each unreadable file named with its place, one line saying the figures leave it out."""
        self.assertEqual(result.rc, 3, result)
        lines = result.err.splitlines()
        self.assertEqual(len(lines), 2, result)
        self.assertTrue(lines[0].startswith("coach: error: " + BROKEN_PLACE), result)
        self.assertIn("quoted text is never closed", lines[0])
        self.assertTrue(lines[1].startswith("coach: error: the figures above leave out 1 file that cannot be read "
                                            "(reps/bo-diaz.yaml)"), result)

    def test_writes_to_other_reps_go_on(self):
        before = (self.root / "reps" / "bo-diaz.yaml").read_bytes()
        self.assertEqual(self.run_coach("log-1on1", "ali", "--notes", "second", "-p", "Call back").rc, 0)
        self.assertEqual(self.run_coach("followups", "add", "alice", "Book the offsite").rc, 0)
        alice = yaml.safe_load((self.root / "reps" / "alice-chen.yaml").read_text())
        self.assertEqual([r.get("notes") for r in alice["records"]], ["good", "second", None])
        deck = alice["records"][0]["promises"][0]["id"]
        self.assertEqual(self.run_coach("followups", "done", deck).rc, 0)
        self.assertEqual((self.root / "reps" / "bo-diaz.yaml").read_bytes(), before)

    def test_writes_that_need_the_file_name_its_place(self):
        before = snapshot(self.root)
        for args in (["log-1on1", "bo", "--notes", "x"], ["followups", "add", "bo-diaz", "x"],
                     ["followups", "done", "r8tz2c"], ["rep", "archive", "bo"], ["prep", "bo"], ["rep", "show", "bo"]):
            with self.subTest(args=args):
                result = self.fails(3, *args, cwd=self.root)
                self.assertIn(BROKEN_PLACE, result.err)
        self.assertEqual(snapshot(self.root), before)

    def test_an_id_only_the_unreadable_file_holds_is_found_there(self):
        # The ids a raw scan finds in the file (the ones new ids are checked against) are found, not unknown.
        result = self.fails(3, "followups", "done", "q4kx", cwd=self.root)
        self.assertIn(BROKEN_PLACE, result.err)

    def test_read_commands_show_what_they_can_then_name_the_file(self):
        cases = {
            ("followups",): "Send the pricing deck",
            ("followups", "--format", "json"): '"Send the pricing deck"',
            ("rep", "list"): "alice-chen",
            ("rep", "list", "--format", "json"): '"alice-chen"',
            ("report",): "Alice Chen",
            ("report", "--format", "csv"): "Alice Chen",
        }
        for args, shown in cases.items():
            with self.subTest(args=args):
                result = self.run_coach(*args)
                self.assert_named_at_the_end(result)
                self.assertIn(shown, result.out)
                self.assertNotIn("Bo Diaz", result.out)
        result = self.run_coach("report", "--format", "html", "-o", "r.html")
        self.assert_named_at_the_end(result)
        self.assertIn("Alice Chen", (self.root / "r.html").read_text())
        # One rep's own view needs only that rep's file.
        self.assertEqual(self.run_coach("prep", "alice").rc, 0)
        self.assertEqual(self.run_coach("rep", "show", "ali").rc, 0)
        self.assertEqual(self.run_coach("followups", "alice").rc, 0)

    def test_report_over_several_teams_names_each_file(self):
        east = self.team("east")
        (east / "reps" / "alice-chen.yaml").write_text(BROKEN.replace("bo-diaz", "alice-chen"))
        (self.tmp / "teams.txt").write_text(f"{self.root}\n{east}\n")
        result = self.coach("report", "--teams", str(self.tmp / "teams.txt"), "--format", "csv")
        self.assertEqual(result.rc, 3, result)
        lines = result.err.splitlines()
        self.assertEqual(len(lines), 3, result)
        self.assertIn(f"{self.root}/reps/bo-diaz.yaml:7:12: ", lines[0])
        self.assertIn(f"{east}/reps/alice-chen.yaml:7:12: ", lines[1])
        self.assertIn("the figures above leave out 2 files that cannot be read", lines[2])
        self.assertIn("Alice Chen", result.out)  # the first team's
        self.assertIn("Bo Diaz", result.out)     # the second team's

    def test_audit_reports_the_file_and_goes_on(self):
        result = self.run_coach("audit")
        self.assertEqual(result.rc, 1, result)
        self.assertIn(BROKEN_PLACE, result.out)
        self.assertIn("Alice Chen", result.out)


if __name__ == "__main__":
    unittest.main()
