"""The mypyc build (`make compiled`) codes articles exactly as the pure-Python modules do.

`CONFLICTWATCH_COMPILED` names the unpacked build (build/compiled); .ci/run builds it and sets it.
Without it the test skips, unless CONFLICTWATCH_REQUIRE_COMPILED is set (in CI a skip would hide a gap).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "conflictwatch"
INPUTS = [*sorted((REPO / "samples").glob("*.txt")), REPO / "samples" / "wire-2024.jsonl",
          REPO / "tests" / "fixtures" / "merge" / "articles.jsonl"]


@pytest.fixture(scope="module")
def build() -> Path:
    folder = os.environ.get("CONFLICTWATCH_COMPILED")
    if not folder:
        if os.environ.get("CONFLICTWATCH_REQUIRE_COMPILED"):
            pytest.fail("CONFLICTWATCH_COMPILED is not set: run `make compiled` and point it at build/compiled")
        pytest.skip("no compiled build given (CONFLICTWATCH_COMPILED)")
    path = Path(folder).resolve()
    compiled = path / "conflictwatch"
    assert list(compiled.glob("extract/places.*.so")), f"{compiled}: no compiled modules"
    sources = [PACKAGE / "document.py", *PACKAGE.glob("extract/*.py")]
    stale = [str(p.relative_to(PACKAGE)) for p in sources
             if (compiled / p.relative_to(PACKAGE)).read_bytes() != p.read_bytes()]
    assert not stale, f"the build is older than the sources ({', '.join(stale)}): run `make compiled`"
    return path


def _extract(pythonpath: str | None) -> tuple[str, str]:
    """`conflictwatch extract --format jsonl` over the inputs, and which build was imported."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    code = ("import sys; from conflictwatch.cli import app; from conflictwatch.extract import places; "
            "print('BUILD', places.__file__, file=sys.stderr); app()")
    done = subprocess.run([sys.executable, "-c", code, "extract", "--format", "jsonl", *map(str, INPUTS)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    build_line = next(line for line in done.stderr.splitlines() if line.startswith("BUILD "))
    return done.stdout, build_line


def test_compiled_build_codes_the_same_records(build: Path) -> None:
    pure, pure_build = _extract(None)
    native, native_build = _extract(str(build))
    assert pure_build.endswith(".py") and native_build.endswith(".so"), (pure_build, native_build)
    assert len(pure.splitlines()) > 40  # the inputs hold dozens of incidents: an empty run proves nothing
    assert native.splitlines() == pure.splitlines()
