"""coach rep add | list | show | archive."""

import json
import unittest

from coachtest import CoachTestCase, snapshot


class RepAddTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.ok("init", "t", "--manager", "Dana")
        self.root = self.tmp / "t"

    def test_add_writes_a_readable_file(self):
        result = self.ok("-C", "t", "rep", "add", "Zoë O'Brien", "--role", "AE: mid-market", "--start", "2020-02-03",
                         "--tag", "tenured,yes", "--cadence", "14")
        self.assertEqual(result.out, "Added Zoë O'Brien (zoe-obrien) in t/reps/zoe-obrien.yaml\n")
        text = (self.root / "reps" / "zoe-obrien.yaml").read_text()
        self.assertIn("id: zoe-obrien\n", text)
        self.assertIn('name: "Zoë O\'Brien"\n', text)
        self.assertIn('role: "AE: mid-market"\n', text)
        self.assertIn('tags: [tenured, "yes"]\n', text)
        self.assertIn("cadence: 14\n", text)
        self.assertTrue(text.endswith("records:\n"))

    def test_add_refuses_a_taken_id(self):
        self.ok("-C", "t", "rep", "add", "Alice Chen")
        before = snapshot(self.root)
        result = self.fails(5, "-C", "t", "rep", "add", "Alice  Chen")
        self.assertIn("--id", result.err)
        self.assertEqual(snapshot(self.root), before)
        self.ok("-C", "t", "rep", "add", "Alice Chen", "--id", "alice-chen-2")

    def test_hostile_names_stay_inside_the_directory(self):
        self.ok("-C", "t", "rep", "add", "../../etc/x")
        self.assertTrue((self.root / "reps" / "etc-x.yaml").is_file())
        self.ok("-C", "t", "rep", "add", "--", "-rf")
        self.assertTrue((self.root / "reps" / "rf.yaml").is_file())
        for bad_id in ["../x", "a/b", "-x", "X", ".hidden", "a" * 65]:
            self.fails(2, "-C", "t", "rep", "add", "Name", "--id", bad_id)
        self.fails(2, "-C", "t", "rep", "add", "")
        self.fails(2, "-C", "t", "rep", "add", "李小龍")  # no letters to make an id of: asks for --id
        self.ok("-C", "t", "rep", "add", "李小龍", "--id", "bruce-lee")
        files = sorted(p.name for p in (self.root / "reps").iterdir())
        self.assertEqual(files, ["bruce-lee.yaml", "etc-x.yaml", "rf.yaml"])
        self.assertFalse((self.tmp / "etc").exists())

    def test_add_rejects_bad_values(self):
        self.fails(2, "-C", "t", "rep", "add", "A B", "--start", "2026-13-01")
        self.fails(2, "-C", "t", "rep", "add", "A B", "--cadence", "0")
        self.fails(2, "-C", "t", "rep", "add", "A B", "--tag", "Top Performer!")
        self.assertEqual(list((self.root / "reps").iterdir()), [])


class RepListShowTest(CoachTestCase):
    def test_examples_roster(self):
        root = self.examples_copy()
        result = self.ok("-C", str(root), "rep", "list")
        lines = result.out.splitlines()
        # BEHIND: the example team holds the other activities too; Marcus's skipped career conversation.
        self.assertEqual(lines[0].split(), ["ID", "NAME", "ROLE", "TAGS", "LAST", "1:1", "DAYS", "OPEN", "OVERDUE",
                                            "BEHIND"])
        ids = [line.split()[0] for line in lines[1:-1]]
        self.assertEqual(ids, ["hannah-brooks", "jordan-okafor", "marcus-reed", "priya-raman", "sofia-martinez",
                               "tyler-nguyen"])
        self.assertEqual(lines[-1], "1 archived rep not shown (--all)")
        marcus = next(line for line in lines if line.startswith("marcus-reed"))
        self.assertTrue(marcus.endswith("Thu 2026-11-05    20     3        3  career 230d"), marcus)
        self.assertNotIn("\x1b[", result.out)  # no color when not on a terminal

    def test_list_json(self):
        root = self.examples_copy()
        data = json.loads(self.ok("-C", str(root), "rep", "list", "--all", "--format", "json").out)
        self.assertEqual(data["as_of"], "2026-11-25")
        by_id = {rep["id"]: rep for rep in data["reps"]}
        self.assertEqual(len(by_id), 7)
        marcus = by_id["marcus-reed"]
        self.assertEqual(marcus["tags"], ["tenured"])
        self.assertEqual(marcus["last_one_on_one"], "2026-11-05")
        self.assertEqual(marcus["days_since_last_one_on_one"], 20)
        self.assertEqual(marcus["open_promise_count"], 3)
        self.assertEqual(marcus["overdue_promise_count"], 3)
        self.assertEqual(by_id["ryan-kowalski"]["archived"], "2026-06-30")
        self.assertEqual(by_id["jordan-okafor"]["cadence_days"], 7)
        self.assertEqual(list(marcus.keys()), [
            "id", "name", "role", "tags", "start", "archived", "cadence_days", "one_on_ones", "last_one_on_one",
            "days_since_last_one_on_one", "next_one_on_one_due", "open_promise_count",
            "overdue_promise_count", "most_overdue_activity"])

    def test_show_recent_says_what_each_kind_was_about(self):
        root = self.examples_copy()
        sofia = self.ok("-C", str(root), "rep", "show", "sofia").out
        self.assertIn("    Thu 2026-11-19  call         Vantage Plastics, planned (no feedback yet)\n", sofia)
        tyler = self.ok("-C", str(root), "rep", "show", "tyler").out
        self.assertIn("    Thu 2026-11-05  career  40m  Enterprise AE within two years", tyler)
        self.assertIn("    Thu 2026-11-19  1on1    40m  Thanksgiving at Mai's family", tyler)

    def test_color_only_when_asked(self):
        root = self.examples_copy()
        self.assertIn("\x1b[31m", self.ok("-C", str(root), "--color", "always", "rep", "list").out)
        self.assertNotIn("\x1b[", self.ok("-C", str(root), "rep", "list", env={"NO_COLOR": "1"}).out)

    def test_show(self):
        root = self.examples_copy()
        out = self.ok("-C", str(root), "rep", "show", "marcus").out
        self.assertTrue(out.startswith("Marcus Reed (marcus-reed)\n"), out)
        self.assertIn("  Started:   2014-03-10 (12 years)\n", out)
        self.assertIn("  Last 1:1:  Thu 2026-11-05, 20 days ago; next due Thu 2026-11-12\n", out)
        self.assertIn("    mnjmx9  you     Send Marcus the draft 2027 territory map                    "
                      "due Thu 2026-11-12 (13 days ago)\n", out)
        self.assertIn("    vxngr3  Marcus  Send me a Great Plains renewal risk summary", out)
        data = json.loads(self.ok("-C", str(root), "rep", "show", "marcus-reed", "--format", "json").out)
        self.assertEqual([p["id"] for p in data["open_promises"] if p["overdue"]], ["vka7f8", "mnjmx9", "vxngr3"])

    def test_show_json_gives_each_record_the_fields_of_its_kind(self):
        root = self.team()
        self.ok("-C", str(root), "log-1on1", "alice", "-m", "30", "--personal", "Moving house", "--notes", "Fine")
        self.ok("-C", str(root), "followups", "add", "alice", "Send the deck")
        path = root / "reps" / "alice-chen.yaml"
        path.write_text(path.read_text() + "  - kind: ride-along\n    date: 2026-11-20\n    minutes: lots\n"
                        "    account: Acme\n")
        records = json.loads(self.ok("-C", str(root), "rep", "show", "alice", "--format", "json").out)["records"]
        self.assertEqual([list(r) for r in records], [
            ["kind", "id", "date", "minutes", "personal", "professional", "notes", "promises"],
            ["kind", "id", "date", "promises"],
            ["kind", "id", "date", "promises"],  # a kind from a later version: its keys are kept, not read
        ])
        self.assertEqual((records[0]["minutes"], records[0]["personal"], records[0]["professional"],
                          records[0]["notes"]), (30, ["Moving house"], [], "Fine"))
        self.assertEqual((records[1]["kind"], records[1]["promises"]), ("promise", 1))

    def test_unknown_and_ambiguous_reps(self):
        root = self.examples_copy()
        result = self.fails(4, "-C", str(root), "rep", "show", "an")
        self.assertIn("rep 'an' is ambiguous: it matches hannah-brooks (Hannah Brooks), jordan-okafor", result.err)
        self.assertNotIn("ryan", result.err)  # archived reps count only when no active rep matches
        self.assertEqual(self.ok("-C", str(root), "rep", "show", "ryan").out.splitlines()[0],
                         "Ryan Kowalski (ryan-kowalski)")
        result = self.fails(4, "-C", str(root), "rep", "show", "marcos")
        self.assertIn("no rep 'marcos'; closest: marcus-reed (Marcus Reed)", result.err)


class RepArchiveTest(CoachTestCase):
    def test_archive_adds_one_line(self):
        root = self.team()
        path = root / "reps" / "bo-diaz.yaml"
        before = path.read_text()
        result = self.ok("-C", str(root), "rep", "archive", "bo", "--date", "2026-11-20")
        self.assertIn("Archived Bo Diaz (bo-diaz) as of Fri 2026-11-20", result.out)
        after = path.read_text()
        self.assertEqual(after, before.replace("records:\n", "archived: 2026-11-20\nrecords:\n"))
        self.assertNotIn("bo-diaz", self.ok("-C", str(root), "rep", "list").out)
        self.assertIn("bo-diaz", self.ok("-C", str(root), "rep", "list", "--all").out)
        self.fails(5, "-C", str(root), "rep", "archive", "bo-diaz")
        result = self.fails(2, "-C", str(root), "log-1on1", "bo-diaz", "--notes", "x")
        self.assertIn("archived", result.err)
        self.assertEqual(path.read_text(), after)


if __name__ == "__main__":
    unittest.main()
