"""Skip the one import that dominates Jupyter's fixed cost.

nbformat validates notebooks with jsonschema, and jsonschema, when `rfc3987_syntax` is
importable, compiles ~35 Lark grammars at import time to check the "iri" string format
(python-jsonschema/jsonschema#1428): 1.5-3 s per process. No notebook schema uses that format,
so marking the module as absent loses nothing; jsonschema already treats it as optional.
Import this module before anything imports nbformat; the project's pytest plugin does, so
nbval's workers start faster.
"""

import sys

if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
