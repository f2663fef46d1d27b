"""The root of the errors the library raises on purpose.

Every such error says, in one line, what could not be done and why (the CLI
prints it as `error: …` and exits with a code; the batch goes on where a file
is at fault). Catching `ExtractorError` catches them all; anything else that
escapes is a bug.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """A failure the tool expects and can explain: bad input, a fault in OUT, an endpoint that did not answer."""
