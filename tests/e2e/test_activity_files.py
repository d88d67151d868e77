"""Hand-written rep files with joint calls, career conversations (and their
development goals) and skills audits: every command that writes keeps every
other byte, PyYAML reads what coach writes, bad values are refused at their
place with nothing written, and the merge driver merges records of the new
kinds that two clones added by hand."""

import difflib
import re
import unittest

import yaml

from coachtest import CoachTestCase, snapshot
from test_git import GitTestCase

# A rep file as a manager writes it by hand: comments everywhere, flow and
# block styles, keys of their own (kept, reported by audit as warnings).
KIM = """\
# Kim Lee - rides along on Tuesdays.
id: kim-lee
name: Kim Lee
territory: Wisconsin   # a key of my own
records:
  - kind: joint-call
    id: ja1k2m
    date: 2026-10-06
    account: Fox River Paper
    contact: "Ann Kolb, CFO"
    call_type: negotiation   # their second round
    objective: Hold at 8% off
    manager_role: observe
    watch: [objections, closing]
    weather: snow          # mine, not coach's
    self_assessment: |
      Too quick to offer the term.

    went_well:
      - Asked before answering
    result: partly
    focus:
      - Objections
    ratings:
      objections: 3   # up from 2
      closing: 2
  - kind: career
    id: cr7t9b
    date: 2026-10-20
    minutes: 50
    goal: Enterprise AE in two years
    goals:
      # the two from her plan
      - id: gd1aaa
        owner: rep
        text: Lead one negotiation end to end
        due: 2026-12-15   # her date
        why: she asked for it
      # moved from last year's plan
      - id: gd2bbb
        owner: rep
        text: Three contacts on every deal over 50k
        due: 2026-11-30

      - id: gd3ccc
        owner: rep
        text: 'Finish the "negotiation" course'
        due: 2026-11-20
    # reviewed again in January
    notes: |
      Wants enterprise.
  - kind: skills-audit
    id: sk4x5z
    date: 2026-11-03
    ratings: {product: 4, objections: 3, closing: 2}
    recommendations:
      closing: Ask for a date   # every call
    notes: Better than in May.
  - kind: joint-call   # planned, no feedback yet
    id: jp8q2w
    date: 2026-11-24
    account: Great Lakes Millwork
    objective: Meet the CEO
    manager_role: support
# end of Kim's file
"""


def changes(before, after):
    """(removed, added) lines between two texts, and whether every change is
    an insertion (no line removed or rewritten)."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def only_inserted(before, after):
    """Whether `after` is `before` with whole lines inserted, nothing else changed."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


def goal(data, goal_id):
    for record in data["records"]:
        for item in record.get("goals", []) + record.get("promises", []):
            if item["id"] == goal_id:
                return item
    return None


class ActivityFilesTestCase(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.path = self.root / "reps" / "kim-lee.yaml"
        self.path.write_text(KIM)

    def run_and_diff(self, *args):
        before = self.path.read_text()
        self.ok("-C", str(self.root), *args)
        after = self.path.read_text()
        yaml.safe_load(after)  # the second reader takes what coach wrote
        return before, after


class EditsKeepEveryOtherByteTest(ActivityFilesTestCase):
    def test_coach_reads_the_hand_written_file(self):
        data = yaml.safe_load(KIM)
        self.assertEqual(len(data["records"]), 4)
        self.assertEqual(self.ok("-C", str(self.root), "audit", "--data", "--fail-on", "error").rc, 0)
        shown = self.ok("-C", str(self.root), "rep", "show", "kim", "--format", "json").out
        self.assertIn('"objections"', shown)

    def test_done_on_a_development_goal_adds_its_two_lines_only(self):
        before, after = self.run_and_diff("followups", "done", "gd1aaa", "--note", "Held 8% at Fox River")
        removed, added = changes(before, after)
        self.assertEqual(removed, [])
        self.assertEqual(added, ["        done: 2026-11-25", "        note: \"Held 8% at Fox River\""])
        # At the end of the goal: after its own last key, before the comment further left.
        self.assertIn("        why: she asked for it\n        done: 2026-11-25\n        note: \"Held 8% at Fox River\"\n"
                      "      # moved from last year's plan\n", after)
        data = yaml.safe_load(after)
        self.assertEqual(str(goal(data, "gd1aaa")["done"]), "2026-11-25")
        self.assertEqual(goal(data, "gd1aaa")["why"], "she asked for it")
        self.assertNotIn("done", goal(data, "gd2bbb"))

    def test_drop_on_a_development_goal_adds_its_two_lines_only(self):
        before, after = self.run_and_diff("followups", "drop", "gd2bbb", "--reason", "Small deals this year")
        removed, added = changes(before, after)
        self.assertEqual(removed, [])
        self.assertEqual(added, ["        dropped: 2026-11-25", "        reason: Small deals this year"])
        # The blank line between two goals stays after the added lines.
        self.assertIn("        due: 2026-11-30\n        dropped: 2026-11-25\n        reason: Small deals this year\n\n"
                      "      - id: gd3ccc\n", after)

    def test_move_on_a_development_goal_changes_its_due_line_only(self):
        before, after = self.run_and_diff("followups", "move", "gd3ccc", "--due", "2027-01-15")
        removed, added = changes(before, after)
        self.assertEqual(removed, ["        due: 2026-11-20"])
        self.assertEqual(added, ["        due: 2027-01-15", "        first_due: 2026-11-20"])
        self.assertIn("""        text: 'Finish the "negotiation" course'\n        due: 2027-01-15\n"""
                      "        first_due: 2026-11-20\n    # reviewed again in January\n", after)
        data = yaml.safe_load(after)
        self.assertEqual(goal(data, "gd3ccc")["text"], 'Finish the "negotiation" course')

    def test_adding_records_and_archiving_keep_the_file_above(self):
        for args in (("followups", "add", "kim", "Send the CEO deck", "--due", "2026-12-01"),
                     ("log-1on1", "kim", "--notes", "Prep for the CEO", "-p", "Book the room"),
                     ("rep", "archive", "kim", "--date", "2026-11-25")):
            with self.subTest(args[0]):
                before, after = self.run_and_diff(*args)
                self.assertTrue(only_inserted(before, after), changes(before, after))
        data = yaml.safe_load(self.path.read_text())
        self.assertEqual([r["kind"] for r in data["records"]],
                         ["joint-call", "career", "skills-audit", "joint-call", "promise", "1on1"])
        self.assertEqual(data["records"][0]["ratings"], {"objections": 3, "closing": 2})
        self.assertEqual(data["records"][2]["ratings"], {"product": 4, "objections": 3, "closing": 2})
        self.assertEqual(str(data["archived"]), "2026-11-25")
        self.assertEqual(data["territory"], "Wisconsin")
        # New records go after the last record, above the comment at the left margin that ends the file.
        self.assertTrue(self.path.read_text().endswith("# end of Kim's file\n"))

    def test_pyyaml_reads_every_file_coach_writes(self):
        self.ok("-C", str(self.root), "followups", "done", "gd1aaa")
        self.ok("-C", str(self.root), "followups", "add", "kim", "Send the CEO deck")
        self.ok("-C", str(self.root), "rep", "add", "Lee Park")
        for path in sorted(self.root.rglob("*.yaml")):
            with self.subTest(path.name):
                self.assertIsNotNone(yaml.safe_load(path.read_text()))
        self.assertEqual(self.ok("-C", str(self.root), "audit", "--data", "--fail-on", "error").rc, 0)


class BadValuesTest(ActivityFilesTestCase):
    CASES = {
        # name: (the text to replace, the bad text, the text the error's place points at)
        "rating 6": ("      objections: 3   # up from 2", "      objections: 6   # up from 2", "6   # up"),
        "manager role": ("    manager_role: observe", "    manager_role: boss", "boss"),
        "result": ("    result: partly", "    result: won", "won"),
        "skill map as a list": ("    ratings:\n      objections: 3   # up from 2\n      closing: 2\n",
                                "    ratings:\n      - objections: 3\n      - closing: 2\n", "- objections"),
        "audit rating 0": ("{product: 4,", "{product: 0,", "0, objections"),
        "recommendations as a list": ("      closing: Ask for a date   # every call",
                                      "      - Ask for a date", "- Ask for"),
    }

    def test_each_bad_value_names_its_place_and_nothing_is_written(self):
        for name, (good, bad, at) in self.CASES.items():
            with self.subTest(name):
                self.assertIn(good, KIM)
                text = KIM.replace(good, bad, 1)
                self.path.write_text(text)
                offset = text.index(at, text.index(bad))
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                before = snapshot(self.root)
                result = self.fails(3, "rep", "show", "kim", cwd=self.root)
                self.assertTrue(result.err.startswith(f"coach: error: reps/kim-lee.yaml:{line}:{column}: "),
                                result.err)
                for args in (("log-1on1", "kim", "--notes", "x"), ("followups", "add", "kim", "x"),
                             ("followups", "done", "gd1aaa"), ("rep", "archive", "kim")):
                    self.assertEqual(self.coach("-C", str(self.root), *args).rc, 3, args)
                self.assertEqual(snapshot(self.root), before)


class MergeNewKindsTest(GitTestCase):
    """Two clones each add a record of a new kind to the same rep file by hand
    and commit; the second pulls the first's: both records, once each."""

    RECORDS = {
        "joint-call": "  - kind: joint-call\n    id: {id}\n    date: 2026-11-20\n    account: Acme   # by hand\n"
                      "    manager_role: lead\n    result: met\n    ratings:\n      closing: 4\n",
        "career": "  - kind: career\n    id: {id}\n    date: 2026-11-21\n    goal: Team lead\n    goals:\n"
                  "      - id: g{id4}\n        owner: rep\n        text: Mentor the new hire\n        due: 2027-02-01\n",
        "skills-audit": "  - kind: skills-audit\n    id: {id}\n    date: 2026-11-22\n    ratings:\n      product: 3\n"
                        "      objections: 4\n    recommendations:\n      product: Certification again\n",
    }

    def clones(self, name):
        a = self.init(f"{name}-a")
        self.ok("rep", "add", "Alice Chen", cwd=a)
        self.git(self.tmp, "clone", "-q", str(a), f"{name}-b")
        b = self.tmp / f"{name}-b"
        self.ok("init", "--git", cwd=b)  # installs the merge driver in the clone
        return a, b

    def add_by_hand(self, root, kind, record_id):
        path = root / "reps" / "alice-chen.yaml"
        path.write_text(path.read_text() + self.RECORDS[kind].format(id=record_id, id4=record_id[1:]))
        self.git(root, "commit", "-q", "-am", f"{kind} by hand")

    def test_each_pair_of_new_kinds_merges(self):
        pairs = [("joint-call", "career"), ("career", "skills-audit"), ("skills-audit", "joint-call"),
                 ("joint-call", "joint-call")]
        for n, (theirs, ours) in enumerate(pairs):
            with self.subTest(theirs=theirs, ours=ours):
                a, b = self.clones(f"m{n}")
                self.add_by_hand(a, theirs, f"a{n}aaaa")
                self.add_by_hand(b, ours, f"b{n}bbbb")
                self.git(b, "pull", "-q", "--no-rebase", "--no-edit", str(a), "master")
                text = (b / "reps" / "alice-chen.yaml").read_text()
                self.assertNotIn("<<<<<<<", text)
                records = yaml.safe_load(text)["records"]
                self.assertEqual(sorted((r["kind"], r["id"]) for r in records),
                                 sorted([(theirs, f"a{n}aaaa"), (ours, f"b{n}bbbb")]))
                self.assertIn("    account: Acme   # by hand\n" if "joint-call" in (theirs, ours) else "kind:", text)
                self.ok("audit", "--data", cwd=b)


if __name__ == "__main__":
    unittest.main()
