"""The Debian package (`cpack -G DEB` in the build directory): its control
fields, the libraries it depends on as Debian names them, its contents, and
that dpkg installs and removes it in a scratch root."""

import gzip
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from coachtest import COACH

SOURCE = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("COACH_BUILD_DIR", os.path.dirname(COACH)))


def run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, check=True, **kwargs).stdout


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="coach-package-"))
        # cpack installs the build into a staging folder under -B: the build
        # directory itself is left as it was.
        run("cpack", "-G", "DEB", "-B", str(cls.tmp), "--config", str(BUILD / "CPackConfig.cmake"))
        debs = list(cls.tmp.glob("coach_*.deb"))
        assert len(debs) == 1, debs
        cls.deb = debs[0]
        cls.fields = {}
        for name in ("Package", "Version", "Architecture", "Depends", "Maintainer", "Section", "Description"):
            cls.fields[name] = run("dpkg-deb", "-f", str(cls.deb), name).strip()
        cls.contents = {}
        for line in run("dpkg-deb", "-c", str(cls.deb)).splitlines():
            parts = line.split()
            cls.contents[parts[5].removeprefix("./").rstrip("/")] = parts[0]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_control_fields_name_coach_its_version_and_this_machine(self):
        version = run(COACH, "--version").strip()
        self.assertEqual(self.fields["Package"], "coach")
        self.assertEqual(self.fields["Version"], version)
        self.assertEqual(self.fields["Architecture"], run("dpkg", "--print-architecture").strip())
        self.assertEqual(self.deb.name, f"coach_{version}_{self.fields['Architecture']}.deb")
        self.assertEqual(self.fields["Section"], "utils")
        self.assertIn("sales team", self.fields["Description"])
        self.assertRegex(self.fields["Maintainer"], r".+ <.+@.+>")

    def depends(self):
        """Depends as {package: version constraint or ''}."""
        out = {}
        for item in self.fields["Depends"].split(","):
            match = re.fullmatch(r"\s*([a-z0-9.+-]+)\s*(?:\(([^)]*)\))?\s*", item)
            self.assertIsNotNone(match, item)
            out[match.group(1)] = match.group(2) or ""
        return out

    def test_depends_names_the_package_of_every_shared_library_the_binary_needs(self):
        module = BUILD / "coach-icalendar.so"
        needed_by = lambda elf: re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run("readelf", "-d", elf))
        # yaml-cpp and fmt are linked in with libstdc++ (COACH_STATIC_CXX, the default) or all three are shared
        # (sanitizer builds, -DCOACH_STATIC_CXX=OFF); Depends then names their packages.
        needs_libstdcxx = any(library.startswith("libstdc++") for library in needed_by(COACH))
        self.assertEqual("libyaml-cpp.so.0.7" in needed_by(COACH), needs_libstdcxx)
        self.assertEqual("libfmt.so.9" in needed_by(COACH), needs_libstdcxx)
        self.assertIn("libc.so.6", needed_by(COACH))
        # libical (and ICU) only in the module `coach calendar` opens: the other commands start without them.
        self.assertNotIn("libical.so.3", needed_by(COACH))
        self.assertIn("libical.so.3", needed_by(module))
        depends = self.depends()
        self.assertIn("libical3", depends)
        resolved, needed = {}, set()
        for elf in (COACH, module):
            needed.update(needed_by(elf))
            for line in run("ldd", elf).splitlines():
                match = re.match(r"\s*(\S+) => (/\S+)", line)
                if match:
                    resolved[match.group(1)] = match.group(2)
                elif match := re.match(r"\s*(/\S+) \(0x", line):  # the loader, NEEDED when libstdc++ is linked in
                    resolved[os.path.basename(match.group(1))] = match.group(1)
        for library in sorted(needed):
            path = os.path.realpath(resolved[library])
            owners = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
            if owners.returncode != 0:  # usrmerge: dpkg knows /lib/..., the loader says /usr/lib/...
                owners = subprocess.run(["dpkg", "-S", path.removeprefix("/usr")], capture_output=True, text=True)
            package = owners.stdout.split(":")[0]
            self.assertIn(package, depends, f"{library} ({path}) is in {package}, which Depends does not name")

    def test_every_dependency_is_satisfied_on_the_machine_that_built_it(self):
        for package, constraint in self.depends().items():
            installed = run("dpkg-query", "-W", "-f=${Version}", package).strip()
            if not constraint:
                continue
            relation, version = constraint.split()
            ok = subprocess.run(["dpkg", "--compare-versions", installed, {">=": "ge", "=": "eq"}[relation], version])
            self.assertEqual(ok.returncode, 0, f"{package} {installed} does not satisfy {constraint}")

    def test_contents_are_the_binary_the_completions_and_every_man_page_compressed(self):
        self.assertTrue(self.contents["usr/bin/coach"].startswith("-rwxr-xr-x"))
        modules = [p for p in self.contents if p.endswith("/coach/coach-icalendar.so")]
        self.assertEqual(len(modules), 1, modules)
        self.assertRegex(modules[0], r"^usr/lib/([a-z0-9_-]+/)?coach/coach-icalendar\.so$")
        for script in ("usr/share/bash-completion/completions/coach", "usr/share/zsh/vendor-completions/_coach",
                       "usr/share/fish/vendor_completions.d/coach.fish"):
            self.assertTrue(self.contents[script].startswith("-rw-r--r--"), script)
        for unit in ("coach-remind.service", "coach-remind.timer"):  # the README's systemd user timer
            self.assertIn(f"usr/share/doc/coach/examples/{unit}", self.contents)
        pages = sorted(p for p in (SOURCE / "man").iterdir() if re.search(r"\.[1-9]$", p.name))
        self.assertGreater(len(pages), 10)
        for page in pages:
            self.assertIn(f"usr/share/man/man{page.name[-1]}/{page.name}.gz", self.contents)
        for path in self.contents:
            self.assertTrue(path == "." or path == "usr" or path.startswith("usr/"), path)

    def test_dpkg_installs_it_in_a_scratch_root_and_removes_every_file(self):
        root = self.tmp / "root"
        for folder in ("var/lib/dpkg/updates", "var/lib/dpkg/info"):
            (root / folder).mkdir(parents=True)
        (root / "var/lib/dpkg/status").touch()
        # The scratch root has none of the libraries: their presence is the
        # test above's; here dpkg unpacks, configures and removes.
        dpkg = ["dpkg", f"--root={root}", "--force-not-root", "--force-script-chrootless", "--force-depends"]
        subprocess.run([*dpkg, "-i", str(self.deb)], capture_output=True, text=True, check=True)
        installed = root / "usr/bin/coach"
        self.assertEqual(run(str(installed), "--version").strip(), self.fields["Version"])
        page = root / "usr/share/man/man1/coach.1.gz"
        self.assertEqual(gzip.decompress(page.read_bytes()), (SOURCE / "man/coach.1").read_bytes())
        bash = root / "usr/share/bash-completion/completions/coach"
        self.assertEqual(bash.read_text(), run(COACH, "completion", "bash"))
        data = Path(tempfile.mkdtemp(dir=self.tmp))
        subprocess.run([str(installed), "-C", str(data / "team"), "init", "--manager", "Dana", "--team", "East"],
                       capture_output=True, text=True, check=True, env={**os.environ, "HOME": str(data)})
        self.assertTrue((data / "team/coach.yaml").exists())
        # The installed coach finds its iCalendar module where the package put it, relative to itself.
        calendar = subprocess.run([str(installed), "-C", str(data / "team"), "calendar"], capture_output=True,
                                  text=True, env={**os.environ, "HOME": str(data)})
        self.assertEqual(calendar.returncode, 0, calendar.stderr)
        self.assertTrue(calendar.stdout.startswith("BEGIN:VCALENDAR\n"))
        subprocess.run([*dpkg, "-r", "coach"], capture_output=True, text=True, check=True)
        left = [p for p in (root / "usr").rglob("*") if p.is_file()] if (root / "usr").exists() else []
        self.assertEqual(left, [])


if __name__ == "__main__":
    unittest.main()
