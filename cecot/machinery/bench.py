"""`python -m cecot bench` (or `make bench`): how close the build comes to the floor.

Measured in one run on this machine, each case several times, medians reported:
  floor       every notebook converted to a plain script (jupytext) and run with `python`,
              one after another: the cost of the computation itself
  nbconvert   `jupyter nbconvert --to notebook --execute`, one notebook after another:
              what newsrooms usually do
  build       our build from clean outputs (`make figures` equivalent, --force)
  noop        our build when nothing changed
  touch_csv   our build after editing one CSV (only the notebooks that read it re-run)
  test        `make test` on a warm environment (skip with --no-test)
Ratios printed: build/floor, nbconvert/build; timings are written as JSON to compare commits.
Timings are benchmark output only; no test asserts on them.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import paths, registry
from . import build


def _timed(command: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}… failed:\n{result.stderr[-2000:]}")
    return elapsed


_LOOP = "total = 0\nfor i in range(20_000_000):\n    total += i\n"


def _cpu_check(rounds: int = 3) -> float:
    """Seconds for a fixed pure-Python loop run on every core at once (best of `rounds`): how
    much computing this machine gives right now. A virtual machine gets less when its host is
    busy; comparing this figure between runs tells a slower machine from a slower build.
    Ratios measured in one run are unaffected."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        loops = [subprocess.Popen([sys.executable, "-c", _LOOP])
                 for _ in range(os.cpu_count() or 1)]
        for loop in loops:
            loop.wait()
        best = min(best, time.perf_counter() - start)
    return best


def _copy_project(into: Path) -> Path:
    for name in ("cecot", "data", "notebooks", "figures"):
        shutil.copytree(paths.ROOT / name, into / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    # The build's local hint (how long each notebook took here) travels with the copy, as it
    # would on a reporter's machine after one build.
    durations = paths.BUILD / "durations.json"
    if durations.exists():
        (into / "build").mkdir(exist_ok=True)
        shutil.copy2(durations, into / "build" / "durations.json")
    return into


def run_bench(repeat: int = 3, with_test: bool = True, output: Path | None = None) -> dict:
    build.set_deterministic_env()
    cpu_check = _cpu_check()
    python = sys.executable
    bindir = Path(python).parent
    notebooks = [paths.NOTEBOOKS / s.notebook for s in registry.stories().values()
                 if (paths.NOTEBOOKS / s.notebook).exists()]
    times: dict[str, list[float]] = {k: [] for k in
                                     ("floor", "nbconvert", "build", "noop", "touch_csv")}
    with tempfile.TemporaryDirectory(prefix="cecot-bench-") as scratch_name:
        scratch = Path(scratch_name)
        project = _copy_project(scratch / "project")
        # Scripts and nbconvert run the notebooks as stored: they write into the copy's scratch
        # folder (build/scratch/<story>), never into figures/.
        env = dict(os.environ, PYTHONPATH=str(project))
        # The floor and nbconvert run the notebooks as a person would: one process each,
        # drawing one chart after another (the build's parallel drawing is the build's).
        staged_env = {k: v for k, v in env.items() if k != "CECOT_DRAW_JOBS"}
        scripts = scratch / "scripts"
        scripts.mkdir()
        import jupytext

        for notebook in notebooks:  # the same cells as a plain script, without Jupyter
            jupytext.write(jupytext.read(notebook), scripts / f"{notebook.stem}.py",
                           fmt="py:percent")
        script_files = sorted(scripts.glob("*.py"))
        for _ in range(repeat):
            times["floor"].append(sum(_timed([python, str(s)], staged_env, scratch)
                                      for s in script_files))
            times["nbconvert"].append(sum(
                _timed([str(bindir / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                        "--output-dir", str(scratch / "nbconvert"), str(nb)], staged_env, scratch)
                for nb in notebooks))
            out = scratch / "build-out"
            shutil.rmtree(out, ignore_errors=True)
            times["build"].append(_timed([python, "-m", "cecot", "build", "--force",
                                          "--output", str(out)], env, project))
            # A no-op: the project copy is up to date after one committed-mode build.
            _timed([python, "-m", "cecot", "build"], env, project)
            times["noop"].append(_timed([python, "-m", "cecot", "build"], env, project))
            # Edit one CSV (append a harmless trailing blank line: content changes, data
            # does not): only the notebooks that read it re-run.
            population = project / "data" / "population.csv"
            original = population.read_bytes()
            population.write_bytes(original + b"\n")
            times["touch_csv"].append(_timed([python, "-m", "cecot", "build"], env, project))
            population.write_bytes(original)
            _timed([python, "-m", "cecot", "build"], env, project)
    test_failed = False
    if with_test:
        try:
            # `make test` itself: the Makefile's environment is part of what it costs.
            command = ["make", "--no-print-directory", "test"] if shutil.which("make") \
                else [python, "-m", "pytest", "-q"]
            times["test"] = [_timed(command, dict(os.environ), paths.ROOT)]
        except RuntimeError:
            test_failed = True  # a failing suite has no meaningful time; say so, keep the rest
    medians = {k: statistics.median(v) for k, v in times.items() if v}
    report = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                    "cpu_check_seconds": round(cpu_check, 3)},
        "notebooks": len(notebooks), "repeat": repeat,
        "seconds": {k: round(v, 3) for k, v in medians.items()},
        "runs": {k: [round(x, 3) for x in v] for k, v in times.items() if v},
        "test_failed": test_failed,
        "ratios": {
            "build/floor": round(medians["build"] / medians["floor"], 3),
            "nbconvert/build": round(medians["nbconvert"] / medians["build"], 3),
            **({"test/floor": round(medians["test"] / medians["floor"], 3)}
               if "test" in medians else {}),
        },
    }
    output = output or paths.BUILD / "bench.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def main_bench(args) -> int:
    report = run_bench(repeat=args.repeat, with_test=not args.no_test,
                       output=Path(args.json) if args.json else None)
    s = report["seconds"]
    print(f"{report['notebooks']} notebooks, {report['machine']['cores']} cores, "
          f"median of {report['repeat']} runs; CPU check "
          f"{report['machine']['cpu_check_seconds']:.2f} s (a fixed loop on every core: "
          "higher = a slower machine right now)")
    for key, label in (("floor", "floor: plain scripts, serial"),
                       ("nbconvert", "nbconvert --execute, serial"),
                       ("build", "our build, from clean"), ("noop", "our build, nothing changed"),
                       ("touch_csv", "our build, one CSV edited"),
                       ("test", "make test, warm environment")):
        if key in s:
            print(f"  {label:<32} {s[key]:8.2f} s")
    print(f"build/floor      {report['ratios']['build/floor']:.2f}  (target <= 0.6)")
    print(f"nbconvert/build  {report['ratios']['nbconvert/build']:.2f}  (target >= 3)")
    print(f"no-op build      {s['noop']:.2f} s  (target < 1 s)")
    if "test" in s:
        print(f"make test        {s['test']:.1f} s  (target <= 60 s)")
        print(f"test/floor       {report['ratios']['test/floor']:.2f}  (target <= 1.5)")
    elif report["test_failed"]:
        print("make test        failed: fix the tests, then time them again")
    return 0
