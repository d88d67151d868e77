"""coach and PyYAML read the same rep files alike.

Random rep files full of hostile text are written with PyYAML's emitter in
every scalar style it has; coach must read each exactly as yaml.safe_load
does, or refuse it with one line that names file:line:column (exit 3). Then an open
promise is closed and a promise added to each file coach read, and PyYAML
must read the edited file as the old one plus those changes: nothing lost,
nothing changed."""

import datetime
import json
import os
import random
import re
import time
import unittest

import yaml

from coachtest import CoachTestCase

SEED = 20261125
# scripts/test's sanitizer pass sets fewer: the same seed's first files, each
# run 5-10 times slower there; the plain pass reads all 400.
FILES = int(os.environ.get("COACH_TEST_RANDOM_FILES", "400"))

# Texts that YAML readers are known to take apart: types, indicators, spaces
# and line breaks at the ends, Unicode that some readers treat as breaks.
HOSTILE = [
    "yes", "No", "off", "~", "null", "007", "0o17", "0x1E", "1:30", "1_000", "+30", "1e3", ".inf",
    "2024-01-05", "12:30", "<<", "=", "-", "- item", "? key", ": value", "a: b", "a #b", "#note",
    "'single'", '"double"', "back\\slash", "tab\there", "&anchor", "*alias", "!tag", "%percent",
    "@at", "`tick", "[list]", "{map}", "|", ">", "...", "---", "caf\u00e9", "\u00a0nbsp\u00a0",
    "next\u0085line", "line\u2028sep", "para\u2029sep", "\ufeffbom", "emoji \U0001F600", "\u00e9t\u00e9",
    "Call her back.\n\n\n", "two\nlines", "ends\n", "\nstarts", " lead", "trail ", "  both  ",
    "mid  spaces", "blank\n\nline", "spaces \n line", "x\n \ny", "\t tab lead", "trail\t",
]


def random_text(rng, allow_empty=True):
    parts = []
    for _ in range(rng.randint(1, 4)):
        pick = rng.random()
        if pick < 0.45:
            parts.append(rng.choice(HOSTILE))
        elif pick < 0.6:
            parts.append(" ".join(rng.choice(["word", "Acme", "Q4", "deal"]) for _ in range(rng.randint(20, 60))))
        else:
            parts.append("".join(rng.choice("ab cd:#'\"\\\n\u00a0\u00e9-") for _ in range(rng.randint(1, 12))))
    text = rng.choice(["", " ", "\n"]).join(parts)
    if not allow_empty and not text.strip():
        text = "x" + text
    return text


def random_rep(rng, index):
    rep = {"id": f"rep{index}", "name": random_text(rng, allow_empty=False)}
    if rng.random() < 0.5:
        rep["role"] = random_text(rng)
    if rng.random() < 0.5:
        rep["tags"] = [random_text(rng, allow_empty=False) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.3:
        rep["custom_" + str(index)] = random_text(rng)  # an unknown key, kept as written
    records = []
    for r in range(rng.randint(0, 3)):
        record = {"kind": "1on1", "id": f"r{index}x{r}", "date": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}
        if rng.random() < 0.5:
            record["minutes"] = rng.randint(0, 240)
        for topic in ("personal", "professional"):
            if rng.random() < 0.5:
                record[topic] = [random_text(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.7:
            record["notes"] = random_text(rng)
        if rng.random() < 0.3:
            record["extra"] = random_text(rng)
        promises = []
        for p in range(rng.randint(0, 2)):
            promise = {"id": f"p{index}x{r}x{p}", "owner": rng.choice(["manager", "rep"]),
                       "text": random_text(rng, allow_empty=False), "due": "2026-12-01"}
            if rng.random() < 0.3:
                promise["done"] = "2026-11-20"
                promise["note"] = random_text(rng)
            if rng.random() < 0.2:
                promise["later"] = random_text(rng)
            promises.append(promise)
        if promises:
            record["promises"] = promises
        records.append(record)
    rep["records"] = records
    return rep


STYLES = [None, '"', "'", "|", ">"]


def dump(rep, rng):
    """PyYAML's text for `rep`: each string in a random style (the emitter
    falls back to a quoted style where a block or plain one cannot hold the
    text), or now and then one style for every scalar, numbers included
    (which then carry a `!!int` tag that coach refuses)."""

    class Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper, text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=rng.choice(STYLES))

    Dumper.add_representer(str, represent_str)
    whole_file_style = rng.choice(STYLES) if rng.random() < 0.15 else None
    return yaml.dump(rep, Dumper=Dumper, default_style=whole_file_style, width=rng.choice([20, 80, 10000]),
                     allow_unicode=rng.random() < 0.5, sort_keys=False, default_flow_style=False)


def coach_trim(text):
    return text.strip(" \t\r\n")


REFUSAL = re.compile(r"^coach: error: \S*reps/rep\d+\.yaml:\d+:\d+: [^\n]+\n$")


class PyYamlEmitterTest(CoachTestCase):
    def compare(self, root, rep, name):
        """Compares coach's JSON with what PyYAML read; returns False when coach refused the file."""
        show = self.coach("-C", str(root), "rep", "show", rep["id"], "--format", "json")
        if show.rc == 3:
            self.assertRegex(show.err, REFUSAL, name)
            return False
        self.assertEqual(show.rc, 0, f"{name}: {show}")
        shown = json.loads(show.out)
        self.assertEqual(shown["name"], rep["name"], name)
        self.assertEqual(shown["role"], rep.get("role") or "", name)
        self.assertEqual(shown["tags"], rep.get("tags", []), name)
        self.assertEqual(len(shown["records"]), len(rep["records"]), name)
        for got, want in zip(shown["records"], rep["records"]):
            self.assertEqual(got["id"], want["id"], name)
            self.assertEqual(got["date"], want["date"], name)
            self.assertEqual(got["minutes"], want.get("minutes"), name)
            self.assertEqual(got["personal"], want.get("personal", []), name)
            self.assertEqual(got["professional"], want.get("professional", []), name)
            notes = want.get("notes")
            self.assertEqual(got["notes"], notes if notes and coach_trim(notes) else None, name)
        listed = self.ok("-C", str(root), "followups", rep["id"], "--all", "--format", "json")
        promises = {p["id"]: p for p in json.loads(listed.out)["promises"]}
        wanted = [p for record in rep["records"] for p in record.get("promises", [])]
        self.assertEqual(len(promises), len(wanted), name)
        for want in wanted:
            got = promises[want["id"]]
            self.assertEqual(got["text"], want["text"], name)
            self.assertEqual(got["note"], want.get("note", ""), name)
        return True

    def test_random_files_from_pyyaml_read_alike(self):
        rng = random.Random(SEED)
        root = self.tmp / "team"
        self.ok("init", str(root), "--manager", "Dana Whitfield")
        started = time.monotonic()
        read = refused = edited = 0
        for index in range(FILES):
            rep = random_rep(rng, index)
            text = dump(rep, rng)
            path = root / "reps" / f"rep{index}.yaml"
            path.write_text(text, encoding="utf-8")
            name = f"file {index}:\n{text}"
            # PyYAML's reading, not the dict it dumped: its emitter does not
            # always write a text back as it was (folded blocks with U+00A0).
            rep = yaml.safe_load(text)
            if not self.compare(root, rep, name):
                refused += 1
                path.unlink()  # a refused file stops every command that reads the directory
                continue
            read += 1
            # Closing a promise adds its done: line and changes nothing else.
            open_promises = [p for record in rep["records"] for p in record.get("promises", []) if "done" not in p]
            if open_promises:
                promise = rng.choice(open_promises)
                self.ok("-C", str(root), "followups", "done", promise["id"])
                promise["done"] = datetime.date(2026, 11, 25)
                self.assertEqual(yaml.safe_load(path.read_text(encoding="utf-8")), rep, name)
            # An edit keeps everything PyYAML reads and adds exactly one record.
            added = self.coach("-C", str(root), "followups", "add", rep["id"], "Send the deck", "--due", "2026-12-04")
            self.assertEqual(added.rc, 0, f"{name}\n{added}")
            after = yaml.safe_load(path.read_text(encoding="utf-8"))
            new_record = after["records"][-1]
            self.assertEqual(after["records"][:-1], rep["records"], name)
            self.assertEqual({k: v for k, v in after.items() if k != "records"},
                             {k: v for k, v in rep.items() if k != "records"}, name)
            self.assertEqual(new_record["promises"][0]["text"], "Send the deck", name)
            edited += 1
            path.unlink()
        print(f"\n{FILES} files from PyYAML: {read} read alike and edited, {refused} refused with a place,"
              f" {time.monotonic() - started:.0f} s")
        self.assertEqual(read + refused, FILES)
        self.assertGreater(read, FILES * 3 // 4)


ConstructorError = yaml.constructor.ConstructorError


class EditsAndRefusalsTest(CoachTestCase):
    """Files that coach wrote itself or that are valid YAML, edited without loss,
    and what YAML readers read differently, refused with the place."""

    def rep_file(self, root, text):
        path = root / "reps" / "bo-diaz.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_notes_ending_in_a_blank_line_do_not_block_the_next_write(self):
        root = self.team()
        self.ok("-C", str(root), "log-1on1", "bo", "--date", "2026-11-20", "--notes", "Call her back.\n\n")
        self.ok("-C", str(root), "log-1on1", "bo", "--date", "2026-11-24", "--notes", "Second\n\n\n")
        self.ok("-C", str(root), "followups", "add", "bo", "Send the deck")
        records = yaml.safe_load((root / "reps" / "bo-diaz.yaml").read_text())["records"]
        self.assertEqual([r.get("notes") for r in records], ["Call her back.\n\n", "Second\n\n\n", None])

    def test_keep_chomped_unknown_keys_keep_their_line_breaks(self):
        root = self.team()
        path = self.rep_file(root, "name: Bo Diaz\nhobby: >+\n  chess\n\n\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n"
                                   "  promises:\n  - id: aaaaaa\n    owner: rep\n    text: Call\n    due: 2026-11-27\n"
                                   "    extra: |+\n      kept\n\n\n")
        before = yaml.safe_load(path.read_text())
        self.ok("-C", str(root), "followups", "move", "aaaaaa", "--due", "2026-12-01")
        self.ok("-C", str(root), "followups", "done", "aaaaaa", "--note", "called")
        self.ok("-C", str(root), "log-1on1", "bo", "--date", "2026-11-24", "--notes", "x")
        self.ok("-C", str(root), "rep", "archive", "bo", "--date", "2026-11-25")
        after = yaml.safe_load(path.read_text())
        self.assertEqual(after["hobby"], before["hobby"])
        self.assertEqual(after["hobby"], "chess\n\n\n")
        self.assertEqual(after["records"][0]["promises"][0]["extra"], "kept\n\n\n")
        self.assertEqual(after["records"][0]["promises"][0]["done"].isoformat(), "2026-11-25")

    def test_escapes_and_quoted_line_breaks_read_as_pyyaml_reads_them(self):
        root = self.team()
        text = ("name: Bo Diaz\nrole: \"AE\\_West\\N\"\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n"
                "  notes: 'Call her back.\n\n\n\n    '\n- kind: 1on1\n  date: 2026-11-21\n  notes: >+\n    a\n    b\n\n\n")
        path = self.rep_file(root, text)
        shown = json.loads(self.ok("-C", str(root), "rep", "show", "bo", "--format", "json").out)
        want = yaml.safe_load(path.read_text())
        self.assertEqual(shown["role"], want["role"])
        self.assertEqual(shown["role"], "AE\u00a0West\u0085")
        self.assertEqual([r["notes"] for r in shown["records"]], [r["notes"] for r in want["records"]])

    def test_numbers_and_merge_keys_read_differently_by_yaml_readers_are_refused(self):
        root = self.team()
        for value, hint in (("030", "write 30"), ("1:30", "write 90"), ("0x1E", "write 30"), ("+30", "write 30")):
            self.rep_file(root, f"name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  minutes: {value}\n")
            result = self.fails(3, "-C", str(root), "rep", "show", "bo")
            self.assertIn("bo-diaz.yaml:5:12: minutes: ", result.err)
            self.assertIn(hint, result.err)
        self.rep_file(root, "name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  <<: {minutes: 30}\n")
        result = self.fails(3, "-C", str(root), "rep", "show", "bo")
        self.assertIn("bo-diaz.yaml:5:3: merge key (<<)", result.err)

    def test_plain_texts_that_yaml_11_reads_as_something_else_are_refused_or_read_alike(self):
        # PyYAML is the oracle: where it reads a plain scalar as text, coach reads the same text;
        # where it reads a boolean, a number, a date or null, coach refuses it with the place and
        # a hint to quote it (it read them as text: `notes: yes` was "yes" for coach, True for PyYAML).
        root = self.team()
        values = ["yes", "Yes", "YES", "no", "NO", "y", "n", "on", "Off", "true", "False", "TRUE", "Null", "NULL",
                  "1", "-1", "+1", "01", "08", "0o7", "0b101", "0x1F", "1_000", "1:30", "190:20:30", "1:60",
                  "1.5", ".5", "1.", "1e3", "1.0e+3", "6.8523015e+5", "685_230.15", "190:20:30.15", ".inf",
                  "-.Inf", ".NaN", ".nan_", "2026-11-02", "2026-1-2", "2026-11-02 10:30:00",
                  "2026-11-02T10:30:00Z", "2026-11-02t10:30:00.5 +02:00", "2026-11-2 1:30:00", "<<", "=", "+", "-x",
                  ".", "3 deals", "10:30am", "2026-11-02 notes", "0.5 of quota", "yes please", "nope", "~x"]
        for value in values:
            with self.subTest(value=value):
                text = f"name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  notes: {value}\n"
                path = self.rep_file(root, text)
                try:
                    pyyaml = yaml.safe_load(path.read_text())["records"][0]["notes"]
                except yaml.constructor.ConstructorError:  # `<<` and `=`: no value PyYAML can even make
                    pyyaml = ConstructorError
                result = self.coach("-C", str(root), "rep", "show", "bo", "--format", "json")
                if isinstance(pyyaml, str) or pyyaml is None:  # None: no notes to either
                    self.assertEqual(result.rc, 0, result.err)
                    self.assertEqual(json.loads(result.out)["records"][0].get("notes"), pyyaml)
                else:
                    self.assertEqual(result.rc, 3, (pyyaml, result))
                    self.assertIn(f"bo-diaz.yaml:5:10: notes: \"{value}\" is ", result.err)
                    self.assertIn(f"to YAML 1.1 readers such as PyYAML, not text; quote it (\"{value}\")", result.err)
        # Quoted, each is text to both; in a list of topics and a promise's text too.
        self.rep_file(root, "name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  notes: 'yes'\n"
                            "  professional: [on, pipeline]\n")
        self.assertIn("bo-diaz.yaml:6:18: professional: \"on\" is the boolean true", self.fails(3, "-C", str(root),
                                                                                         "rep", "show", "bo").err)
        self.rep_file(root, "name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  notes: 'yes'\n"
                            "  promises:\n  - id: aaaaaa\n    owner: rep\n    text: no\n    due: 2026-11-27\n")
        self.assertIn("bo-diaz.yaml:9:11: text: \"no\" is the boolean false", self.fails(3, "-C", str(root), "rep",
                                                                                   "show", "bo").err)
        # coach's own writer quotes every such text, so that what it writes it reads back.
        self.rep_file(root, "name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  notes: 'yes'\n")
        for value in ("yes", "Null", "1:30", "2026-11-02", ".inf", "0x1F"):
            self.ok("-C", str(root), "log-1on1", "bo", "--date", "2026-11-24", "--notes", value, "-p", value)
        records = yaml.safe_load((root / "reps" / "bo-diaz.yaml").read_text())["records"]
        self.assertEqual([r["notes"] for r in records[1:]], ["yes", "Null", "1:30", "2026-11-02", ".inf", "0x1F"])
        self.assertEqual([r["promises"][0]["text"] for r in records[1:]],
                         ["yes", "Null", "1:30", "2026-11-02", ".inf", "0x1F"])

    def test_a_signed_or_quoted_number_gets_the_right_hint(self):
        root = self.team()
        for value, said in (("+30", '"+30" is written with a plus sign; write 30'),
                            ("+030", '"+030" has a leading zero, which makes it octal 24'),
                            ('"030"', None), ('"30"', None), ("'1:30'", '"1:30" is not a whole number')):
            with self.subTest(value=value):
                self.rep_file(root, f"name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  minutes: {value}\n")
                result = self.coach("-C", str(root), "rep", "show", "bo", "--format", "json")
                if said is None:  # text to every reader, and a plain number in it: taken as written
                    self.assertEqual(result.rc, 0, result.err)
                    self.assertEqual(json.loads(result.out)["records"][0]["minutes"], 30)
                else:
                    self.assertEqual(result.rc, 3, result)
                    self.assertIn(said, result.err)
                    if value.startswith(("'", "+3")):  # no octal reading is at stake there
                        self.assertNotIn("octal", result.err)

    def test_a_block_ending_the_file_without_a_line_break_is_refused_with_its_place(self):
        root = self.team()
        # The block's text is "hello"; a line added after it would make it "hello\n".
        path = self.rep_file(root, "name: Bo Diaz\nrecords:\n- kind: 1on1\n  id: aaaaaa\n  date: 2026-11-20\n"
                                   "  notes: |\n    hello")
        before = path.read_bytes()
        for args in (["log-1on1", "bo", "--notes", "x"], ["followups", "add", "bo", "Call"], ["rep", "archive", "bo"]):
            result = self.fails(3, "-C", str(root), *args)
            self.assertIn("bo-diaz.yaml:7:1: the file ends inside a block of text (| or >) without a line break",
                          result.err)
        self.assertEqual(path.read_bytes(), before)
        # A plain value on the last line takes the line break without a change: the edit goes on.
        path.write_text("name: Bo Diaz\nrecords:\n- kind: 1on1\n  id: aaaaaa\n  date: 2026-11-20\n  notes: hello")
        self.ok("-C", str(root), "log-1on1", "bo", "--notes", "x")
        self.assertEqual(yaml.safe_load(path.read_text())["records"][0]["notes"], "hello")

    def test_a_last_line_without_its_colon_is_refused_not_read_as_a_key(self):
        root = self.team()
        path = self.rep_file(root, "name: Bo Diaz\nrecords:\n- kind: 1on1\n  id: mjd7ya\n  date: 2026-11-20\n"
                                   "  promises:\n  - id: k7w047\n    owner: manager\n    text: send deck\n"
                                   "    due: 2026-11-27\n    done 2026-11-24\n")
        before = path.read_bytes()
        for args in (["followups", "done", "k7w047"], ["log-1on1", "bo", "--notes", "x"], ["rep", "archive", "bo"],
                     ["rep", "show", "bo"]):
            result = self.fails(3, "-C", str(root), *args)
            self.assertIn('bo-diaz.yaml:11:5: "done 2026-11-24" is neither a `key: value` line', result.err)
        self.assertEqual(path.read_bytes(), before)
        with self.assertRaises(yaml.YAMLError):
            yaml.safe_load(before)

    def test_valid_files_that_coach_could_not_edit(self):
        root = self.team()
        cases = {
            "end marker": "name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  notes: |+\n    x\n\n...\n",
            "bare dash": "name: Bo Diaz\nrecords:\n- kind: 1on1\n  date: 2026-11-20\n  promises:\n  - id: aaaaaa\n"
                         "    owner: rep\n    text: Call\n-\n  kind: 1on1\n  date: 2026-11-21\n",
            "records without a value": "name: Bo Diaz\nrecords:\n",
            "records without a value, then a key": "name: Bo Diaz\nrecords:   # none yet\nrole: AE\n",
            "quoted records key without a value": "\"records\":\n\"name\": \"Bo Diaz\"\n",
            "quoted records key, empty list": "\"name\": \"Bo Diaz\"\n\"records\": [] # none\n",
        }
        for name, text in cases.items():
            with self.subTest(name):
                path = self.rep_file(root, text)
                before = yaml.safe_load(text)
                if "aaaaaa" in text:
                    self.ok("-C", str(root), "followups", "done", "aaaaaa")
                    self.assertEqual(yaml.safe_load(path.read_text())["records"][0]["promises"][0]["done"].isoformat(),
                                     "2026-11-25")
                self.ok("-C", str(root), "log-1on1", "bo", "--date", "2026-11-24", "--notes", "added")
                self.ok("-C", str(root), "rep", "archive", "bo")
                after = yaml.safe_load(path.read_text())
                self.assertEqual(after["records"][-1]["notes"], "added")
                self.assertEqual(len(after["records"]), len(before["records"] or []) + 1)
                self.assertEqual(after["records"][:-1] if "aaaaaa" not in text else after["records"][1:-1],
                                 (before["records"] or []) if "aaaaaa" not in text else before["records"][1:])
                self.assertEqual(str(after["archived"]), "2026-11-25")
        path = self.rep_file(root, "name: Bo Diaz\n? records\n")
        result = self.fails(3, "-C", str(root), "log-1on1", "bo", "--notes", "x")
        self.assertIn("bo-diaz.yaml:2:3: records: coach adds records only under a plain `records:` key", result.err)


if __name__ == "__main__":
    unittest.main()
