"""Optional native build: `CONFLICTWATCH_COMPILE=1 pip install --no-build-isolation .` compiles the
extraction modules with mypyc (needs `mypy[mypyc]` and a C compiler), about a fifth faster per article
with the same output. Without the variable the package is pure Python (the default, and what an
editable install for development should be: a compiled module would shadow edits to its source).
"""

import os

from setuptools import setup

# The hot path: the document model and the components. pipeline.py stays Python: it is the seam users
# replace components at.
COMPILED = ["document"] + [
    f"extract/{name}" for name in ("cues", "numbers", "prefilter", "sentences", "dates", "gazetteer", "places",
                                   "actors", "casualties", "sources", "event_types", "incidents")
]

ext_modules = []
if os.environ.get("CONFLICTWATCH_COMPILE") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(
        [f"src/conflictwatch/{name}.py" for name in COMPILED] + ["--ignore-missing-imports", "--follow-imports=silent"],
        opt_level="3",
        multi_file=True,  # one C file per module, compiled in parallel below
    )

setup(ext_modules=ext_modules, options={"build_ext": {"parallel": os.cpu_count() or 1}})
