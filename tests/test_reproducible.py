"""Same inputs, same bytes, and committed outputs that are current.

No build runs here: the runs this needs are made elsewhere in the session. nbval executes every
committed notebook with its default parameters, writing its figures into a scratch folder, and
after its last cell a `CommittedFiguresItem` (cecot/pytest_plugin.py) compares them byte for byte with
`figures/<story>/` (a different process, on possibly another machine, from the run that wrote
the committed files). `test_incremental` rebuilds a story the papermill way and compares the
notebook and figures it writes with the committed ones."""

from __future__ import annotations

from cecot import build, paths, stories
from cecot.pytest_plugin import CommittedFiguresItem


def test_committed_outputs_were_built_from_todays_inputs():
    """Each figures/<story>/build.json records the hashes of the notebook, parameters, package
    modules and data files of the run that wrote it, and of every output: all must be today's."""
    stale = [story.name for story in stories.STORIES.values()
             if not build.is_up_to_date(story, story.defaults, paths.ROOT)]
    assert stale == [], "run `make figures` and commit: " + ", ".join(stale)


def test_every_story_gets_its_figures_checked(request):
    """The byte-for-byte check exists for every story whenever the notebooks are collected
    (`make test` collects them: pyproject's testpaths)."""
    if not request.config.getoption("nbval", default=False):
        return  # run without --nbval: nothing to check against
    checked = {item.story for item in request.session.items
               if isinstance(item, CommittedFiguresItem)}
    notebooks = {item.path.name for item in request.session.items
                 if item.path.suffix == ".ipynb"}
    expected = {story.name for story in stories.STORIES.values()
                if story.notebook in notebooks}
    assert checked == expected
