"""Extraction: a pipeline of small components over one `Document` (see pipeline.py for the order)."""

import sys as _sys
import types as _types


class _CallablePackage(_types.ModuleType):
    """`conflictwatch.extract` is both this package and the `extract()` function: once the package is
    imported it shadows the lazy export in `conflictwatch/__init__.py`, so `from conflictwatch import
    extract` yields the package; calling it runs `conflictwatch.extract.pipeline.extract`."""

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204 - forwards to pipeline.extract
        from conflictwatch.extract.pipeline import extract

        return extract(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallablePackage
