"""What a hostile review found in coach's use of git: a merge driver that
cannot run, unmerged files without markers, concurrent commits, hand edits
swept into coach's commits, `init --git` on an existing directory and a clone
left readable by everyone."""

import os
import re
import stat
import subprocess
import time
import unittest

import yaml

from coachtest import COACH
from test_git import GitTestCase

# A PATH on which git finds no `coach`, as for a user who ran a build folder's binary.
PATH_WITHOUT_COACH = "/usr/local/bin:/usr/bin:/bin"


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class MergeDriverTest(GitTestCase):
    def test_driver_is_the_coach_on_path(self):
        root = self.init()
        driver = self.git(root, "config", "--get", "merge.coach.driver").stdout.strip()
        self.assertEqual(driver, "coach merge-driver %O %A %B %P %L")

    def test_every_command_warns_when_git_cannot_run_the_driver(self):
        result = self.ok("init", "team", "--git", "--manager", "Dana", env={"PATH": PATH_WITHOUT_COACH})
        self.assertIn("warning: git runs `coach merge-driver %O %A %B %P %L` to merge rep files, and there is no "
                      "`coach` on your PATH", result.err)
        root = self.tmp / "team"
        for args in (["rep", "list"], ["audit", "--data"], ["followups"], ["git", "status"]):
            result = self.coach(*args, cwd=root, env={"PATH": PATH_WITHOUT_COACH})
            self.assertEqual(result.err.count("warning: git runs `coach merge-driver"), 1, (args, result))
        # With coach on PATH, nothing to say.
        self.assertEqual(self.ok("rep", "list", cwd=root).err, "")

    def test_a_driver_path_that_is_gone_is_named(self):
        root = self.init()
        self.git(root, "config", "merge.coach.driver", "'/gone/build/coach' merge-driver %O %A %B %P")
        result = self.ok("rep", "list", cwd=root)
        self.assertIn("warning: git's merge driver for rep files is /gone/build/coach, which cannot be run", result.err)
        self.assertIn("run `coach init --git`", result.err)
        self.ok("init", "--git", cwd=root)
        self.assertEqual(self.ok("rep", "list", cwd=root).err, "")

    def test_a_clone_without_the_driver_is_told_to_install_it(self):
        root = self.init()
        self.git(self.tmp, "clone", "-q", str(root), "clone")
        result = self.ok("rep", "list", cwd=self.tmp / "clone")
        self.assertIn("coach's merge driver is not set up in this repository", result.err)


class UnmergedTest(GitTestCase):
    """git could not run the driver: the file is unmerged and holds our side
    alone, without markers. Read or written as it is, the other side's 1:1
    would be lost at the next commit."""

    def setUp(self):
        super().setUp()
        self.a = self.init("a")
        self.ok("rep", "add", "Alice Chen", cwd=self.a)
        self.git(self.tmp, "clone", "-q", str(self.a), "b")
        self.b = self.tmp / "b"
        self.ok("init", "--git", cwd=self.b)
        self.ok("log-1on1", "alice", "--notes", "from a", cwd=self.a)
        self.ok("log-1on1", "alice", "--notes", "from b", cwd=self.b)
        env = dict(self.env, PATH=PATH_WITHOUT_COACH)
        pull = subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit", str(self.a), "master"],
                              cwd=self.b, env=env, capture_output=True, text=True)
        self.assertNotEqual(pull.returncode, 0, pull.stdout + pull.stderr)
        self.file = self.b / "reps" / "alice-chen.yaml"

    def test_git_left_our_side_alone_without_markers(self):
        text = self.file.read_text()
        self.assertNotIn("<<<<<<<", text)
        self.assertNotIn("from a", text)
        self.assertIn("reps/alice-chen.yaml", self.git(self.b, "ls-files", "-u").stdout)

    def test_reads_and_writes_refuse_the_unmerged_file(self):
        before = self.file.read_bytes()
        for args in (["log-1on1", "alice", "--notes", "more"], ["followups", "add", "alice", "Call back"],
                     ["rep", "show", "alice"], ["prep", "alice"], ["rep", "archive", "alice"]):
            result = self.coach(*args, cwd=self.b)
            self.assertEqual(result.rc, 3, (args, result))
            self.assertIn("reps/alice-chen.yaml:1:1: git lists this file as unmerged", result.err)
            self.assertIn("git checkout --merge reps/alice-chen.yaml", result.err)
            self.assertIn("git merge --abort", result.err)
        self.assertEqual(self.file.read_bytes(), before)
        self.assertIn("reps/alice-chen.yaml", self.git(self.b, "ls-files", "-u").stdout)

    def test_followups_from_a_warm_open_index_refuses_the_unmerged_file(self):
        # The open-promise index holds the file as it was before the merge, at the stamp git leaves it with.
        self.git(self.b, "merge", "--abort")
        time.sleep(0.05)  # old enough for the index
        self.ok("followups", cwd=self.b)
        self.ok("followups", cwd=self.b)
        self.assertTrue((self.b / ".coach" / "cache" / "open").is_file())
        env = dict(self.env, PATH=PATH_WITHOUT_COACH)
        pull = subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit", str(self.a), "master"],
                              cwd=self.b, env=env, capture_output=True, text=True)
        self.assertNotEqual(pull.returncode, 0, pull.stdout + pull.stderr)
        self.assertIn("reps/alice-chen.yaml", self.git(self.b, "ls-files", "-u").stdout)
        for fmt in ("table", "json"):
            result = self.coach("followups", "--format", fmt, cwd=self.b)
            self.assertEqual(result.rc, 3, result)
            self.assertIn("reps/alice-chen.yaml:1:1: git lists this file as unmerged", result.err)

    def test_a_driver_that_fails_leaves_the_file_refused_too(self):
        # Not a missing driver but one that runs and fails (an internal error, exit 70): git
        # leaves the file unmerged with our side alone just the same, and coach refuses it.
        self.git(self.b, "merge", "--abort")
        failing = self.tmp / "failing-driver"
        failing.write_text("#!/bin/sh\necho 'coach: internal error: (please report this)' >&2\nexit 70\n")
        failing.chmod(0o755)
        self.git(self.b, "config", "merge.coach.driver", f"{failing} %O %A %B %P %L")
        pull = self.git(self.b, "pull", "-q", "--no-rebase", "--no-edit", str(self.a), "master", check=False)
        self.assertNotEqual(pull.returncode, 0, pull.stdout + pull.stderr)
        self.assertIn("reps/alice-chen.yaml", self.git(self.b, "ls-files", "-u").stdout)
        before = self.file.read_bytes()
        self.assertNotIn("from a", before.decode())
        for args in (["log-1on1", "alice", "--notes", "more"], ["followups"], ["rep", "show", "alice"]):
            result = self.coach(*args, cwd=self.b)
            self.assertEqual(result.rc, 3, (args, result))
            self.assertIn("reps/alice-chen.yaml:1:1: git lists this file as unmerged", result.err)
        self.assertEqual(self.file.read_bytes(), before)

    def test_after_the_merge_is_undone_and_redone_with_the_driver_both_meetings_are_there(self):
        self.git(self.b, "merge", "--abort")
        self.ok("rep", "list", cwd=self.b)
        self.git(self.b, "pull", "-q", "--no-rebase", "--no-edit", str(self.a), "master")
        notes = sorted(r.get("notes") for r in yaml.safe_load(self.file.read_text())["records"])
        self.assertEqual(notes, ["from a", "from b"])


class AddedOnBothSidesTest(GitTestCase):
    def test_the_same_rep_added_on_two_machines_keeps_both_meetings(self):
        a = self.init("a")
        self.git(self.tmp, "clone", "-q", str(a), "b")
        b = self.tmp / "b"
        self.ok("init", "--git", cwd=b)
        for root, day, note in ((a, "2026-11-15", "from a"), (b, "2026-11-16", "from b")):
            self.ok("rep", "add", "Dan Brown", cwd=root)
            self.ok("log-1on1", "dan", "--date", day, "--notes", note, cwd=root)
        pull = self.git(b, "pull", "--no-rebase", "--no-edit", str(a), "master", check=False)
        self.assertEqual(pull.returncode, 0, pull.stdout + pull.stderr)
        text = (b / "reps" / "dan-brown.yaml").read_text()
        self.assertNotIn("<<<<<<<", text)
        notes = sorted(r["notes"] for r in yaml.safe_load(text)["records"])
        self.assertEqual(notes, ["from a", "from b"])
        self.ok("audit", "--data", cwd=b)


class CommitUnderLockTest(GitTestCase):
    def test_concurrent_writes_each_make_their_commit(self):
        root = self.init()
        self.ok("rep", "add", "Alice Chen", cwd=root)
        self.ok("rep", "add", "Bo Diaz", cwd=root)
        env = dict(self.env)
        procs = []
        for i in range(30):
            args = (["log-1on1", "alice", "--notes", f"meeting {i}"] if i % 3 else
                    ["followups", "add", "bo", f"Promise {i}", "--due", "+3d"])
            procs.append(subprocess.Popen([COACH, *args], cwd=root, env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            self.assertEqual(proc.returncode, 0, err)
            self.assertNotIn("not committed", err)
        self.assertEqual(len(self.log(root)), 3 + 30)
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")

    def test_a_stale_index_lock_is_named_with_what_to_do(self):
        root = self.init()
        lock = root / ".git" / "index.lock"
        lock.write_text("")
        result = self.ok("rep", "add", "Alice Chen", cwd=root)
        self.assertIn(f"git's index is locked ({lock} exists): another git command may be running; "
                      f"if none is (`pgrep -a git` lists none), remove {lock}", result.err)
        self.assertTrue((root / "reps" / "alice-chen.yaml").is_file())
        lock.unlink()
        self.follow_the_advice(result.err, root)
        # A change to a file git already tracks: the advice is the same, and following it commits the change.
        lock.write_text("")
        result = self.ok("log-1on1", "alice", "--notes", "Pipeline review", cwd=root)
        lock.unlink()
        self.follow_the_advice(result.err, root)

    def follow_the_advice(self, said, root):
        """Runs the commands the message gives, word for word (they once
        said `coach git commit` alone, which commits nothing unstaged)."""
        commands = re.findall(r"`coach (git add [^`]+)` and `coach (git commit)`", said)
        self.assertEqual(len(commands), 1, said)
        self.ok(*commands[0][0].split(), cwd=root)
        self.ok("git", "commit", "-q", "-m", "by hand", cwd=root)
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")


class HandEditsTest(GitTestCase):
    """A rep file holding the user's uncommitted edits: coach's commit holds
    coach's change alone, the user's edits stay uncommitted."""

    def setUp(self):
        super().setUp()
        self.root = self.init()
        self.ok("rep", "add", "Alice Chen", "--role", "AE", cwd=self.root)
        out = self.ok("log-1on1", "alice", "--date", "2026-11-18", "-p", "Send the deck", cwd=self.root).out
        self.promise_id = re.findall(r"^  ([a-z0-9]{6}) ", out, re.M)[0]
        self.file = self.root / "reps" / "alice-chen.yaml"

    def hand_edit(self):
        text = self.file.read_text()
        text = "# My own notes on Alice, not ready to commit\n" + text.replace("role: AE", "role: Senior AE")
        self.file.write_text(text)

    def added_lines(self, *git_args):
        diff = self.git(self.root, *git_args).stdout
        return [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]

    def removed_lines(self, *git_args):
        diff = self.git(self.root, *git_args).stdout
        return [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]

    def assert_hand_edit_uncommitted(self):
        committed = self.git(self.root, "show", "HEAD:reps/alice-chen.yaml").stdout
        self.assertNotIn("My own notes", committed)
        self.assertIn("role: AE\n", committed)
        self.assertEqual(self.added_lines("diff"), ["# My own notes on Alice, not ready to commit", "role: Senior AE"])
        self.assertEqual(self.removed_lines("diff"), ["role: AE"])
        text = self.file.read_text()
        self.assertIn("My own notes", text)
        self.assertIn("role: Senior AE", text)

    def test_log_commits_the_meeting_alone(self):
        self.hand_edit()
        self.ok("log-1on1", "alice", "--notes", "Pipeline review", cwd=self.root)
        added = self.added_lines("show", "HEAD", "--format=")
        self.assertIn("      Pipeline review", added)
        self.assertFalse(any("My own notes" in line or "Senior" in line for line in added), added)
        self.assertEqual(self.removed_lines("show", "HEAD", "--format="), [])
        self.assert_hand_edit_uncommitted()

    def test_closing_moving_and_archiving_commit_their_lines_alone(self):
        self.hand_edit()
        self.ok("followups", "move", self.promise_id, "--due", "2026-12-02", cwd=self.root)
        self.assertIn("        due: 2026-12-02", self.added_lines("show", "HEAD", "--format="))
        self.ok("followups", "done", self.promise_id, cwd=self.root)
        self.assertEqual(self.added_lines("show", "HEAD", "--format="), ["        done: 2026-11-25"])
        self.ok("rep", "archive", "alice", cwd=self.root)
        self.assertEqual(self.added_lines("show", "HEAD", "--format="), ["archived: 2026-11-25"])
        self.assert_hand_edit_uncommitted()
        self.assertEqual(self.log(self.root)[0], "rep archive: Alice Chen, 2026-11-25")

    def test_a_locked_index_beside_a_hand_edit_commits_nothing(self):
        self.hand_edit()
        head = self.git(self.root, "rev-parse", "HEAD").stdout
        lock = self.root / ".git" / "index.lock"
        lock.write_text("")
        result = self.ok("log-1on1", "alice", "--notes", "Pipeline review", cwd=self.root)
        self.assertIn(f"git's index is locked ({lock} exists)", result.err)
        lock.unlink()
        self.assertEqual(self.git(self.root, "rev-parse", "HEAD").stdout, head)
        # Index and HEAD agree: a commit of the user's cannot take the meeting back out.
        self.assertEqual(self.git(self.root, "diff", "--cached").stdout, "")
        self.assertIn("Pipeline review", self.file.read_text())

    def test_no_commit_in_the_middle_of_someone_elses_merge(self):
        # A merge stopped on a file coach does not manage; a coach write must not conclude it.
        notes = self.root / "notes.txt"
        notes.write_text("base\n")
        self.git(self.root, "add", "notes.txt")
        self.git(self.root, "commit", "-q", "-m", "notes")
        self.git(self.root, "checkout", "-q", "-b", "other")
        notes.write_text("theirs\n")
        self.git(self.root, "commit", "-q", "-am", "theirs")
        self.git(self.root, "checkout", "-q", "master")
        notes.write_text("ours\n")
        self.git(self.root, "commit", "-q", "-am", "ours")
        self.assertNotEqual(self.git(self.root, "merge", "other", check=False).returncode, 0)
        self.hand_edit()
        head = self.git(self.root, "rev-parse", "HEAD").stdout
        result = self.ok("log-1on1", "alice", "--notes", "Pipeline review", cwd=self.root)
        self.assertIn("note: not committed to git: a merge is in progress in git", result.err)
        self.assertEqual(self.git(self.root, "rev-parse", "HEAD").stdout, head)
        self.assertTrue((self.root / ".git" / "MERGE_HEAD").exists())

    def test_a_staged_hand_edit_stays_staged(self):
        self.hand_edit()
        self.git(self.root, "add", "reps/alice-chen.yaml")
        self.ok("log-1on1", "alice", "--notes", "Pipeline review", cwd=self.root)
        self.assertNotIn("My own notes", self.git(self.root, "show", "HEAD:reps/alice-chen.yaml").stdout)
        self.assertEqual(self.added_lines("diff", "--cached"),
                         ["# My own notes on Alice, not ready to commit", "role: Senior AE"])
        self.assertEqual(self.git(self.root, "diff").stdout, "")

    def test_a_change_the_committed_version_cannot_take_commits_nothing_and_says_why(self):
        out = self.ok("--no-commit", "log-1on1", "alice", "-p", "Uncommitted promise", cwd=self.root).out
        new_id = re.findall(r"^  ([a-z0-9]{6}) ", out, re.M)[0]
        head = self.git(self.root, "rev-parse", "HEAD").stdout
        result = self.ok("followups", "done", new_id, cwd=self.root)
        self.assertIn("note: not committed to git: reps/alice-chen.yaml holds edits of yours that are not committed, "
                      "and coach's change cannot be made to its committed version", result.err)
        self.assertIn(f"promise {new_id} is not open there", result.err)
        self.assertEqual(self.git(self.root, "rev-parse", "HEAD").stdout, head)
        self.assertIn("done: 2026-11-25", self.file.read_text())


class InitGitTest(GitTestCase):
    def test_init_git_on_an_existing_directory_commits_the_team(self):
        root = self.tmp / "team"
        self.ok("init", str(root), "--manager", "Dana")
        self.ok("rep", "add", "Alice Chen", cwd=root)
        self.ok("log-1on1", "alice", "--notes", "First", cwd=root)
        result = self.ok("init", "--git", cwd=root)
        self.assertIn("every change is now committed (git.commit in coach.yaml)", result.out)
        self.assertEqual(self.log(root), ["coach init --git: the team's files"])
        tracked = self.git(root, "ls-files").stdout.split()
        self.assertEqual(tracked, [".gitattributes", ".gitignore", "coach.yaml", "reps/alice-chen.yaml"])
        self.assertTrue(yaml.safe_load((root / "coach.yaml").read_text())["git"]["commit"])
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")
        self.ok("log-1on1", "alice", "--notes", "Second", cwd=root)
        self.assertEqual(self.log(root)[0], "log-1on1: Alice Chen, 2026-11-25")

    def test_commit_false_is_turned_on_in_place(self):
        root = self.tmp / "team"
        self.ok("init", str(root))
        settings = root / "coach.yaml"
        settings.write_text(settings.read_text() + "git:\n  commit: false   # not yet\n  other: 1\n")
        self.ok("init", "--git", cwd=root)
        self.assertTrue(settings.read_text().endswith("git:\n  commit: true   # not yet\n  other: 1\n"))
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")

    def test_a_git_setting_coach_does_not_edit_stops_init_before_anything_changes(self):
        root = self.tmp / "team"
        self.ok("init", str(root))
        settings = root / "coach.yaml"
        settings.write_text(settings.read_text() + "git: {commit: false}\n")
        result = self.fails(3, "init", "--git", cwd=root)
        self.assertIn("coach.yaml:", result.err)
        self.assertIn("set `commit: true` under `git:` by hand", result.err)
        self.assertFalse((root / ".git").exists())
        self.assertFalse((root / ".gitattributes").exists())

    def test_init_git_in_a_clone_makes_it_owner_only(self):
        origin = self.init("origin")
        self.ok("rep", "add", "Alice Chen", cwd=origin)
        proc = subprocess.run(["sh", "-c", f"umask 022 && git clone -q {origin} clone"], cwd=self.tmp, env=self.env,
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        clone = self.tmp / "clone"
        self.assertEqual(mode_of(clone), 0o755)
        self.assertEqual(mode_of(clone / "reps" / "alice-chen.yaml"), 0o644)
        result = self.ok("init", "--git", cwd=clone)
        self.assertIn("owner-only (0700 folders, 0600 files)", result.out)
        self.assertEqual(mode_of(clone), 0o700)
        self.assertEqual(mode_of(clone / "reps"), 0o700)
        self.assertEqual(mode_of(clone / "coach.yaml"), 0o600)
        self.assertEqual(mode_of(clone / "reps" / "alice-chen.yaml"), 0o600)
        self.assertEqual(self.log(clone), ["rep add: Alice Chen (alice-chen)", "coach init"])
        self.assertEqual(self.git(clone, "status", "--porcelain").stdout, "")


if __name__ == "__main__":
    unittest.main()
