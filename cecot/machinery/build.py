"""Execute the notebooks: atomically, in parallel, and only those whose inputs changed.

- One Python process drives every execution through papermill's API, so the heavy imports
  (nbformat -> jsonschema) are paid once per build, not once per notebook.
- Independent notebooks run in parallel kernels (one thread each drives one kernel).
- Each kernel starts in a staging folder and is told its output folder by one parameter,
  `output_dir = "figures/<story>"`, relative to that folder. Only when every notebook succeeded
  is the staging folder moved into place: a failed build leaves every earlier output
  byte-identical, and nothing but a build writes the published figures/ and notebooks/.
- Each story's folder keeps `build.json`: the content hashes of everything the run depended on
  (notebook cells, parameters, each package file and data file it read). A story whose hashes
  all match is not executed again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import data as cdata
from .. import params as cparams
from .. import paths, registry
from ..errors import CecotError, ParameterError
from ..run import NARRATIVE_LANG_ENV, RUN_FILE, shown
from . import fastimport  # noqa: F401  (before anything imports nbformat/jsonschema)

MANIFEST = "build.json"
STAGING_PREFIX = ".staging-"
INJECTED_CELL_ID = "injected-parameters"

# Variables that make every run byte-identical; kernels inherit them from this process.
DETERMINISTIC_ENV = {
    "PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "0",
    "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def set_deterministic_env() -> None:
    os.environ.update(DETERMINISTIC_ENV)
    # Kernels draw their charts on every core (cecot.style.draw_all); the files are the same.
    os.environ.setdefault("CECOT_DRAW_JOBS", str(os.cpu_count() or 1))


def cross_check(story: str):
    """The story's own check of its parameters against each other and the data, if any."""
    try:
        module = importlib.import_module(f"cecot.stories.{story}.compute")
    except ModuleNotFoundError:
        return None
    return getattr(module, "parameter_problem", None)


def default_params(story: str) -> dict[str, Any]:
    """A default build's parameters as build.json records them (the output folder is the
    build's own business, not the story's)."""
    params = cparams.defaults(story)
    params.pop("output_dir", None)
    return params


def output_dir_of(story: str) -> str:
    """Where the build tells a notebook to write, relative to the kernel's staging folder."""
    return f"figures/{story}"


# --- hashes of inputs ------------------------------------------------------------------------

def notebook_hash(path: Path) -> str:
    """Hash of what a notebook does (cell types and sources), not of its stored outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [[c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list)
              else c["source"]] for c in nb["cells"]]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def _file_hashes(folder: Path, names) -> dict[str, str]:
    return {name: (cdata.sha256_bytes((folder / name).read_bytes())
                   if (folder / name).exists() else "missing") for name in sorted(names)}


def current_inputs(story: registry.Story, params: dict, data_files, code_files) -> dict:
    """What a run of `story` depends on, hashed now: compared with what the last run recorded."""
    return {
        "notebook": story.notebook,
        "notebook_sha256": notebook_hash(paths.NOTEBOOKS / story.notebook),
        "parameters": params,
        "code": _file_hashes(paths.PACKAGE, code_files),
        "data": _file_hashes(cdata.data_dir(), data_files),
    }


def stale_reasons(story: registry.Story, params: dict, out_root: Path) -> list[str]:
    """Why `story` must run again (empty: it is up to date), in words a reporter can act on."""
    manifest = out_root / "figures" / story.name / MANIFEST
    if not manifest.exists():
        return ["never built here"]
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    outputs = recorded.pop("outputs", {})
    now = current_inputs(story, params, recorded.get("data", {}), recorded.get("code", {}))
    reasons = []
    notebook_changed = recorded.get("notebook_sha256") != now["notebook_sha256"] or \
        recorded.get("notebook") != now["notebook"]
    if notebook_changed:
        reasons.append(f"notebooks/{story.notebook} changed")
    if recorded.get("parameters") != now["parameters"]:
        old = recorded.get("parameters") or {}
        changed = sorted(k for k in set(old) | set(params) if old.get(k) != params.get(k))
        reasons.append("parameters changed: " + ", ".join(changed))
    for kind, folder in (("code", "cecot"), ("data", "data")):
        for name, digest in now[kind].items():
            if recorded.get(kind, {}).get(name) != digest:
                reasons.append(f"{folder}/{name} " + ("missing" if digest == "missing"
                                                       else "changed"))
    # The executed notebook as the build stored it: outputs saved over it (JupyterLab's
    # autosave, a run by hand) are put back.
    executed = out_root / "notebooks" / story.notebook
    stored = recorded.get("notebook_output_sha256")
    if stored and not notebook_changed and executed.exists() and \
            cdata.sha256_bytes(executed.read_bytes()) != stored:
        reasons.append(f"notebooks/{story.notebook} was saved outside the build")
    # An output deleted or edited by hand is rebuilt too.
    folder = manifest.parent
    for name, digest in outputs.items():
        path = folder / name
        if not path.is_file():
            reasons.append(f"output {name} missing")
        elif cdata.sha256_bytes(path.read_bytes()) != digest:
            reasons.append(f"output {name} edited")
    return reasons


def is_up_to_date(story: registry.Story, params: dict, out_root: Path) -> bool:
    return not stale_reasons(story, params, out_root)


def output_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): cdata.sha256_bytes(p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


# --- cleaning executed notebooks --------------------------------------------------------------

def tidy_metadata(nb: dict) -> dict:
    """What merely opening or running a notebook adds to it (the kernel's language details,
    widget state), removed: how the build stores notebooks, and how JupyterLab saves them
    under `make lab` (cecot.machinery.lab)."""
    meta = nb.setdefault("metadata", {})
    meta.pop("widgets", None)
    if "language_info" in meta:
        meta["language_info"] = {"name": "python"}
    return nb


def clean_notebook(path: Path, keep_injected: bool) -> None:
    """Drop what changes from run to run (timings, versions, papermill's random id of the
    injected cell) so a re-run leaves git clean. A default build's injected cell (only the
    build's own output_dir) is dropped: the committed notebook then runs anywhere as stored."""
    nb = tidy_metadata(json.loads(path.read_text(encoding="utf-8")))
    nb["metadata"].pop("papermill", None)
    cells = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if RESET_TAG in tags:
            continue  # the build's own (a reused kernel's reset), not the notebook's
        if "injected-parameters" in tags:
            if not keep_injected:
                continue
            cell["id"] = INJECTED_CELL_ID
        # The kernel may split one print into several stream messages depending on timing:
        # merge consecutive pieces of the same stream so the stored text is the same every run.
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (previous and output.get("output_type") == "stream"
                    and previous.get("output_type") == "stream"
                    and previous.get("name") == output.get("name")):
                previous["text"] = _text(previous["text"]) + _text(output["text"])
            else:
                merged.append(output)
        for output in merged:
            if output.get("output_type") == "stream":  # nbformat's on-disk form: lines
                output["text"] = _text(output["text"]).splitlines(keepends=True)
        if "outputs" in cell:
            cell["outputs"] = merged
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        meta.pop("collapsed", None)
        cells.append(cell)
    # Execution counts follow the cells kept, as a fresh "Run All" would number them.
    count = 0
    for cell in cells:
        if cell["cell_type"] == "code" and cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
    nb["cells"] = cells
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


# --- planning ---------------------------------------------------------------------------------

@dataclass
class Job:
    story: registry.Story
    overrides: dict[str, Any]   # parameters given for this run (empty: the defaults)
    params: dict[str, Any]      # the full, validated set (recorded in build.json)


@dataclass
class Result:
    executed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)  # why each one (re-)ran
    seconds: dict[str, float] = field(default_factory=dict)
    output_root: Path = paths.ROOT


class NotebookFailed(CecotError):
    pass


def plan(names: list[str] | None, raw_params: dict[str, str], lang: str | None) -> list[Job]:
    """Validate story names and every parameter before anything runs or is written.

    A parameter name applies to every selected story that declares it; `story.name` applies
    to that story only, so one build can run several stories with values of their own
    (`-p density.population 20000 -p occupancy.population 15000`)."""
    every = registry.stories()
    selected = [registry.story(n) for n in (names or list(every))]
    plain, qualified = {}, {}
    for name, value in raw_params.items():
        story_name, dot, param_name = name.rpartition(".")
        if not dot:
            plain[name] = value
            continue
        if story_name not in {s.name for s in selected}:
            raise ParameterError(name, f"story '{story_name}' is not being built"
                                 if story_name in every else f"there is no story '{story_name}'")
        qualified.setdefault(story_name, {})[param_name] = value
    declared = {s.name: cparams.declared(s.name) for s in selected}
    jobs = []
    for story in selected:
        given = dict(plain)
        if lang is not None:
            given["lang"] = lang
        if len(selected) > 1:
            # Building several stories: a parameter applies to those that declare it, but a
            # name no story declares is still an error.
            known = {name for params in declared.values() for name in params}
            for name in given:
                if name not in known:
                    raise ParameterError(name, "no selected story has this parameter")
            given = {k: v for k, v in given.items() if k in declared[story.name]}
        given.update(qualified.get(story.name, {}))
        if "output_dir" in given:
            raise ParameterError("output_dir", "set the output folder with --output DIR")
        params = cparams.validate(story.name, given, cross_check(story.name) if given else None)
        params.pop("output_dir", None)
        overrides = {k: params[k] for k in given}
        jobs.append(Job(story, overrides, params))
    return jobs


# --- running ----------------------------------------------------------------------------------

RESET_TAG = "cecot-kernel-reset"
# The first cell of a notebook run in a kernel an earlier notebook of this build used: nothing
# of that run is left in the namespace or the input history (cecot.run.Run reads the history).
RESET_CELL = "%reset -f\n%reset -f in"
_KERNELS = threading.local()


def _kernel():
    """This build thread's kernel manager: each thread runs its notebooks one after another in
    one kernel, so the start-up and the imports are paid once per thread, not per notebook.
    What one notebook leaves behind cannot reach the next: the namespace and history are reset,
    a run records what it read from zero (cecot.run.Run) and its code from the notebook's own
    imports (cecot.run.code_hashes). nbval runs every notebook in a fresh kernel and checks the
    bytes are the same."""
    from .kernels import AsyncIPCKernelManager

    km = getattr(_KERNELS, "km", None)
    if km is None:
        km = _KERNELS.km = AsyncIPCKernelManager(kernel_name="python3")
        _KERNELS.used = False
        _STARTED.append(km)
    return km


_STARTED: list = []


def _stop_kernels() -> None:
    """Stop every kernel this build started. Each belongs to its thread's event loop, so it is
    stopped from outside it: its process is killed (every notebook's output is in memory by
    then) and its files removed."""
    import signal

    from jupyter_core.utils import run_sync

    while _STARTED:
        km = _STARTED.pop()
        process = getattr(km.provisioner, "process", None) if km.provisioner else None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        try:
            run_sync(km.cleanup_resources)()
        except Exception:  # noqa: BLE001 - files already gone
            pass


def _execute(job: Job, staging: Path) -> float:
    import nbformat
    import papermill  # imported once per process; threads share it

    source = nbformat.read(paths.NOTEBOOKS / job.story.notebook, as_version=4)
    target = staging / "notebooks" / job.story.notebook
    target.parent.mkdir(parents=True, exist_ok=True)
    parameters = {**job.overrides, "output_dir": output_dir_of(job.story.name)}
    lang = job.params.get("lang", "en")
    if lang != "en":  # a Spanish run reads as Spanish: its narrative from notebooks/es/
        from . import i18n
        source = i18n.translate(source, job.story.notebook, lang)
    km = _kernel()
    if _KERNELS.used:
        reset = nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": [RESET_TAG]})
        source.cells.insert(0, reset)
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            source, str(target), parameters=parameters,
            kernel_name="python3", progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, km=km,
            # The kernel's working folder is the staging folder (each thread's kernel has its
            # own; no process-wide chdir): output_dir is relative to it.
            resources={"metadata": {"path": str(staging)}})
    except papermill.PapermillExecutionError as err:
        _KERNELS.km = None  # a failed run's kernel is not reused
        raise NotebookFailed(_explain(job.story, err)) from None
    except Exception as err:  # noqa: BLE001 - a kernel that would not start, say
        _KERNELS.km = None
        raise NotebookFailed(f"{job.story.notebook}: could not run ({err})") from None
    _KERNELS.used = True
    clean_notebook(target, keep_injected=bool(job.overrides))
    return time.perf_counter() - start


def _explain(story: registry.Story, err) -> str:
    """One line for a failed notebook: our own errors carry their message as is."""
    if err.ename in {cls.__name__ for cls in (CecotError, *CecotError.__subclasses__())}:
        return f"{err.evalue}  [while running notebooks/{story.notebook}]"
    return (f"notebooks/{story.notebook} failed in cell {err.exec_count}: {err.ename}: "
            f"{err.evalue}")


def _move_into_place(staging: Path, out_root: Path, jobs: list[Job]) -> None:
    for job in jobs:
        name, notebook = job.story.name, job.story.notebook
        staged_dir = staging / "figures" / name
        target_dir = out_root / "figures" / name
        target_dir.parent.mkdir(parents=True, exist_ok=True)
        trash = staging / "replaced" / name
        trash.parent.mkdir(parents=True, exist_ok=True)
        if target_dir.exists():
            os.replace(target_dir, trash)
        os.replace(staged_dir, target_dir)
        nb_target = out_root / "notebooks" / notebook
        nb_target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / "notebooks" / notebook, nb_target)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(folder: Path) -> list[Path]:
    """Staging folders left by builds that were killed: each records its builder's process id,
    and one whose process is gone is removed."""
    removed = []
    for staging in folder.glob(f"{STAGING_PREFIX}*"):
        owner = staging / "pid"
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            pid = 0
        if not pid or not _alive(pid):
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
    return removed


def run(names: list[str] | None = None, raw_params: dict[str, str] | None = None,
        lang: str | None = None, output: str | os.PathLike | None = None,
        force: bool = False, jobs: int | None = None, dry_run: bool = False) -> Result:
    """Build the named stories (all by default). See the module docstring. With `dry_run`,
    decide what would run and why (`Result.reasons`), and execute or write nothing."""
    set_deterministic_env()
    planned = plan(names, raw_params or {}, lang)
    custom = bool(raw_params) or lang is not None
    if custom and output is None:
        raise ParameterError("output", "a run with parameters must name its folder with "
                                       "--output DIR (the committed figures stay as they are)")
    out_root = Path(output).resolve() if output is not None else paths.ROOT
    result = Result(output_root=out_root)
    todo = []
    for job in planned:
        reasons = ["--force"] if force else stale_reasons(job.story, job.params, out_root)
        if reasons:
            todo.append(job)
            result.reasons[job.story.name] = reasons
        else:
            result.skipped.append(job.story.name)
    if not todo or dry_run:
        return result
    # Longest notebooks first (times of earlier runs on this machine, kept out of git): with
    # a few workers this shortens the whole build by not leaving a long notebook for last.
    durations = _durations()
    todo.sort(key=lambda job: -durations.get(job.story.name, float("inf")))
    cdata.validate_all()  # every CSV, before any kernel starts or any file is written
    if lang not in (None, "en"):  # the kernels' narrative is translated (_execute): they say so
        os.environ[NARRATIVE_LANG_ENV] = lang
    # Staging sits beside the destination so the final moves are renames on one filesystem.
    staging_parent = paths.BUILD if output is None else out_root
    created_output = output is not None and not out_root.exists()
    staging_parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(staging_parent)
    succeeded = False
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=staging_parent))
    (staging / "pid").write_text(str(os.getpid()))
    try:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {job.story.name: pool.submit(_execute, job, staging) for job in todo}
            errors = []
            for name, future in futures.items():
                try:
                    result.seconds[name] = future.result()
                except CecotError as err:
                    errors.append(str(err))
            if errors:
                raise NotebookFailed("; ".join(errors) + " — nothing was written")
        _stop_kernels()
        for job in todo:
            story_dir = staging / "figures" / job.story.name
            record_file = story_dir / RUN_FILE
            if not record_file.exists():
                raise NotebookFailed(f"notebooks/{job.story.notebook} wrote no numbers.json "
                                     "(its last cell must call run.finish)")
            record = json.loads(record_file.read_text(encoding="utf-8"))
            record_file.unlink()
            manifest = current_inputs(job.story, job.params, record["data"], record["code"])
            # Hashes of the bytes the run actually read and imported, not of what is on disk
            # now: an edit made during the run is still seen as a change next time.
            manifest["data"], manifest["code"] = record["data"], record["code"]
            manifest["outputs"] = output_hashes(story_dir)
            manifest["notebook_output_sha256"] = cdata.sha256_bytes(
                (staging / "notebooks" / job.story.notebook).read_bytes())
            (story_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n",
                                              encoding="utf-8")
        _move_into_place(staging, out_root, todo)
        result.executed = [job.story.name for job in todo]
        succeeded = True
        _record_durations(result.seconds)
    finally:
        _stop_kernels()
        shutil.rmtree(staging, ignore_errors=True)
        # Leave no trace of a failed run: not even the --output folder it created.
        if created_output and not succeeded:
            try:
                out_root.rmdir()  # only if empty
            except OSError:
                pass
    return result


DURATIONS = paths.BUILD / "durations.json"


def _durations() -> dict[str, float]:
    try:
        return json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _record_durations(seconds: dict[str, float]) -> None:
    try:
        DURATIONS.parent.mkdir(parents=True, exist_ok=True)
        DURATIONS.write_text(json.dumps({**_durations(), **seconds}, indent=2, sort_keys=True),
                             encoding="utf-8")
    except OSError:
        pass  # only an ordering hint


def main_build(args) -> int:
    started = time.perf_counter()
    result = run(args.names or None, dict(args.param or []), args.lang, args.output,
                 force=args.force, jobs=args.jobs, dry_run=args.dry_run)
    if args.dry_run:
        for name, reasons in result.reasons.items():
            print(f"would build {name}: " + "; ".join(reasons))
        for name in result.skipped:
            print(f"up to date: {name}")
        return 0
    for name in result.executed:
        print(f"built {name} in {result.seconds[name]:.1f} s ("
              + "; ".join(result.reasons[name]) + ")")
    for name in result.skipped:
        print(f"up to date: {name}")
    where = "figures/" if args.output is None else shown(result.output_root)
    print(f"{len(result.executed)} built, {len(result.skipped)} up to date -> {where} "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0
