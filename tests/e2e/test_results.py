"""coach results: CRM exports imported into results/PERIOD.yaml (every row
checked before anything is written, each period replaced whole), read back
exactly by PyYAML, shown as a table, json or csv, committed to git."""

import json
import shutil
import unittest

import yaml

from coachtest import CoachTestCase, snapshot
from test_git import GitTestCase

HEADER = "rep,period,quota,actual\n"


class ResultsTestCase(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()  # alice-chen (Alice Chen), bo-diaz (Bo Diaz)

    def csv(self, text, name="crm.csv"):
        path = self.tmp / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return str(path)

    def results(self, *args):
        return self.ok("-C", str(self.root), "results", *args)

    def load(self, label):
        return yaml.safe_load((self.root / "results" / f"{label}.yaml").read_text(encoding="utf-8"))


class ImportTest(ResultsTestCase):
    def test_import_writes_one_file_per_period_that_pyyaml_reads_back(self):
        path = self.csv(HEADER + "alice-chen,2026-Q3,\"$120,000.50\",98500\n"
                        "Bo Diaz,2026-Q3,\u20ac80000,85000\n"
                        "bo-diaz,2026-10,30000,27000.25\n")
        result = self.results("import", path)
        self.assertEqual(result.out, "2026-Q3: 2 reps (new)\n2026-10: 1 rep (new)\n")
        self.assertEqual(self.load("2026-Q3"), {
            "period": "2026-Q3",
            "reps": {"alice-chen": {"quota": 120000.5, "actual": 98500},
                     "bo-diaz": {"quota": 80000, "actual": 85000}}})
        self.assertEqual(self.load("2026-10")["reps"], {"bo-diaz": {"quota": 30000, "actual": 27000.25}})
        text = (self.root / "results" / "2026-Q3.yaml").read_text()
        self.assertTrue(text.startswith("# Sales results for 2026-Q3, from crm.csv (coach results import).\n"), text)

    def test_bad_rows_are_named_with_their_lines_and_nothing_is_written(self):
        self.results("import", self.csv(HEADER + "alice-chen,2026-10,100,90\n"))
        before = snapshot(self.root)
        path = self.csv(HEADER + "alice-chen,2026-10,100,95\n"
                        "zed,2026-10,100,90\n"
                        "bo-diaz,2026-11,-5,90\n"
                        "bo-diaz,2026-12,100,\n"
                        "alice-chen,2026-10,1,1\n", name="bad.csv")
        result = self.coach("-C", str(self.root), "results", "import", path)
        self.assertEqual(result.rc, 3, result)
        lines = result.err.splitlines()
        self.assertEqual(len(lines), 5, result)
        self.assertTrue(all(line.startswith("coach: error: ") for line in lines), result)
        self.assertTrue(lines[0].startswith(f"coach: error: {path}:3: rep: no rep \"zed\""), result)
        self.assertEqual(lines[1], f"coach: error: {path}:4: quota: \"-5\" is below 0; write 0 or more")
        self.assertEqual(lines[2], f"coach: error: {path}:5: actual: empty; write an amount, 0 for none")
        self.assertEqual(lines[3], f"coach: error: {path}:6: alice-chen for 2026-10 again (first on line 2); "
                                   "keep one row per rep and period")
        self.assertEqual(lines[4], f"coach: error: {path}: 4 bad rows; nothing was imported: correct the rows and "
                                   "run again")
        self.assertEqual(result.out, "")
        self.assertEqual(snapshot(self.root), before)  # the good rows were not written either

    def test_more_than_ten_bad_rows_are_cut_short(self):
        path = self.csv(HEADER + "".join(f"nobody{i},2026-10,1,1\n" for i in range(14)))
        result = self.coach("-C", str(self.root), "results", "import", path)
        self.assertEqual(result.rc, 3, result)
        self.assertEqual(len(result.err.splitlines()), 11, result)
        self.assertIn("14 bad rows (and 4 more not shown); nothing was imported", result.err)
        self.assertFalse((self.root / "results").exists())

    def test_a_csv_that_does_not_parse_names_its_line(self):
        path = self.csv(HEADER + "alice-chen,2026-10,100,90\n\"bo-diaz,2026-10,1,1\n")
        result = self.fails(3, "-C", str(self.root), "results", "import", path)
        self.assertIn(f"{path}:3: a quoted field is not closed", result.err)

    def test_reimport_replaces_the_period_and_shows_the_change(self):
        self.results("import", self.csv("rep,period,quota,actual,pipeline\n"
                                        "alice-chen,2026-Q3,100000,98000,5\n"
                                        "bo-diaz,2026-Q3,50000,40000,\n"))
        result = self.results("import", self.csv("rep,period,quota,actual,pipeline\n"
                                                 "alice-chen,2026-Q3,100000,98500,6\n", name="again.csv"))
        self.assertEqual(result.out, "2026-Q3: alice-chen actual 98,000 -> 98,500; alice-chen pipeline \"5\" -> "
                                     "\"6\"; bo-diaz removed\n")
        self.assertEqual(self.load("2026-Q3")["reps"],
                         {"alice-chen": {"quota": 100000, "actual": 98500, "pipeline": "6"}})
        self.assertIn("from again.csv", (self.root / "results" / "2026-Q3.yaml").read_text())
        result = self.results("import", self.csv("rep,period,quota,actual,pipeline\n"
                                                 "alice-chen,2026-Q3,100000,98500,6\n", name="same.csv"))
        self.assertEqual(result.out, "2026-Q3: unchanged\n")
        self.assertIn("from again.csv", (self.root / "results" / "2026-Q3.yaml").read_text())  # not rewritten

    def test_map_and_period(self):
        path = self.csv("Account Owner,Target,Closed Won,Region\r\nalice chen,\"1,000\",\"1,250\",West\r\n")
        maps = ["--map", "rep=Account Owner", "--map", "quota=Target", "--map", "actual=Closed Won"]
        result = self.results("import", path, "--period", "2026-q4", *maps)
        self.assertEqual(result.out, "2026-Q4: 1 rep (new)\n")
        self.assertEqual(self.load("2026-Q4")["reps"],
                         {"alice-chen": {"quota": 1000, "actual": 1250, "region": "West"}})
        self.fails(2, "-C", str(self.root), "results", "import", path, *maps)  # no period column, no --period
        self.fails(2, "-C", str(self.root), "results", "import", path, "--period", "2026-Q4", "--map", "owner=x")
        self.fails(2, "-C", str(self.root), "results", "import", path, "--period", "2026-Q4", "--map", "rep=Owner")
        self.fails(2, "-C", str(self.root), "results", "import", path, "--period", "Q4", *maps)
        result = self.fails(3, "-C", str(self.root), "results", "import", path, "--period", "2026-Q4")
        self.assertIn(":1: no column \"rep\" in the header", result.err)

    def test_dry_run_prints_the_change_and_writes_nothing(self):
        self.results("import", self.csv(HEADER + "alice-chen,2026-10,100,90\n"))
        before = snapshot(self.root)
        result = self.results("import", self.csv(HEADER + "alice-chen,2026-10,100,95\nbo-diaz,2026-11,1,1\n"),
                              "--dry-run")
        self.assertEqual(result.out, "2026-10: alice-chen actual 90 -> 95\n2026-11: 1 rep (new)\n"
                                     "dry run: nothing was written\n")
        self.assertEqual(snapshot(self.root), before)

    def test_a_name_instead_of_an_id_and_an_ambiguous_name(self):
        self.ok("-C", str(self.root), "rep", "add", "Alice Chen", "--id", "alice-chen-2")
        result = self.coach("-C", str(self.root), "results", "import",
                            self.csv(HEADER + "BO DIAZ,2026-10,1,2\nalice chen,2026-10,1,1\n"))
        self.assertEqual(result.rc, 3, result)
        self.assertIn(":3: rep: \"alice chen\" is the name of 2 reps (alice-chen, alice-chen-2); give the id instead",
                      result.err)
        self.results("import", self.csv(HEADER + "BO DIAZ,2026-10,1,2\n"))
        self.assertEqual(self.load("2026-10")["reps"], {"bo-diaz": {"quota": 1, "actual": 2}})

    def test_hostile_texts_in_extra_columns_read_back_exactly(self):
        hostile = ["yes", "007", "#x", "a: b", "say \"hi\"", "'single'", "~", "null", "- x", "1e5", "2026-10-01",
                   " padded ", "{x: 1}", "[1]", "*alias", "&anchor", "!tag", "%TAG", "@at", "`tick", "|", ">",
                   "1:30", "0x1F", "+12", ".inf", "Zoë, €5", "\ufeffbom", "--- doc"]
        header = "rep,period,quota,actual," + ",".join(f"c{i}" for i in range(len(hostile))) + ",yes,null\n"
        quoted = ",".join('"' + text.replace('"', '""') + '"' for text in hostile)
        self.results("import", self.csv(header + f"alice-chen,2026-10,1,1,{quoted},true,nothing\n"))
        rep = self.load("2026-10")["reps"]["alice-chen"]
        for i, text in enumerate(hostile):
            self.assertEqual(rep[f"c{i}"], text, i)
        self.assertEqual(rep["yes"], "true")  # a column named yes is the text key "yes", not True
        self.assertEqual(rep["null"], "nothing")
        shown = json.loads(self.results("--format", "json").out)
        self.assertEqual(shown["periods"][0]["reps"][0]["extra"]["c0"], "yes")
        for bad in ("two\nlines", "cr\ronly", "tab\x01ctl", "a\ttab", "del\x7f", "nel\u0085", "\u2028sep",
                    "\u2029par", "c1\u009b"):
            with self.subTest(bad=bad):
                result = self.coach("-C", str(self.root), "results", "import",
                                    self.csv(HEADER.strip() + ",note\n" + f"alice-chen,2026-11,1,1,\"{bad}\"\n"))
                self.assertEqual(result.rc, 3, result)
                self.assertIn(":2: note: a ", result.err)
        self.assertFalse((self.root / "results" / "2026-11.yaml").exists())

    def test_bom_crlf_and_blank_lines(self):
        self.results("import", self.csv(b"\xef\xbb\xbfRep,Period,Quota,Actual\r\n\r\nalice-chen,2026-10,1,2\r\n\r\n"))
        self.assertEqual(self.load("2026-10")["reps"], {"alice-chen": {"quota": 1, "actual": 2}})

    def test_a_directory_in_the_way_writes_no_period_and_leaves_no_temporary_file(self):
        self.results("import", self.csv(HEADER + "alice-chen,2026-07,1,1\n", name="first.csv"))
        (self.root / "results" / "2026-06.yaml").mkdir()
        before = snapshot(self.root)
        path = self.csv(HEADER + "alice-chen,2026-05,100,90\nalice-chen,2026-06,100,90\n"
                        "alice-chen,2026-07,100,90\n")
        result = self.coach("-C", str(self.root), "results", "import", path)
        self.assertEqual(result.rc, 6, result)
        self.assertIn("2026-06.yaml: not a regular file; nothing was imported", result.err)
        self.assertEqual(snapshot(self.root), before)  # 2026-05 not written, 2026-07 as it was
        leftovers = [p.name for p in (self.root / "results").iterdir() if ".tmp-import-" in p.name]
        self.assertEqual(leftovers, [])

    def test_a_missing_csv_and_usage_errors(self):
        self.fails(4, "-C", str(self.root), "results", "import", str(self.tmp / "none.csv"))
        self.fails(2, "-C", str(self.root), "results", "import", self.csv(HEADER), "--map", "rep")
        self.fails(2, "-C", str(self.root), "results", "--format", "xml")


class ShowTest(ResultsTestCase):
    def setUp(self):
        super().setUp()
        self.results("import", self.csv("rep,period,quota,actual,Win Rate\n"
                                        "alice-chen,2026-Q3,120000,98500,41%\n"
                                        "bo-diaz,2026-Q3,0,1000,\n"
                                        "bo-diaz,2026-10,40000,50000,\n"))

    def test_table(self):
        out = self.results().out
        self.assertIn("2026-Q3 (2026-07-01 to 2026-09-30)", out)
        self.assertRegex(out, r"alice-chen +Alice Chen +120,000 +98,500 +82% +41%")
        self.assertRegex(out, r"bo-diaz +Bo Diaz +0 +1,000 +-")
        self.assertLess(out.index("2026-Q3"), out.index("2026-10"))
        self.assertEqual(self.results("show", "2026-10").out.count("bo-diaz"), 1)
        self.assertNotIn("alice-chen", self.results("2026-10").out)

    def test_json_and_csv(self):
        data = json.loads(self.results("--format", "json").out)
        q3 = data["periods"][0]
        self.assertEqual((q3["period"], q3["first"], q3["last"]), ("2026-Q3", "2026-07-01", "2026-09-30"))
        self.assertEqual(q3["reps"][0], {"id": "alice-chen", "name": "Alice Chen", "quota": 120000, "actual": 98500,
                                         "attainment": 0.8208, "extra": {"win_rate": "41%"}})
        self.assertIsNone(q3["reps"][1]["attainment"])
        csv = self.results("show", "--format", "csv").out
        self.assertEqual(csv.splitlines()[0], "period,rep,name,quota,actual,attainment,win_rate")
        self.assertIn("2026-Q3,alice-chen,Alice Chen,120000,98500,82,41%\n", csv)  # text mode: CRLF read as \n
        self.assertIn("2026-10,bo-diaz,Bo Diaz,40000,50000,125,\n", csv)

    def test_attainment_is_rounded_as_the_report_rounds_it(self):
        # The report's rule: half up to four decimals once, then half up again to a whole percent.
        self.results("import", self.csv(HEADER + "alice-chen,2026-11,10000,1.5\nbo-diaz,2026-11,10000,1249.51\n"))
        reps = json.loads(self.results("show", "2026-11", "--format", "json").out)["periods"][0]["reps"]
        self.assertEqual([r["attainment"] for r in reps], [0.0002, 0.125])  # 0.00015 -> 0.0002, 0.124951 -> 0.125
        self.assertRegex(self.results("show", "2026-11").out, r"bo-diaz +Bo Diaz +10,000 +1,249.51 +13%")
        csv = self.results("show", "2026-11", "--format", "csv").out
        self.assertRegex(csv, r"2026-11,bo-diaz,Bo Diaz,10000,1249.51,13\b")

    def test_amounts_are_shown_as_the_report_shows_them_and_at_most_cents_are_imported(self):
        self.results("import", self.csv(HEADER + "alice-chen,2026-11,1200.5,1000.0000\n"))
        self.assertRegex(self.results("show", "2026-11").out, r"alice-chen +Alice Chen +1,200.50 +1,000 +83%")
        path = self.csv(HEADER + "bo-diaz,2026-11,100,0.001\n", name="mills.csv")
        result = self.coach("-C", str(self.root), "results", "import", path)
        self.assertEqual(result.rc, 3, result)
        self.assertIn(f"{path}:2: actual: \"0.001\" has more than 2 decimals; an amount has at most 2 decimals (cents)",
                      result.err)
        self.assertNotIn("bo-diaz", (self.root / "results" / "2026-11.yaml").read_text())

    def test_unknown_period_and_unreadable_files(self):
        self.fails(4, "-C", str(self.root), "results", "2026-01")
        self.fails(2, "-C", str(self.root), "results", "Q3")
        (self.root / "results" / "2026-11.yaml").write_text("period: 2026-11\nreps:\n  zed:\n    quota: 1\n"
                                                            "    actual: 1\n")
        result = self.coach("-C", str(self.root), "results")
        self.assertEqual(result.rc, 3, result)
        self.assertIn("2026-11.yaml:3:3: reps: no rep 'zed' in reps/", result.err)
        self.assertIn("alice-chen", result.out)  # the readable periods are shown first
        (self.root / "results" / "2026-11.yaml").write_text("period: 2026-11\nsource: crm\nreps: {}\n")
        result = self.results()
        self.assertIn("warning: ", result.err)
        self.assertIn("2026-11.yaml:2:1: unknown key 'source'", result.err)

    def test_audit_and_report_name_an_unreadable_results_file(self):
        (self.root / "results" / "2026-11.yaml").write_text("period: 2026-11\nreps:\n  zed:\n    quota: 1\n"
                                                            "    actual: 1\n")
        audit = self.coach("-C", str(self.root), "audit", "--data")
        self.assertNotEqual(audit.rc, 0, audit)
        self.assertIn("2026-11.yaml:3:3: reps: no rep 'zed' in reps/", audit.out + audit.err)
        report = self.coach("-C", str(self.root), "report")
        self.assertEqual(report.rc, 3, report)
        self.assertIn("2026-11.yaml:3:3: reps: no rep 'zed' in reps/", report.err)

    def test_no_results_yet(self):
        shutil.rmtree(self.root / "results")
        self.assertIn("No results yet", self.results().out)
        self.assertEqual(json.loads(self.results("--format", "json").out), {"periods": []})


class ResultsGitTest(GitTestCase):
    def csv(self, text, name="crm.csv"):
        path = self.tmp / name
        path.write_text(text)
        return str(path)

    def test_one_commit_for_every_period_of_an_import(self):
        root = self.init()
        self.ok("rep", "add", "Alice Chen", cwd=root)
        (root / "notes.md").write_text("mine\n")
        self.git(root, "add", "notes.md")
        self.ok("results", "import", self.csv(HEADER + "alice-chen,2026-Q3,1,2\nalice-chen,2026-10,3,4\n"), cwd=root)
        self.assertEqual(self.log(root)[0], "results import: 2026-Q3, 2026-10 from crm.csv")
        self.assertEqual(self.files_in(root), ["results/2026-10.yaml", "results/2026-Q3.yaml"])
        self.assertIn("A  notes.md", self.git(root, "status", "--porcelain").stdout)  # the user's staging stays
        count = len(self.log(root))
        self.ok("results", "import", self.csv(HEADER + "alice-chen,2026-10,3,4\n"), cwd=root)  # unchanged
        self.ok("--no-commit", "results", "import", self.csv(HEADER + "alice-chen,2026-10,3,5\n"), cwd=root)
        self.assertEqual(len(self.log(root)), count)

    def test_an_unmerged_results_file_is_refused(self):
        a = self.init("a")
        self.ok("rep", "add", "Alice Chen", cwd=a)
        self.ok("results", "import", self.csv(HEADER + "alice-chen,2026-10,1,1\n"), cwd=a)
        self.git(self.tmp, "clone", "-q", str(a), "b")
        b = self.tmp / "b"
        self.ok("results", "import", self.csv(HEADER + "alice-chen,2026-10,1,2\n"), cwd=a)
        self.ok("results", "import", self.csv(HEADER + "alice-chen,2026-10,1,3\n"), cwd=b)
        pull = self.git(b, "pull", "-q", "--no-rebase", "--no-edit", str(a), "master", check=False)
        self.assertNotEqual(pull.returncode, 0)
        self.git(b, "checkout", "--ours", "results/2026-10.yaml")  # no markers, still unmerged
        before = (b / "results" / "2026-10.yaml").read_bytes()
        for args in (["results"], ["results", "import", self.csv(HEADER + "alice-chen,2026-10,1,4\n")]):
            result = self.coach(*args, cwd=b)
            self.assertEqual(result.rc, 3, (args, result))
            self.assertIn("results/2026-10.yaml:1:1: git lists this file as unmerged", result.err)
        self.assertEqual((b / "results" / "2026-10.yaml").read_bytes(), before)


if __name__ == "__main__":
    unittest.main()
