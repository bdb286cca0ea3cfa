"""Same inputs, same bytes, and committed outputs that are current.

No build runs here. nbval executes every committed notebook with its default parameters,
writing its figures into a scratch folder, and after its last cell a `CommittedFiguresItem`
(cecot/machinery/pytest_plugin.py) compares them byte for byte with `figures/<story>/` (a
different process, on possibly another machine, from the run that wrote the committed files).
"""

from __future__ import annotations

from cecot import paths, registry
from cecot.machinery import build
from cecot.machinery.pytest_plugin import CommittedFiguresItem


def test_committed_outputs_were_built_from_todays_inputs():
    """Each figures/<story>/build.json records the hashes of the notebook, parameters, package
    files and data files of the run that wrote it, and of every output: all must be today's."""
    stale = {name: build.stale_reasons(story, build.default_params(name), paths.ROOT)
             for name, story in registry.stories().items()}
    stale = {name: reasons for name, reasons in stale.items() if reasons}
    assert stale == {}, f"run `make figures` and commit: {stale}"


def test_every_story_gets_its_figures_checked(request):
    """The byte-for-byte check exists for every story whenever the notebooks are collected
    (`make test` collects them: pyproject's testpaths)."""
    if not request.config.getoption("nbval", default=False):
        return  # run without --nbval: nothing to check against
    checked = {item.story for item in request.session.items
               if isinstance(item, CommittedFiguresItem)}
    notebooks = {item.path.name for item in request.session.items
                 if item.path.suffix == ".ipynb"}
    expected = {story.name for story in registry.stories().values()
                if story.notebook in notebooks}
    assert checked == expected
