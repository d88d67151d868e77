"""coach rep add | list | show | archive."""

import json
import unittest

from coachtest import CoachTestCase, snapshot
from test_git import GitTestCase


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


    def test_add_refuses_a_start_in_the_future(self):
        for start in ["2026-11-26", "+3d", "2027-01-04"]:
            result = self.fails(2, "-C", "t", "rep", "add", "A B", "--start", start)
            self.assertRegex(result.err, r"^coach: error: --start: \w{3} \d{4}-\d\d-\d\d is in the future; "
                                         r"add the rep once they started\n$")
        self.assertEqual(list((self.root / "reps").iterdir()), [])
        self.ok("-C", "t", "rep", "add", "A B", "--start", "2026-11-25")  # today has come

    def test_show_says_tenure_in_months_under_a_year(self):
        # today is 2026-11-25
        for start, tenure in [("2026-11-25", "less than a month"), ("2026-10-26", "less than a month"),
                              ("2026-10-25", "1 month"), ("2026-09-01", "2 months"), ("2025-11-26", "11 months"),
                              ("2025-11-25", "1 year"), ("2023-09-01", "3 years 2 months")]:
            self.ok("-C", "t", "rep", "add", "Rep " + start, "--start", start)
            out = self.ok("-C", "t", "rep", "show", "rep-" + start).out
            self.assertIn(f"  Started:   {start} ({tenure})\n", out)


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

    def test_list_names_broken_rep_files_first_then_team_files(self):
        root = self.examples_copy()
        (root / "reps" / "marcus-reed.yaml").write_text("id: marcus-reed\nname: Marcus Reed\nrecords: [\n")
        (root / "team" / "2026.yaml").write_text("records:\n  - kind: team-meeting\n    date: [\n")
        result = self.coach("-C", str(root), "rep", "list")
        self.assertEqual(result.rc, 3, result)
        self.assertIn("priya-raman", result.out)  # the others are listed
        self.assertNotIn("marcus-reed", result.out)
        errors = result.err.splitlines()
        self.assertEqual(len(errors), 3, result.err)  # each file, then what the figures leave out
        self.assertRegex(errors[0], r"reps/marcus-reed\.yaml:\d+:\d+: ")
        self.assertRegex(errors[1], r"team/2026\.yaml:\d+:\d+: ")
        self.assertIn("leave out 2 files", errors[2])

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
        self.assertIn("  Started:   2014-03-10 (12 years 8 months)\n", out)
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


class RepSetTest(CoachTestCase):
    def test_set_changes_each_value_on_its_line(self):
        root = self.team()
        path = root / "reps" / "alice-chen.yaml"
        self.ok("-C", str(root), "log-1on1", "alice", "--notes", "Fine")
        path.write_text(path.read_text().replace("role: Senior AE\n", "role: Senior AE  # since May\n# my note\n"))
        before = path.read_text()
        result = self.ok("-C", str(root), "rep", "set", "alice", "--name", "Alice Chen-Ng", "--role", "Team lead",
                         "--tag", "mentor", "--cadence", "2w", "--start", "2019-05-06")
        self.assertEqual(result.out, "Set for Alice Chen (alice-chen): name Alice Chen-Ng, role Team lead, start "
                                     "2019-05-06, tags +mentor, cadence 14 days\n"
                                     f"The id stays alice-chen: it names the file ({path}) and the rep in other "
                                     "commands\n")
        after = path.read_text()
        expected = (before.replace("name: Alice Chen\n", "name: Alice Chen-Ng\n")
                    .replace("role: Senior AE  #", "role: Team lead  #")
                    .replace("start: 2019-04-01", "start: 2019-05-06")
                    .replace("tags: [high-performer]", "tags: [high-performer, mentor]")
                    .replace("records:\n", "cadence: 14\nrecords:\n", 1))
        self.assertEqual(after, expected)
        data = json.loads(self.ok("-C", str(root), "rep", "show", "alice-chen", "--format", "json").out)
        self.assertEqual((data["name"], data["role"], data["tags"], data["cadence_days"], data["start"]),
                         ("Alice Chen-Ng", "Team lead", ["high-performer", "mentor"], 14, "2019-05-06"))
        self.assertEqual(len(data["records"]), 1)
        # Back to the policy's cadence, a tag off: the cadence line goes, the rest stays.
        self.ok("-C", str(root), "rep", "set", "alice", "--cadence", "default", "--untag", "high-performer")
        self.assertEqual(path.read_text(), after.replace("cadence: 14\n", "").replace("[high-performer, mentor]",
                                                                                      "[mentor]"))

    def test_set_with_nothing_to_change(self):
        root = self.team()
        before = snapshot(root)
        result = self.fails(2, "-C", str(root), "rep", "set", "alice")
        self.assertIn("nothing to set", result.err)
        result = self.ok("-C", str(root), "rep", "set", "alice", "--tag", "high-performer", "--cadence", "default")
        self.assertEqual(result.out, "Nothing to change: Alice Chen (alice-chen) has these already\n")
        self.assertEqual(snapshot(root), before)

    def test_set_refuses_bad_values_and_writes_nothing(self):
        root = self.team()
        before = snapshot(root)
        result = self.fails(4, "-C", str(root), "rep", "set", "alice", "--untag", "tenured")
        self.assertIn("--untag: Alice Chen has no tag 'tenured' (tags: high-performer)", result.err)
        for args in (["--cadence", "0"], ["--cadence", "often"], ["--cadence", "366"], ["--tag", "Top Dog!"],
                     ["--start", "2026-12-01"], ["--start", "someday"], ["--name", ""], ["--role", " "],
                     ["--tag", "x", "--untag", "x"], ["--name", "Two\nlines"]):
            self.fails(2, "-C", str(root), "rep", "set", "alice", *args)
        self.fails(4, "-C", str(root), "rep", "set", "nobody", "--role", "AE")
        self.ok("-C", str(root), "log-1on1", "alice", "--date", "2026-11-02", "--notes", "First")
        before = snapshot(root)
        result = self.fails(2, "-C", str(root), "rep", "set", "alice", "--start", "2026-11-10")
        self.assertIn("--start: Tue 2026-11-10 is after the record of Mon 2026-11-02 in Alice Chen's history", result.err)
        self.assertEqual(snapshot(root), before)
        self.ok("-C", str(root), "rep", "set", "alice", "--start", "2026-11-02")  # the day of the first record is fine
        path = root / "reps" / "bo-diaz.yaml"
        path.write_text(path.read_text().replace("name: Bo Diaz\n", "name: Bo Diaz\nrole: |\n  SDR\n"))
        before = snapshot(root)
        result = self.fails(3, "-C", str(root), "rep", "set", "bo", "--role", "AE")
        self.assertIn("bo-diaz.yaml:5:7: role: coach changes only a value written on one line", result.err)
        self.assertEqual(snapshot(root), before)


class RepSetCommitTest(GitTestCase):
    def test_set_is_one_commit(self):
        root = self.init()
        self.ok("-C", str(root), "rep", "add", "Priya Raman")
        self.ok("-C", str(root), "rep", "set", "priya", "--name", "Priya Khan", "--cadence", "10")
        self.assertEqual(self.log(root)[0], "rep set: Priya Raman name, cadence")
        self.assertEqual(self.files_in(root), ["reps/priya-raman.yaml"])
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")


class RepMoveTest(CoachTestCase):
    def two_teams(self):
        east, west = self.tmp / "east", self.tmp / "west"
        self.ok("init", str(east), "--manager", "Dana", "--team", "East")
        self.ok("init", str(west), "--manager", "Sam", "--team", "West")
        self.ok("-C", str(east), "rep", "add", "Priya Raman", "--tag", "tenured")
        self.ok("-C", str(east), "log-1on1", "priya", "--notes", "Fine", "--promise", "Send the deck")
        self.ok("-C", str(west), "rep", "add", "Alex Kim")
        return east, west

    def test_move_copies_the_file_byte_for_byte(self):
        east, west = self.two_teams()
        source = east / "reps" / "priya-raman.yaml"
        source.write_text(source.read_text() + "# a hand comment\n")
        before = source.read_bytes()
        result = self.ok("-C", str(east), "rep", "move", "priya", "--to", str(west))
        self.assertEqual(result.out, f"Moved Priya Raman (priya-raman) to West: {west}/reps/priya-raman.yaml, "
                                     f"history and all; {source} is gone from East\n")
        self.assertFalse(source.exists())
        self.assertEqual((west / "reps" / "priya-raman.yaml").read_bytes(), before)
        self.assertIn("Send the deck", self.ok("-C", str(west), "followups").out)
        self.assertEqual(self.ok("-C", str(west), "rep", "show", "priya").out.splitlines()[0],
                         "Priya Raman (priya-raman)")
        self.fails(4, "-C", str(east), "rep", "show", "priya")

    def test_move_refuses_a_taken_id_or_record_id_and_moves_nothing(self):
        east, west = self.two_teams()
        self.ok("-C", str(west), "rep", "add", "Priya Raman")
        before = (snapshot(east), snapshot(west))
        result = self.fails(5, "-C", str(east), "rep", "move", "priya", "--to", str(west))
        self.assertIn("has a rep 'priya-raman' already", result.err)
        self.assertEqual((snapshot(east), snapshot(west)), before)
        # A copy of Priya's file under another id: every record and promise id of hers is in use there.
        (west / "reps" / "priya-raman.yaml").unlink()
        text = (east / "reps" / "priya-raman.yaml").read_text()
        (west / "reps" / "pat.yaml").write_text(text.replace("id: priya-raman", "id: pat").replace("Priya", "Pat"))
        before = (snapshot(east), snapshot(west))
        result = self.fails(5, "-C", str(east), "rep", "move", "priya", "--to", str(west))
        self.assertRegex(result.err, r"uses the ids \w{6}, \w{6} of Priya Raman's records and promises already; "
                                     r"nothing moved")
        self.assertEqual((snapshot(east), snapshot(west)), before)

    def test_move_refuses_a_rep_with_results_here(self):
        # A results file names only reps of its directory: moving the rep would break this team's report.
        east, west = self.two_teams()
        (east / "q3.csv").write_text("period,rep,quota,actual\n2026-Q3,priya-raman,100,90\n")
        self.ok("-C", str(east), "results", "import", str(east / "q3.csv"))
        before = (snapshot(east), snapshot(west))
        result = self.fails(5, "-C", str(east), "rep", "move", "priya", "--to", str(west))
        self.assertIn("Priya Raman has sales results in this team's", result.err)
        self.assertIn("2026-Q3.yaml", result.err)
        self.assertEqual((snapshot(east), snapshot(west)), before)
        self.ok("-C", str(east), "report")

    def test_move_needs_another_data_directory(self):
        east, west = self.two_teams()
        before = (snapshot(east), snapshot(west))
        result = self.fails(4, "-C", str(east), "rep", "move", "priya", "--to", str(self.tmp / "nowhere"))
        self.assertIn("is not a data directory (no coach.yaml)", result.err)
        self.fails(2, "-C", str(east), "rep", "move", "priya", "--to", str(east))
        self.fails(2, "-C", str(east), "rep", "move", "priya")
        self.fails(4, "-C", str(east), "rep", "move", "nobody", "--to", str(west))
        self.assertEqual((snapshot(east), snapshot(west)), before)


class RepMoveCommitTest(GitTestCase):
    def test_move_commits_in_both_directories(self):
        east, west = self.tmp / "east", self.tmp / "west"
        self.ok("init", str(east), "--git", "--manager", "Dana", "--team", "East")
        self.ok("init", str(west), "--git", "--manager", "Sam", "--team", "West")
        self.ok("-C", str(east), "rep", "add", "Priya Raman")
        self.ok("-C", str(east), "rep", "move", "priya", "--to", str(west))
        self.assertEqual(self.log(east)[0], "rep move: Priya Raman to West")
        self.assertEqual(self.log(west)[0], "rep move: Priya Raman from East")
        self.assertEqual(self.files_in(east), ["reps/priya-raman.yaml"])
        self.assertEqual(self.files_in(west), ["reps/priya-raman.yaml"])
        for root in (east, west):
            self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")


if __name__ == "__main__":
    unittest.main()
