"""Mutation check: does the property test (tests/stories/test_text_from_numbers.py) bite?

Each mutation below puts back one old behaviour, a small realistic regression in a story's words
or numbers. For each, a scratch copy of the repository's tracked files (as they stand in the
working tree, uncommitted edits included) gets that one replacement, and pytest runs the
mutation's selection there, importing the copy's `cecot` package. A mutation is CAUGHT when
pytest fails. The unmutated copy must pass the same selections first, or "caught" means nothing.

    .venv/bin/python tests/mutations.py            every mutation (make mutation)
    .venv/bin/python tests/mutations.py NAME ...   only these
    .venv/bin/python tests/mutations.py --check    only: every `old` occurs once in its file

Exit status: 0 when the machinery worked (the table is the result, caught or not), 2 when a
mutation's `old` text is missing or not unique (the list went stale), 1 when the unmutated copy
fails or the copy's package is not the one imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROPERTY = "tests/stories/test_text_from_numbers.py"


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str  # the old behaviour it puts back, in one line
    file: str  # repository-relative
    old: str  # exact text, occurring exactly once in `file`
    new: str
    tests: tuple[str, ...]  # pytest node ids: a file, a class or one test


def story(name: str) -> tuple[str, ...]:
    return (f"{PROPERTY}::Test{name.capitalize()}",)


DENSITY_WORDS = "cecot/stories/density/words.py"
HOMICIDES = "cecot/stories/homicides/compute.py"

MUTATIONS = [
    Mutation("density-fractional-people", "people per cell printed with decimals (899.18)",
             DENSITY_WORDS,
             'return self(f"about.{fmt.plural(n, self.lang)}", n=fmt.whole(n, self.lang))',
             'return self(f"about.{fmt.plural(n, self.lang)}", n=fmt.number(value, self.lang))',
             story("density")),
    Mutation("density-always-fraction", "bars title says 'under half of' whatever the numbers",
             DENSITY_WORDS, "k = fraction_of(guideline / actual)",
             "k = max(2, fraction_of(guideline / actual))", story("density")),
    Mutation("costs-literal-100-million", "a literal US$100 million in the budget sentence",
             "cecot/stories/costs/text.yml",
             "published by Voz Pública in {published}, shows a budget of US${budget};",
             "published by Voz Pública in {published}, shows a budget of US$100 million;",
             story("costs")),
    Mutation("density-literal-icrc-3.4", "bars title names the ICRC's 3.4 m² whatever the "
             "yardstick", DENSITY_WORDS,
             'relation, variant = t.relation(n["m2_per_person"], t.yardstick_title)',
             'relation, variant = t.relation(n["m2_per_person"], "the ICRC\'s 3.4\\u00a0m²")',
             story("density")),
    Mutation("density-unos-1", "'about N' per cell always plural: Spanish 'unos 1'",
             DENSITY_WORDS,
             'return self(f"about.{fmt.plural(n, self.lang)}", n=fmt.whole(n, self.lang))',
             'return self("about.other", n=fmt.whole(n, self.lang))', story("density")),
    Mutation("density-los-1-m2", "a chosen yardstick's name always plural: 'los 1 m²'",
             DENSITY_WORDS,
             'key += "." + fmt.plural(self.n["guideline_m2"], self.lang)',
             'key += ".other"', story("density")),
    Mutation("homicides-subtitle-unselected", "rates subtitle describes published rates of "
             "series not selected", HOMICIDES,
             '"published_rates": bool(shown),',
             '"published_rates": any(r["measure"] == "rate"\n'
             '                               for r in within(b.rows, start_year, end_year)),',
             story("homicides")),
    Mutation("homicides-year-outside-window", "disagreement title names the widest gap of "
             "any year, even one before joint validation", "cecot/stories/homicides/words.py",
             '"end": span["end"], "year": year(since["year"]),',
             '"end": span["end"], "year": year(d["widest_count_spread"]["year"]),',
             story("homicides")),
    Mutation("homicides-official-chart-always", "official-counts chart published when the "
             "official series is not selected", HOMICIDES,
             'return [c for c in CHART_IDS if c != "official-counts" or series in (ALL, '
             '"official")]',
             "return list(CHART_IDS)", story("homicides")),
    Mutation("occupancy-claimed-scenario", "a scenario capacity called 'the claimed N'",
             "cecot/stories/occupancy/words.py",
             'which = "stated" if n["capacity_is_stated"] else "scenario"\n'
             '    return t(f"capacity.{which}"',
             'which = "stated"\n    return t(f"capacity.{which}"', story("occupancy")),
    Mutation("density-capacity-wording", "any population called the capacity El Salvador "
             "claims", DENSITY_WORDS,
             'return self.n["population"] == self.n["capacity_from_sources"]',
             "return True", story("density")),
    Mutation("costs-staff-credited", "chosen soldiers/police credited 'as BBC Mundo and others "
             "report'", "cecot/stories/costs/words.py",
             'scenario = any(name in t.n["scenario_parameters"]\n'
             '                   for name in ("prison_staff", "soldiers", "police"))',
             'scenario = "prison_staff" in t.n["scenario_parameters"]', story("costs")),
    Mutation("homicides-peak-in-window", "a window's highest year called the highest in the "
             "data", HOMICIDES,
             '"peak_kind": peak_kind(all_years, summary, start_year),',
             '"peak_kind": peak_kind(in_window, summary, start_year),', story("homicides")),
    Mutation("costs-page-literal-days", "page headline says 'within 130 days', hard-coded",
             "cecot/stories/costs/text.yml",
             "for up to {term}; within {days} days a prisoner swap",
             "for up to {term}; within 130 days a prisoner swap",
             story("costs")),
    Mutation("homicides-official-sentence", "notebook says the official series is out when "
             "it is in", "cecot/stories/homicides/words.py",
             'if "official-counts" not in computed.sources:',
             'if "official-counts" in computed.sources:', story("homicides")),
    Mutation("homicides-note-repeats-key", "rates note repeats a rule change the chart's key "
             "already lists", "cecot/stories/homicides/words.py",
             'if rule and r["official_excludes"]["change_id"] in set(',
             'if False and r["official_excludes"]["change_id"] in set(', story("homicides")),
    Mutation("homicides-subtitle-repeats-whose", "rates subtitle says again whose the latest "
             "figure is, which the title names", "cecot/stories/homicides/words.py",
             'latest = "" if named else t(', 'latest = "" if False else t(', story("homicides")),
    Mutation("costs-grant-range", "the grant made a range of the letter's sum and the less "
             "exact figures outlets give for it", "cecot/stories/costs/compute.py",
             'letter = grant_rows[grant_rows["source_id"] == COURT_FILING]["value"].astype(float)',
             'letter = grant_rows["value"].astype(float)', story("costs")),
    Mutation("prisons-share-any-season", "CECOT share title ignores the 90-day closeness rule",
             "cecot/stories/prisons/compute.py",
             'shares = shares[shares["gap_days"].abs() <= FAR_DAYS]\n    frame = ',
             "frame = ", story("prisons")),
    Mutation("prisons-opinion-latest", "an opinion piece's prison figure may be the latest",
             "cecot/stories/prisons/compute.py",
             'prison["date_precision"]):\n        if kinds(source_id) & {"opinion"}:',
             'prison["date_precision"]):\n        if False:', story("prisons")),
    Mutation("claims-renamed-verdict", "ledger title reads a verdict key that no longer "
             "exists: 'none is imprecise'", "cecot/stories/claims/words.py",
             'return _form(counts["inconsistent"], lang), _form(counts["imprecise"], lang)',
             'return _form(counts["inconsistent"], lang), _form(counts.get("approximate", 0), '
             'lang)',
             story("claims")),
    Mutation("claims-headline-all-hold", "page headline 'none is refuted or imprecise' "
             "while some are imprecise", "cecot/stories/claims/words.py",
             'elif counts.get("imprecise", 0) == 0:', 'elif counts.get("inconsistent", 0) == 0:',
             story("claims")),
    Mutation("prisons-ticks-at-halves", "axis ticks at 2.5 and 7.5 written whole: 0, 2, 5, 8, 10",
             "cecot/stories/prisons/charts.py",
             '    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], '
             'integer=True))\n', "", story("prisons")),
    Mutation("density-undated-opinion-drawn", "an opinion column whose date is only inferred "
             "drawn on the time axis (as the highest mark, after the subtitle's last date)",
             "cecot/headcounts.py", "SET_ASIDE_FLAGS = (IMPLAUSIBLE, DATE_INFERRED)",
             "SET_ASIDE_FLAGS = (IMPLAUSIBLE,)", ("tests/stories/test_density.py",
                                                  "tests/stories/test_prisons.py")),
]


def stale(mutations, root: Path = ROOT) -> list[str]:
    """What is wrong with the list against the files under `root`: an `old` missing or not
    unique, a `new` equal to its `old`."""
    problems = []
    for m in mutations:
        path = root / m.file
        count = path.read_text(encoding="utf-8").count(m.old) if path.is_file() else 0
        if count != 1:
            problems.append(f"{m.name}: `old` occurs {count} times in {m.file}")
        if m.new == m.old:
            problems.append(f"{m.name}: `new` is the same as `old`")
    return problems


def tracked_copy(destination: Path) -> None:
    """The repository's tracked files as they stand in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() or source.is_symlink():  # a file deleted in the tree stays out
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name, follow_symlinks=False)


def environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy), env.get("PYTHONPATH")]))
    for name, value in (("PYTHONHASHSEED", "0"), ("TZ", "UTC"), ("LC_ALL", "C.UTF-8"),
                        ("SOURCE_DATE_EPOCH", "0"), ("MPLBACKEND", "Agg")):
        env.setdefault(name, value)  # as the Makefile sets them
    return env


def imported_from(copy: Path) -> Path:
    found = subprocess.run([sys.executable, "-c", "import cecot; print(cecot.__file__)"],
                           cwd=copy, env=environment(copy), capture_output=True, text=True)
    return Path(found.stdout.strip() or ".").resolve()


def pytest(copy: Path, tests) -> tuple[int, str]:
    """pytest on `tests` in the copy, on one process, stopping at the first failure."""
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", *tests, "-x", "-q", "-n", "0",
                               "-p", "no:cacheprovider"], cwd=copy, env=environment(copy),
                              capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return -1, "timed out"
    return done.returncode, done.stdout + done.stderr


def main(argv: list[str]) -> int:
    names = [a for a in argv if a != "--check"]
    chosen = [m for m in MUTATIONS if not names or m.name in names]
    unknown = sorted(set(names) - {m.name for m in MUTATIONS})
    if unknown:
        print(f"unknown mutation(s): {', '.join(unknown)}")
        return 1
    problems = stale(chosen)
    for problem in problems:
        print(f"stale: {problem}")
    if problems or "--check" in argv:
        return 2 if problems else 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cecot-mutations-") as scratch:
        base = Path(scratch) / "base"
        tracked_copy(base)
        where = imported_from(base)
        if not where.is_relative_to(base.resolve()):
            print(f"error: the scratch copy imports cecot from {where}, not from the copy")
            return 1
        selections = list(dict.fromkeys(t for m in chosen for t in m.tests))
        code, output = pytest(base, selections)
        if code != 0:
            lines = output.strip().splitlines() or ["no output"]
            failed = [x for x in lines if x.startswith(("FAILED", "ERROR"))] or lines[-1:]
            print(f"error: the unmutated copy fails its selections: {failed[0]}")
            return 1
        print(f"baseline   unmutated copy passes {len(selections)} selection(s) "
              f"[{time.monotonic() - started:.0f} s]")
        caught = 0
        for i, m in enumerate(chosen):
            copy = Path(scratch) / f"m{i}"
            shutil.copytree(base, copy, symlinks=True)  # its bytecode caches too: still valid
            path = copy / m.file
            path.write_text(path.read_text(encoding="utf-8").replace(m.old, m.new),
                            encoding="utf-8")
            began = time.monotonic()
            code, output = pytest(copy, m.tests)
            if code in (3, 4, 5):  # internal error, usage error, nothing collected
                print(f"error: {m.name}: pytest could not run its selection (exit {code})")
                return 1
            caught += code != 0  # a failure, or a hang (timed out)
            status = "caught" if code != 0 else "NOT caught"
            print(f"{status:<10} {m.name:<32} {m.what}  "
                  f"[{time.monotonic() - began:.0f} s]", flush=True)
            shutil.rmtree(copy)
    print(f"{caught} of {len(chosen)} caught  [{time.monotonic() - started:.0f} s in all]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
