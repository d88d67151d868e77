"""Shell completion: `coach completion bash|zsh|fish` and the hidden `coach
__complete` behind the scripts, driven through the shells themselves: bash's
real completion (the bash-completion package's helpers, COMP_WORDS set as
bash sets them), fish's `complete -C`, and zsh with stubs of its completion
system (compsys needs a terminal: zpty), checking the words each one offers."""

import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

from coachtest import COACH, CoachTestCase

BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")

REPS = {
    "alice-chen": """id: alice-chen
name: Alice Chen
role: Account Executive
start: 2023-03-01
records:
  - kind: 1on1
    id: ac1on1
    date: 2026-11-16
    notes: Pipeline review.
    promises:
      - id: ndwfj6
        owner: manager
        text: Send a quote for the Acme renewal, with the three-year option priced in
        due: 2026-11-23
      - id: yj4sq2
        owner: rep
        text: Update the CRM
        due: 2026-11-27
      - id: kp2kep
        owner: manager
        text: Book the training
        due: 2026-11-20
        done: 2026-11-19
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
    notes: Forecast review.
    promises:
      - id: z9vm8w
        owner: manager
        text: Get CRM access fixed
        due: 2026-11-20
""",
    "carl-left": """id: carl-left
name: Carl Left
role: SDR
start: 2022-01-03
archived: 2026-06-30
records: []
""",
}


def commands_of_help(text):
    """The command names a --help lists under "Commands:"."""
    section = text.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    return {line.split()[0] for line in section.splitlines() if line.startswith("  ") and line[2] != " "}


class CompletionTestCase(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.tmp / "team"
        self.ok("init", str(self.root))
        for rep_id, text in REPS.items():
            (self.root / "reps" / f"{rep_id}.yaml").write_text(text)
        self.scripts = self.tmp / "scripts"
        self.scripts.mkdir()
        for shell in ("bash", "zsh", "fish"):
            (self.scripts / shell).write_text(self.ok("completion", shell).out)
        self.env["COACH_DIR"] = str(self.root)

    def run_shell(self, argv, line, cwd=None, env=None):
        full_env = dict(self.env, COMPLETE_LINE=line, **(env or {}))
        proc = subprocess.run(argv, cwd=cwd or self.tmp, env=full_env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(proc.stderr, "", proc)
        return proc.stdout

    def bash(self, line, **kwargs):
        """What bash's completion offers for `line`, the cursor at its end."""
        driver = f"""
source {BASH_COMPLETION}
source {self.scripts / 'bash'}
COMP_LINE=$COMPLETE_LINE
COMP_POINT=${{#COMP_LINE}}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_coach coach "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
        out = self.run_shell(["bash", "--norc", "--noprofile", "-c", driver], line, **kwargs)
        return {word for word in out.splitlines() if word}

    def fish(self, line, **kwargs):
        """What fish offers for `line` (`complete -C`): word -> description."""
        driver = f"source {self.scripts / 'fish'}; complete -C \"$COMPLETE_LINE\""
        out = self.run_shell(["fish", "--no-config", "-c", driver], line, **kwargs)
        return dict((line.split("\t") + [""])[:2] for line in out.splitlines() if line)

    def complete(self, *words, cwd=None):
        """`coach __complete bash WORDS...` itself: (exit status, stdout, stderr)."""
        result = self.coach("__complete", "bash", *words, cwd=cwd)
        return result


class TestCommandsAndOptions(CompletionTestCase):
    def test_every_command_of_help_is_offered_and_nothing_hidden(self):
        listed = commands_of_help(self.ok("--help").out)
        self.assertIn("prep", listed)
        self.assertEqual(self.bash("coach "), listed)
        self.assertEqual(set(self.fish("coach ")), listed)
        for hidden in ("merge-driver", "__complete"):
            self.assertNotIn(hidden, self.bash("coach "))
            self.assertEqual(self.bash(f"coach {hidden[:3]}"), set())

    def test_every_group_offers_its_own_commands(self):
        for group in commands_of_help(self.ok("--help").out):
            help_text = self.ok(group, "--help").out
            if "\nCommands:\n" not in help_text:
                continue
            self.assertLessEqual(commands_of_help(help_text), self.bash(f"coach {group} "), group)
        self.assertEqual(self.bash("coach rep sh"), {"show"})
        self.assertEqual(self.bash("coach followups d"), {"done", "drop"})
        self.assertEqual(self.bash("coach log "), commands_of_help(self.ok("log", "--help").out))
        self.assertEqual(self.fish("coach rep sh"), {"show": "Show one rep: details, open promises, recent 1:1s"})

    def test_options_of_the_command_on_the_line(self):
        offered = self.bash("coach report --")
        help_text = self.ok("report", "--help").out
        self.assertEqual(offered, set(re.findall(r"^  (?:-\w, )?(--[\w-]+)", help_text, re.M)))
        self.assertIn("--by", offered)
        self.assertNotIn("--fail-on", offered)  # audit's
        self.assertEqual(self.bash("coach audit --fa"), {"--fail-on"})
        self.assertEqual(self.bash("coach --col"), {"--color"})
        self.assertIn("-C", self.bash("coach -"))

    def test_option_values_come_from_the_options(self):
        self.assertEqual(self.bash("coach report --format "), {"table", "md", "csv", "json", "html"})
        self.assertEqual(self.bash("coach report --by "), {"week", "month"})
        self.assertEqual(self.bash("coach --color a"), {"auto", "always"})
        self.assertEqual(self.bash("coach audit --fail-on "), {"error", "warning", "note", "never"})
        self.assertEqual(self.bash("coach followups add alice-chen --owner "), {"me", "rep"})
        self.assertEqual(self.bash("coach completion "), {"bash", "zsh", "fish"})
        self.assertEqual(self.bash("coach rep show --format j"), {"json"})
        self.assertEqual(set(self.fish("coach report --format=j")), {"--format=json"})
        # bash breaks words at =: readline gets what follows it (it gave --format=--format=json).
        self.assertEqual(self.bash("coach report --format=j"), {"json"})
        self.assertEqual(self.bash("coach --color=al"), {"always"})
        # A date or a text has no words to offer.
        self.assertEqual(self.bash("coach report --since "), set())

    def test_files_and_directories_are_left_to_the_shell(self):
        (self.tmp / "somewhere").mkdir()
        (self.tmp / "some.html").write_text("")
        self.assertEqual(self.bash("coach report -o so"), {"somewhere", "some.html"})
        self.assertEqual(self.bash("coach -C so"), {"somewhere"})
        self.assertEqual(self.bash("coach rep move alice-chen --to so"), {"somewhere"})
        self.assertEqual(self.bash("coach init so"), {"somewhere"})
        self.assertEqual(self.bash("coach results import so"), {"somewhere", "some.html"})
        self.assertEqual(self.complete("report", "-o", "").out, ":files\n")
        self.assertEqual(self.bash("coach report --output=so"), {"somewhere", "some.html"})
        self.assertEqual(set(self.fish("coach report --output=so")), {"--output=somewhere/", "--output=some.html"})

    def test_help_offers_the_commands(self):
        self.assertIn("followups", self.bash("coach help "))
        self.assertIn("files", self.bash("coach help "))
        self.assertEqual(self.bash("coach help followups "), commands_of_help(self.ok("followups", "--help").out))

    def test_git_words_are_gits(self):
        self.assertEqual(self.bash("coach git lo"), set())


class TestDataWords(CompletionTestCase):
    def test_rep_ids_with_names_archived_left_out(self):
        self.assertEqual(self.bash("coach prep "), {"alice-chen", "bob-stone"})
        self.assertEqual(self.bash("coach prep a"), {"alice-chen"})
        self.assertEqual(self.fish("coach rep show b"), {"bob-stone": "Bob Stone"})
        for line in ("coach log-1on1 ", "coach log joint-call ", "coach log career ", "coach followups add ",
                     "coach edit ", "coach rep set ", "coach log team-meeting --attendee "):
            self.assertEqual(self.bash(line), {"alice-chen", "bob-stone"}, line)
        # `followups` takes a REP or one of its commands.
        self.assertEqual(self.bash("coach followups "),
                         {"alice-chen", "bob-stone"} | commands_of_help(self.ok("followups", "--help").out))
        # followups add's second argument is the promise's text.
        self.assertEqual(self.bash("coach followups add alice-chen "), set())
        self.assertEqual(self.bash("coach log team-meeting "), set())

    def test_a_part_of_a_name_completes_to_the_id(self):
        self.assertEqual(self.bash("coach prep Chen"), {"alice-chen"})
        self.assertEqual(self.bash("coach prep stone"), {"bob-stone"})

    def test_promise_and_record_ids(self):
        # Open promises only: kp2kep was kept.
        self.assertEqual(self.bash("coach followups done "), {"ndwfj6", "yj4sq2", "z9vm8w"})
        self.assertEqual(self.bash("coach followups move n"), {"ndwfj6"})
        offered = self.fish("coach followups drop ")
        self.assertEqual(offered["yj4sq2"], "Alice Chen: Update the CRM")
        self.assertTrue(offered["ndwfj6"].startswith("Alice Chen: Send a quote"), offered)
        self.assertLessEqual(len(offered["ndwfj6"]), 50)
        # rm: every record and promise.
        self.assertEqual(self.bash("coach rm "), {"ac1on1", "k3m9pv", "bs1on1", "ndwfj6", "yj4sq2", "kp2kep", "z9vm8w"})
        # The joint calls waiting for feedback.
        self.assertEqual(self.bash("coach joint-call feedback "), {"k3m9pv"})

    def test_dir_on_the_line_is_honoured(self):
        other = self.tmp / "other"
        self.ok("init", str(other))
        (other / "reps" / "dana-other.yaml").write_text("id: dana-other\nname: Dana Other\nrecords: []\n")
        self.assertEqual(self.bash(f"coach -C {other} prep "), {"dana-other"})
        self.assertEqual(self.bash("coach -C other rep show "), {"dana-other"})
        self.assertEqual(self.bash("coach --dir other prep d"), {"dana-other"})
        self.assertEqual(self.bash(f"coach prep --dir={other} "), {"dana-other"})
        # -CDIR in one word, and a folder as bash hands it: quoted or escaped, ~ unexpanded.
        self.assertEqual(self.complete(f"-C{other}", "prep", "").out, "dana-other\n")
        spaced = self.tmp / "my team"
        other.rename(spaced)
        for typed in (f'"{spaced}"', f"'{spaced}'", str(spaced).replace(" ", "\\ "), f'"{self.tmp}"/my\\ team'):
            self.assertEqual(self.complete("-C", typed, "prep", "").out, "dana-other\n", typed)
        (self.tmp / "home" / "teams").mkdir()
        spaced.rename(self.tmp / "home" / "teams" / "east")
        self.assertEqual(self.complete("-C", "~/teams/east", "prep", "").out, "dana-other\n")

    def test_silent_without_a_directory_or_with_a_broken_file(self):
        env = {"COACH_DIR": str(self.tmp / "missing")}
        self.assertEqual(self.bash("coach prep ", env=env), set())
        self.assertEqual(self.bash("coach rep ", env=env), commands_of_help(self.ok("rep", "--help").out))
        (self.root / "reps" / "broken.yaml").write_text("id: broken\nname: [unclosed\n")
        (self.root / "reps" / "bob-stone.yaml").write_text(REPS["bob-stone"] + "  - kind: 1on1\n    date: nope\n")
        for words in (("prep", ""), ("followups", "done", ""), ("rm", "")):
            result = self.complete(*words)
            self.assertEqual((result.rc, result.err), (0, ""), result)
        self.assertEqual(self.bash("coach prep "), {"alice-chen"})
        self.assertEqual(self.bash("coach followups done "), {"ndwfj6", "yj4sq2"})

    def test_writes_nothing_but_the_cache(self):
        before = {p: p.read_bytes() for p in self.root.rglob("*") if p.is_file() and ".coach" not in p.parts}
        self.bash("coach followups done ")
        self.bash("coach prep ")
        after = {p: p.read_bytes() for p in self.root.rglob("*") if p.is_file() and ".coach" not in p.parts}
        self.assertEqual(before, after)


class TestScripts(CompletionTestCase):
    def test_scripts_parse(self):
        for argv in (["bash", "-n"], ["zsh", "-n"], ["fish", "-n"]):
            shell = argv[0]
            proc = subprocess.run(argv + [str(self.scripts / shell)], capture_output=True, text=True)
            self.assertEqual((proc.returncode, proc.stderr), (0, ""), shell)

    def test_unknown_shell_is_a_usage_error(self):
        self.fails(2, "completion", "tcsh")
        self.fails(2, "completion")

    def test_zsh_describes_each_word(self):
        """zsh's function with compsys's _describe, _files and compdef stubbed (the real ones need zpty)."""
        driver = f"""
compdef() {{ :; }}
compset() {{ :; }}  # moves a --opt= prefix aside in a real widget
_describe() {{ print -rl -- "${{(@P)${{@[-1]}}}}"; }}
_files() {{ print -r -- "files $*"; }}
source {self.scripts / 'zsh'}
words=(${{=COMPLETE_LINE}})
[[ $COMPLETE_LINE == *' ' ]] && words+=('')
CURRENT=$#words
PREFIX=$words[CURRENT]
_coach
"""
        out = self.run_shell(["zsh", "-f", "-c", driver], "coach rep sh")
        self.assertEqual(out, "show:Show one rep: details, open promises, recent 1:1s\n")
        self.assertEqual(self.run_shell(["zsh", "-f", "-c", driver], "coach prep a"), "alice-chen:Alice Chen\n")
        self.assertEqual(self.run_shell(["zsh", "-f", "-c", driver], "coach -C "), "files -/\n")


class TestInstall(CompletionTestCase):
    def test_cmake_install_puts_the_scripts_where_the_shells_look(self):
        build = Path(COACH).resolve().parent
        if not (build / "CMakeCache.txt").exists():
            self.skipTest(f"{build} is not a CMake build directory")
        prefix = self.tmp / "prefix"
        proc = subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], capture_output=True,
                              text=True)
        self.assertEqual(proc.returncode, 0, proc)
        for path, shell in (("share/bash-completion/completions/coach", "bash"),
                            ("share/zsh/site-functions/_coach", "zsh"),  # /usr's is vendor-completions: test_package
                            ("share/fish/vendor_completions.d/coach.fish", "fish")):
            self.assertEqual((prefix / path).read_text(), (self.scripts / shell).read_text(), path)


if __name__ == "__main__":
    unittest.main()
