"""The pytest plugin of this project (`-p cecot.machinery.pytest_plugin` in pyproject.toml),
loaded whatever paths pytest is given, `pytest notebooks/` included:

- jsonschema's slow optional import is skipped before nbval imports nbformat (fastimport);
- every kernel nbval starts inherits the build's deterministic environment;
- nbval re-executes the committed notebooks as stored: their `output_dir` is empty, so each
  writes into its scratch folder, build/scratch/<story>, never into the published figures/;
- after the last cell of each notebook, `CommittedFiguresItem` compares what that run wrote
  with the committed figures/<story>/, byte for byte. nbval's run is then also the proof that
  builds are deterministic and that the committed figures are current.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import fastimport  # noqa: F401  (before nbval imports nbformat)
from .. import paths

# Written by a run or a build for its own bookkeeping, not published as such.
BOOKKEEPING = ("run.json", "build.json")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pytest_configure(config):
    import os

    from . import build
    build.set_deterministic_env()
    os.environ["CECOT_FAST_IMPORT"] = "1"  # every process the tests start (fastimport.py)


def pytest_ignore_collect(collection_path, config):
    """nbval checks the stories' notebooks only: a notebook no story publishes (the explore
    landing notebook, stored without outputs) is tested by its own tests instead."""
    if collection_path.suffix == ".ipynb" and collection_path.parent == paths.NOTEBOOKS:
        from .. import registry
        published = {s.notebook for s in registry.stories().values()}
        return collection_path.name not in published or None
    return None


class CommittedFiguresItem(pytest.Item):
    """Runs after the last cell nbval executed in a notebook: the files that run wrote into
    its scratch folder must be byte-identical to the committed figures/<story>/."""

    def __init__(self, *, story: str, **kwargs):
        super().__init__(**kwargs)
        self.story = story

    def runtest(self):
        written = snapshot(paths.SCRATCH / self.story)
        committed = snapshot(paths.FIGURES / self.story)
        for name in BOOKKEEPING:
            written.pop(name, None)
            committed.pop(name, None)
        assert written, f"the notebook wrote nothing under build/scratch/{self.story}"
        missing = sorted(set(committed) - set(written))
        extra = sorted(set(written) - set(committed))
        different = sorted(n for n in committed.keys() & written.keys()
                           if committed[n] != written[n])
        assert not (missing or extra or different), (
            f"figures/{self.story} is not what a run writes (run `make figures` and commit): "
            f"different {different[:5]}, not written {missing[:5]}, not committed {extra[:5]}")

    def repr_failure(self, excinfo):
        if excinfo.errisinstance(AssertionError):  # the message says it all
            return str(excinfo.value).split("\nassert ")[0]
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.name} (figures/{self.story})"


# What each module costs (CPU seconds on two cores, `pytest --durations=0`, 2026-12-06): pytest-
# xdist hands out modules in the order collected (pyproject.toml turns off its reordering by
# test count), so the longest start first and the short ones fill in at the end. Only the
# order changes; an unknown or new module comes after these.
COSTS = {"tests/test_lab.py": 22, "tests/machinery/test_build.py": 20,
         "tests/machinery/test_runs.py": 18, "tests/test_site.py": 17,
         "tests/stories/test_text_from_numbers.py": 24, "tests/test_data_contract.py": 9,
         "notebooks/05-prisons.ipynb": 8, "notebooks/03-homicides.ipynb": 7,
         "tests/stories/test_real_run.py": 6, "tests/stories/test_claims.py": 6,
         "tests/test_analyst.py": 5, "notebooks/01-density.ipynb": 4,
         "notebooks/02-occupancy.ipynb": 4, "notebooks/06-costs.ipynb": 3,
         "notebooks/04-claims.ipynb": 3}


def _longest_first(items) -> list:
    modules: dict[str, list] = {}
    for item in items:  # each module's items stay together and in their order
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    order = sorted(modules, key=lambda module: -COSTS.get(module, 0))
    return [item for module in order for item in modules[module]]


def pytest_collection_modifyitems(session, config, items):
    from .. import registry
    by_notebook = {s.notebook: s.name for s in registry.stories().values()}
    result = []
    for index, item in enumerate(items):
        result.append(item)
        parent = item.parent
        story = by_notebook.get(Path(str(getattr(parent, "path", ""))).name)
        last_of_notebook = index + 1 == len(items) or items[index + 1].parent is not parent
        if story and last_of_notebook and type(parent).__name__ == "IPyNbFile":
            # Same file, same nodeid prefix: pytest-xdist's loadscope keeps it on the worker
            # that ran the notebook, after its last cell.
            result.append(CommittedFiguresItem.from_parent(
                parent, name="figures are the committed bytes", story=story))
    items[:] = _longest_first(result)
