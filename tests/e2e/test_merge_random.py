"""The merge driver on random edits: a common version of a rep file, two
sides each changed by one to three random edits (1:1s added or deleted, dates,
texts and due dates changed, promises closed, keys coach does not know
changed, comments and blank lines added, keys reordered, line ends changed),
run through `coach merge-driver` as git runs it. PyYAML checks the outcome:
a clean merge keeps every change of either side, a conflict keeps every record
outside its markers whichever way it is resolved. Nothing may be lost."""

import random
import subprocess
import unittest

import yaml

from coachtest import COACH, CoachTestCase

SEED = 20261130
TRIPLES = 400
ID_LETTERS = "abcdefghjkmnpqrstvwxyz0123456789"
SKIPPED = "skipped"  # an edit made a side that is no rep file: not a case for the driver


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def rid(self):
        return "".join(self.rng.choice(ID_LETTERS) for _ in range(6))

    def record(self):
        rng = self.rng
        lines = ["  - kind: 1on1", f"    id: {self.rid()}", f"    date: 2026-11-{rng.randint(1, 28):02d}"]
        if rng.random() < 0.5:
            lines += ["    notes: |-", f"      note {self.rid()}"]
        if rng.random() < 0.3:
            lines += [f"    mood: {rng.choice(['good', 'bad', repr('ok')])}"]
        if rng.random() < 0.5:
            lines += ["    promises:"]
            for _ in range(rng.randint(1, 2)):
                lines += [f"      - id: {self.rid()}", "        owner: manager", f"        text: do {self.rid()}",
                          f"        due: 2026-12-{rng.randint(1, 28):02d}"]
        return lines

    def base(self):
        lines = ["# header comment", "id: alice-chen", "name: Alice Chen", "territory: North", "records:"]
        for _ in range(self.rng.randint(2, 5)):
            lines += self.record()
        return lines

    def mutate(self, base):
        rng = self.rng
        lines = list(base)
        for _ in range(rng.randint(1, 3)):
            starts = [i for i, line in enumerate(lines) if line.startswith("  - ")]
            op = rng.choice(["add", "add", "delete", "edit", "comment", "blank", "unknown", "close", "reorder",
                             "header", "trailer"])
            if op == "add":
                lines += self.record()
            elif op == "delete" and starts:
                k = rng.randrange(len(starts))
                del lines[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(lines)]
            elif op == "edit":
                places = [i for i, line in enumerate(lines) if line.strip().startswith(("due:", "text:", "date:"))]
                if places:
                    i = rng.choice(places)
                    key = lines[i].rsplit(":", 1)[0].rstrip()
                    dated = "due" in key or "date" in key
                    lines[i] = key + (f": 2026-12-{rng.randint(1, 28):02d}" if dated else f": changed {self.rid()}")
            elif op == "comment":
                lines.insert(rng.randrange(1, len(lines) + 1), f"# c {self.rid()}")
            elif op == "blank":
                lines.insert(rng.randrange(5, len(lines) + 1), "")
            elif op == "unknown":
                places = [i for i, line in enumerate(lines) if line.startswith(("territory:", "    mood:"))]
                if places:
                    i = rng.choice(places)
                    lines[i] = lines[i].split(":")[0] + ": " + self.rid()
            elif op == "close":
                places = [i for i, line in enumerate(lines) if line.startswith("        due:")]
                if places:
                    i = rng.choice(places)
                    lines.insert(i + 1, f"        done: 2026-12-{rng.randint(1, 28):02d}")
            elif op == "reorder":
                places = [i for i, line in enumerate(lines) if line.startswith("    id:")]
                if places:
                    i = rng.choice(places)
                    lines[i - 1], lines[i] = lines[i].replace("    id", "  - id"), lines[i - 1].replace("  - kind",
                                                                                                       "    kind")
            elif op == "header":
                lines.insert(rng.randrange(1, 4), f"# hdr {self.rid()}")
            elif op == "trailer":
                lines.append(f"# end {self.rid()}")
        return lines


def text_of(lines, form):
    text = "\n".join(lines) + "\n"
    if form == "crlf":
        text = text.replace("\n", "\r\n")
    elif form == "no final line feed":
        text = text.rstrip("\n")
    elif form == "bom":
        text = "\ufeff" + text
    return text


def records_of(data):
    """The records of a parsed rep file by id, or None when it is not one."""
    if not isinstance(data, dict):
        return None
    records = data.get("records") or []
    if not isinstance(records, list) or any(not isinstance(r, dict) or "id" not in r for r in records):
        return None
    return {r["id"]: r for r in records}


def resolved(text, side):
    """The text with every conflict resolved to `side` ("ours" or "theirs")."""
    out, state = [], None
    for line in text.split("\n"):
        if line.startswith("<<<<<<<"):
            state = "ours"
        elif line.startswith("=======") and state:
            state = "theirs"
        elif line.startswith(">>>>>>>") and state:
            state = None
        elif state is None or state == side:
            out.append(line)
    return "\n".join(out)


def ids_in_conflicts(text):
    ids, inside = set(), False
    for line in text.split("\n"):
        if line.startswith("<<<<<<<"):
            inside = True
        elif line.startswith(">>>>>>>"):
            inside = False
        elif inside and line.startswith(("  - ", "    id:")) and "id:" in line:
            ids.add(line.split(":")[-1].strip())
    return ids


class RandomMergeTest(CoachTestCase):
    def problems_of(self, base, ours, theirs, forms):
        files = {}
        for name, lines in (("base", base), ("ours", ours), ("theirs", theirs)):
            files[name] = self.tmp / f"{name}.yaml"
            files[name].write_bytes(text_of(lines, forms[name]).encode())
        parsed = {}
        for name in files:
            try:
                parsed[name] = yaml.safe_load(files[name].read_text(encoding="utf-8-sig"))
            except yaml.YAMLError:
                return SKIPPED
            if records_of(parsed[name]) is None:
                return SKIPPED
        proc = subprocess.run([COACH, "merge-driver", str(files["base"]), str(files["ours"]), str(files["theirs"]),
                               "reps/alice-chen.yaml", "7"], capture_output=True, text=True, env=self.env)
        result = files["ours"].read_bytes().decode("utf-8").replace("\r\n", "\n").lstrip("\ufeff")
        base_records, our_records, their_records = (records_of(parsed[n]) for n in ("base", "ours", "theirs"))
        if proc.returncode not in (0, 1):
            return f"exit status {proc.returncode}: {proc.stderr.strip()}"
        if proc.returncode == 1:
            if "<<<<<<<" not in result:
                return "a conflict without markers"
            if "line merge" in proc.stderr:
                return None  # the whole file left to git's line merge, as documented
            in_conflict = ids_in_conflicts(result)
            for side in ("ours", "theirs"):
                try:
                    kept = records_of(yaml.safe_load(resolved(result, side)))
                except yaml.YAMLError as e:
                    return f"resolved to {side}, the file does not parse: {e}"
                if kept is None:
                    return f"resolved to {side}, the file holds no records"
                for record_id in (set(our_records) | set(their_records)) - set(base_records) - in_conflict:
                    if record_id not in kept:
                        return f"resolved to {side}, the added record {record_id} is gone"
            return None
        merged = yaml.safe_load(result)
        merged_records = records_of(merged)
        if merged_records is None:
            return "the merge holds no records"
        for record_id in set(our_records) | set(their_records):
            if record_id not in base_records:
                want = our_records.get(record_id, their_records.get(record_id))
                if merged_records.get(record_id) != want:
                    return f"the added record {record_id} differs"
            elif record_id in our_records and record_id in their_records:
                was = base_records[record_id]
                ours_changed = our_records[record_id] != was
                theirs_changed = their_records[record_id] != was
                if ours_changed and not theirs_changed and merged_records.get(record_id) != our_records[record_id]:
                    return f"our change of {record_id} is lost"
                if theirs_changed and not ours_changed and merged_records.get(record_id) != their_records[record_id]:
                    return f"their change of {record_id} is lost"
        for key in ("territory", "name", "id"):
            was, mine, other = parsed["base"].get(key), parsed["ours"].get(key), parsed["theirs"].get(key)
            if mine != was and other == was and merged.get(key) != mine:
                return f"our {key} is lost"
            if other != was and mine == was and merged.get(key) != other:
                return f"their {key} is lost"
        for side in (ours, theirs):
            for line in side:
                if line.startswith("# ") and line not in base and line not in result:
                    return f"the comment {line!r} is lost"
        return None

    def test_random_edits_on_both_sides_lose_nothing(self):
        gen = Generator(SEED)
        outcomes = {"clean": 0, "conflict": 0, "skipped": 0}
        failures = []
        for n in range(TRIPLES):
            base = gen.base()
            ours, theirs = gen.mutate(base), gen.mutate(base)
            form = gen.rng.choice(["lf", "lf", "crlf", "no final line feed", "bom"])
            forms = {name: form if gen.rng.random() < 0.8 else gen.rng.choice(["lf", "crlf", "bom"])
                     for name in ("ours", "theirs")}
            forms["base"] = form
            problem = self.problems_of(base, ours, theirs, forms)
            if problem == SKIPPED:
                outcomes["skipped"] += 1
                continue
            if problem:
                failures.append(f"triple {n} ({forms}): {problem}")
            text = (self.tmp / "ours.yaml").read_text(encoding="utf-8", errors="replace")
            outcomes["conflict" if "<<<<<<<" in text else "clean"] += 1
        print(f"\n{TRIPLES} random merges: {outcomes['clean']} clean, {outcomes['conflict']} with markers, "
              f"{outcomes['skipped']} skipped (a side no rep file)")
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
