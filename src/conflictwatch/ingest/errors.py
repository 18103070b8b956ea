"""The one error type readers raise or yield: it always names the input (and line) at fault."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read as an article. `origin` is "path" or "path:line"."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message
