"""Every command in the EXAMPLES section of every man page runs as written.

Each page's examples run in order, in one shell per page, the way a reader
would type them: on a copy of examples/team joined by the reps the pages talk
about (Alice Chen, Bob Stone, Zoë O'Brien) with the promises and the planned
joint call whose ids they quote, or, for the pages that create a directory
(init, git), from an empty home. The server the git pages push to is a local
bare repository. A command passes when it exits 0, or 1 where the page says it
reports findings (audit); a usage error, a bad-data error, "not found" or an
internal error fails the test with the page and the command.
"""

import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

from coachtest import COACH, EXAMPLES, CoachTestCase

ROOT = Path(__file__).resolve().parents[2]
MAN = ROOT / "man"
SERVER = "git@git.example.com:dana/coaching.git"

# roff escapes the pages use, as a reader sees them.
ESCAPES = [("\\-", "-"), ("\\(dq", '"'), ("\\(aq", "'"), ("\\(:e", "ë"), ("\\(*a", "α"), ("\\(*b", "β"),
           ("\\&", ""), ("\\e", "\\")]

# Commands that cannot run in one sandbox, each with the reason. Keep this short:
# a line here is a line no test keeps honest.
NOT_RUN = {
    # The second machine of the story: a clone of the first, in the same home.
    ("coach-git.1", "git clone"): "the desktop's clone, a second machine",
    ("coach-init.1", "git clone"): "a clone on another machine",
    # Ids that an earlier command of the example printed: coach's ids are random.
    ("coach-git.1", "followups done sjyd"): "the id the laptop's log-1on1 printed",
    ("coach.1", "followups done k7m2"): "the id the log-1on1 above printed",
    ("coach-edit.1", "--resume"): "needs a text a failed edit kept aside",
    # Only after the conflict the story supposes; with none, git has nothing to commit.
    ("coach-git.1", "git commit --no-edit"): "concludes a conflicted merge",
}

# Pages whose examples begin by creating a directory: they run from an empty home.
CREATING = ("coach.1", "coach-init.1", "coach-git.1")

# Programs the examples call that a test machine lacks, standing in for them.
STAND_INS = {
    "mutt": "#!/bin/sh\ncat > /dev/null\n",
    "mail": "#!/bin/sh\ncat > /dev/null\n",  # coach-remind(1)'s digest mailed
    # `date -d yesterday` in coach-report(1)'s monthly script: the day before the day the tests pin, not the real one.
    "date": '#!/bin/sh\nif [ "$1" = -d ]; then day=$2; shift 2; exec /bin/date -d "$COACH_TODAY $day" "$@"; fi\n'
            'exec /bin/date -d "$COACH_TODAY" "$@"\n',
    # Editors that write the notes into the template, as a reader would.
    "nano": "#!/bin/sh\nfor f; do :; done\nsed -i 's/^notes:$/notes: Written in the editor./' \"$f\"\n",
    "code": "#!/bin/sh\nfor f; do :; done\nsed -i 's/^notes:$/notes: Written in the editor./' \"$f\"\n",
}


def unescape(line):
    for escape, text in ESCAPES:
        line = line.replace(escape, text)
    return line


def example_blocks(page):
    """The page's EXAMPLES: a list of blocks, each ("script", text) for a block
    that is a whole script (it starts with #!), else ("commands", [command...])
    with continuation lines (ending in \\, | or &&) joined."""
    text = page.read_text()
    match = re.search(r"^\.SH EXAMPLES?\n(.*?)(?=^\.SH |\Z)", text, re.S | re.M)
    if not match:
        return []
    blocks, lines, kind = [], None, None
    for raw in match.group(1).splitlines():
        if raw in (".EX", ".nf"):
            lines, kind = [], raw
        elif raw in (".EE", ".fi") and lines is not None:
            blocks.append(block_of(lines, kind))
            lines = None
        elif lines is not None:
            lines.append(unescape(raw))
    return [block for block in blocks if block[1]]


def block_of(lines, kind):
    if lines and lines[0].startswith("#!"):
        return ("script", "\n".join(lines) + "\n")
    commands, pending = [], None
    for line in lines:
        if pending is not None:
            pending += "\n" + line
        elif line.startswith("$ "):
            pending = line[2:]
        elif kind == ".nf" and line.startswith("coach "):
            pending = line  # a .nf block shows commands without a prompt
        else:
            continue  # output shown after a command, or a comment
        if not re.search(r"(\\|\||&&)$", pending.rstrip()):
            commands.append(pending)
            pending = None
    return ("commands", commands)


def example_commands(page):
    """Every command of the page's examples, scripts as one each."""
    out = []
    for kind, body in example_blocks(page):
        out += [body] if kind == "script" else body
    return out


# The reps and records the pages' examples name, added to examples/team.
FIXTURE_REPS = {
    "alice-chen": """id: alice-chen
name: Alice Chen
role: Account Executive
start: 2023-03-01
records:
  - kind: 1on1
    id: ac1on1
    date: 2026-11-16
    minutes: 30
    personal:
      - Marathon training
    professional:
      - Acme renewal
    notes: Pipeline review.
    promises:
      - id: ndwfj6
        owner: manager
        text: Send a quote
        due: 2026-11-23
      - id: yj4sq2
        owner: rep
        text: Update the CRM
        due: 2026-11-27
      - id: sjydsx
        owner: manager
        text: Send the pricing deck
        due: 2026-11-27
  - kind: joint-call
    id: k3m9pv
    date: 2026-11-24
    account: Acme
    objective: Agree a pilot
""",
    "bob-stone": """id: bob-stone
name: Bob Stone
role: Account Executive
start: 2024-01-08
records:
  - kind: 1on1
    id: bs1on1
    date: 2026-11-18
    minutes: 30
    personal:
      - New puppy
    professional:
      - Q4 forecast
    notes: Forecast review.
    promises:
      - id: z9vm8w
        owner: manager
        text: Get CRM access fixed
        due: 2026-11-20
      - id: cm4hk7
        owner: rep
        text: Shadow two discovery calls
        due: 2026-12-04
""",
    "zoe-obrien": """id: zoe-obrien
name: Zoë O'Brien
role: SDR
start: 2026-09-01
tags:
  - new-hire
records: []
""",
}


def run_page(test, page, cwd, env):
    """Runs the page's examples in order, as a reader types them (a cd or an
    export carries over); returns (command, rc, output) for each."""
    results = []
    state = {"cwd": cwd, "env": dict(env)}
    for kind, body in example_blocks(page):
        for command in [body] if kind == "script" else body:
            if any(name == page.name and needle in command for (name, needle) in NOT_RUN):
                continue
            command = command.replace(SERVER, str(test.server))
            command = carry_state(command, state)
            if not command:
                continue
            proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=state["cwd"], env=state["env"],
                                  capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
            results.append((command, proc.returncode, proc.stdout + proc.stderr))
    return results


def carry_state(command, state):
    """Applies a leading `cd DIR &&` / `cd DIR` or `export NAME=VALUE` to the
    state; returns what is left of the command to run."""
    home = state["env"]["HOME"]
    first, _, rest = command.partition("&&")
    first = first.strip()
    if first.startswith("cd "):
        state["cwd"] = Path(first[3:].strip().replace("~", home, 1))
        return rest.strip()
    if first.startswith("export ") and "=" in first and not rest:
        name, _, value = first[len("export "):].partition("=")
        state["env"][name] = value.replace("~", home, 1)
        return ""
    return command


CSV_FILES = {
    "crm-q3.csv": "period,rep,quota,actual\n2026-Q3,priya-raman,300000,310000\n2026-Q3,marcus-reed,270000,201000\n",
    "october.csv": "Account Owner,Target,Closed Won\nPriya Raman,100000,98000\nMarcus Reed,90000,71500\n",
}


class ManExamplesTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.server = self.tmp / "server.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.server)], check=True)
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir()
        for name, script in STAND_INS.items():
            (bin_dir / name).write_text(script)
            (bin_dir / name).chmod(0o755)
        identity = {"GIT_AUTHOR_NAME": "Dana Lee", "GIT_AUTHOR_EMAIL": "dana@example.com",
                    "GIT_COMMITTER_NAME": "Dana Lee", "GIT_COMMITTER_EMAIL": "dana@example.com"}
        self.base_env = dict(self.env, EDITOR="true", GIT_CONFIG_NOSYSTEM="1",
                             PATH=f"{bin_dir}:{self.env['PATH']}", **identity)

    def fresh_home(self):
        home = self.tmp / "home"
        shutil.rmtree(home)
        home.mkdir()
        for key, value in (("init.defaultBranch", "main"), ("pull.rebase", "false")):
            subprocess.run(["git", "config", "--global", key, value], env=self.base_env, check=True)
        return home

    def team_for(self, page):
        """examples/team in ~/coaching, with the reps the page names but does not add, the
        files it imports, and two teams of a region (~/region/dana, ~/region/luis)."""
        home = self.fresh_home()
        team = home / "coaching"
        shutil.copytree(EXAMPLES, team)
        commands = "\n".join(example_commands(page))
        for rep_id, text in FIXTURE_REPS.items():
            name = re.search(r"^name: (.*)$", text, re.M).group(1)
            if f'rep add "{name}"' not in commands:
                (team / "reps" / f"{rep_id}.yaml").write_text(text)
        self.ok("-C", str(team), "audit", "--data")  # the fixture itself is sound
        self.ok("init", "--git", str(team), env=self.base_env)  # kept in git, as the README advises
        for name, text in CSV_FILES.items():
            (team / name).write_text(text)
        (team / "notes.txt").write_text("Talked through the Acme renewal.\n")
        region = home / "region"
        shutil.copytree(EXAMPLES, region / "dana")
        shutil.copytree(EXAMPLES, region / "luis")
        settings = region / "luis" / "coach.yaml"
        settings.write_text(settings.read_text().replace("Dana Whitfield", "Luis Ortega"))
        (region / "teams.txt").write_text("dana\nluis\n")
        return team

    def check_page(self, page, results):
        self.assertTrue(results, f"{page.name}: no example ran")
        allowed = {0, 1} if page.name == "coach-audit.1" else {0}
        for command, rc, output in results:
            with self.subTest(page=page.name, command=command):
                self.assertIn(rc, allowed, f"{page.name}: `{command}` exited {rc}:\n{output}")

    def test_examples_of_pages_on_a_team(self):
        for page in sorted(MAN.glob("coach*.1")):
            if page.name in CREATING or not example_blocks(page):
                continue
            team = self.team_for(page)
            env = dict(self.base_env, COACH_DIR=str(team))
            self.check_page(page, run_page(self, page, team, env))

    def test_examples_of_pages_that_create_a_directory(self):
        for name in CREATING:
            page = MAN / name
            self.check_page(page, run_page(self, page, self.fresh_home(), self.base_env))

    def test_every_page_with_commands_has_examples(self):
        for page in sorted(MAN.glob("coach*.1")):
            with self.subTest(page.name):
                self.assertTrue(example_commands(page), f"{page.name} has no runnable EXAMPLES")

    def test_extraction_joins_continuations_and_unescapes(self):
        commands = example_commands(MAN / "coach-log-1on1.1")
        self.assertTrue(any(c.startswith("coach log-1on1 alice -d yesterday -m 30 \\\n") for c in commands), commands)
        self.assertTrue(any('"Send pricing deck (due fri)"' in c for c in commands), commands)
        report = example_blocks(MAN / "coach-report.1")
        self.assertIn("script", [kind for kind, _ in report])
        init = example_commands(MAN / "coach-init.1")
        self.assertNotIn("coach init", init)  # `coach init`, a commit message shown as output, is no command


if __name__ == "__main__":
    unittest.main()
