"""The mutation check's list (tests/mutations.py, run by `make mutation`) cannot go stale
silently: every mutation still finds its one place in the code, and changes it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _mutations():
    spec = importlib.util.spec_from_file_location("project_mutations",
                                                  ROOT / "tests" / "mutations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module.MUTATIONS


MUTATIONS = _mutations()


def test_names_are_unique_and_each_has_a_selection():
    names = [m.name for m in MUTATIONS]
    assert len(names) == len(set(names)), names
    for m in MUTATIONS:
        assert m.tests and m.what, m.name
        for test in m.tests:
            if ".py" in test:
                assert (ROOT / test.split("::")[0]).is_file(), (m.name, test)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_old_occurs_exactly_once_and_new_differs(mutation):
    text = (ROOT / mutation.file).read_text(encoding="utf-8")
    assert text.count(mutation.old) == 1, (
        f"{mutation.name}: its `old` text occurs {text.count(mutation.old)} times in "
        f"{mutation.file}; update tests/mutations.py")
    assert mutation.new != mutation.old, mutation.name
