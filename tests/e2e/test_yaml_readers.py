"""coach and PyYAML read the same rep files alike.

Random rep files full of hostile text are written with PyYAML's emitter in
every scalar style it has; coach must read each exactly as yaml.safe_load
does, or refuse it with one line that names file:line:column (exit 3). Then a
promise is added to each file coach read, and PyYAML must read the edited
file as the old one plus that record: nothing lost, nothing changed."""

import json
import random
import re
import time
import unittest

import yaml

from coachtest import CoachTestCase

SEED = 20261125
FILES = 300

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


def dump(rep, rng):
    style = rng.choice([None, None, '"', "'", "|", ">"])
    return yaml.safe_dump(rep, default_style=style, width=rng.choice([20, 80, 10000]),
                          allow_unicode=rng.random() < 0.5, sort_keys=False, default_flow_style=False)


def coach_trim(text):
    return text.strip(" \t\r\n")


REFUSAL = re.compile(r"^coach: error: reps/rep\d+\.yaml:\d+:\d+: [^\n]+\n$")


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
            if not self.compare(root, rep, name):
                refused += 1
                path.unlink()  # a refused file stops every command that reads the directory
                continue
            read += 1
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


if __name__ == "__main__":
    unittest.main()
