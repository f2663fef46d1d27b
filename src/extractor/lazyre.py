"""Regular expressions compiled when first used, not when their module is imported (issue 22: start-up).

Compiling every pattern of the readers and checks took ~65 ms of each start-up (a class of CJK
ideographs alone costs ~1 ms: `re` fills a table of 64K entries for it), while a run uses only the
patterns of the tables and checks its documents meet: about half of them on a small file.
"""

from __future__ import annotations

import re

# Every pattern defined, for the test that compiles them all: a mistyped pattern fails there, not on
# the first document that needs it.
DEFINED: list[LazyPattern] = []

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """`re.compile(pattern, flags)`, done on first use. The compiled pattern's methods then become this
    object's own attributes: a call costs what it costs on the compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        DEFINED.append(self)

    def compile(self) -> re.Pattern:
        """The compiled pattern (compiled now, the first time)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str):
        # (reached only for what is no attribute yet: a method before the first use, or another
        # attribute of the compiled pattern, `groupindex`, `groups`)
        return getattr(self.compile(), name)
