"""Skip the one import that dominates Jupyter's fixed cost.

nbformat validates notebooks with jsonschema, and jsonschema, when `rfc3987_syntax` is
importable, compiles ~35 Lark grammars at import time to check the "iri" string format
(python-jsonschema/jsonschema#1428): 1.5-3 s per process. No notebook schema uses that format,
so marking the module as absent loses nothing; jsonschema already treats it as optional.
Import this module before anything imports nbformat; the build and the project's pytest plugin
do. Other processes of this environment (papermill's and nbconvert's command lines, a
JupyterLab server) skip it too when CECOT_FAST_IMPORT=1 is set: `make env` installs a one-line
.pth file that checks it (`python -m cecot.machinery.fastimport install`), and the test suite
sets it for every process it starts. Without the variable nothing changes, so `make bench`
times plain nbconvert as a newsroom would run it.
"""

import sys

PTH_NAME = "cecot_fast_import.pth"
PTH_LINE = ("import os, sys; os.environ.get('CECOT_FAST_IMPORT') == '1' and "
            "sys.modules.setdefault('rfc3987_syntax', None)\n")

if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)


def install() -> str:
    """Write the .pth file into this environment's site-packages."""
    import site
    from pathlib import Path

    target = Path(site.getsitepackages()[0]) / PTH_NAME
    target.write_text(PTH_LINE, encoding="utf-8")
    return str(target)


if __name__ == "__main__" and sys.argv[1:] == ["install"]:
    print(f"wrote {install()}")
