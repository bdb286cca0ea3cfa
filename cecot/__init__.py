"""The CECOT data collection: curated data, the stories computed from it, and the machinery
that builds and publishes them.

Layers, from the bottom (each imports only from those below it; tests/test_layers.py checks):
- errors, paths, rules: what everything else may use;
- data (the validated loader), then ranges, fmt, sources, words, facility, headcounts;
- registry, params, computed, style, run: the shared story machinery;
- stories.<name>: one package per story (compute, words, charts); no story imports another;
- machinery: build, site, diff, bench, command line, pytest plugin.
"""

__version__ = "0.1.0"


def explore(story: str, lang: str = "en"):
    """Live controls for a story in JupyterLab (cecot.machinery.explore)."""
    from .machinery.explore import explore as _explore

    return _explore(story, lang)
