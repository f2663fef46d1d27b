"""Display-safe text: what a document or an endpoint wrote, made inert before it is shown.

Text read from a document on the open web (names, cells, titles) or sent back by an LLM
endpoint (error bodies) is data, never instructions: on a terminal its escape sequences
(ESC ] 0;title BEL, ESC [2J, OSC 52 clipboard writes) must not reach the terminal, and in
Rich/Textual its square brackets must not be read as markup (`[@click=app.reject]` would run an
action, an unbalanced `[/]` raises MarkupError). Where code builds renderables it passes
`inert(...)` (a `rich.text.Text`, which is never parsed as markup); `markup_safe(...)` is for
the places that take a markup string (rich table titles, progress columns).
"""

from __future__ import annotations

import unicodedata

from rich.markup import escape
from rich.text import Text

from .lazyre import LazyPattern

# Whole escape sequences first, so their payload (a window title, clipboard data) goes too;
# the forms are ECMA-48's: CSI (ESC [ or 0x9B), the string commands OSC/DCS/SOS/PM/APC ended
# by BEL or ST (or, unterminated, by the end of the line), and the short ESC sequences.
_ESCAPES = LazyPattern(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# what is left of C0 (but \t, \n), DEL and C1
_CONTROLS = LazyPattern(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = LazyPattern(r"\r\n?")


def for_terminal(text: str, multiline: bool = True) -> str:
    """`text` without escape sequences or control characters, safe to write to a terminal.

    CR and CRLF become a line break; with `multiline` \\n and \\t are kept (a pane of source
    text), without it they become one space each (a list row, a tab-separated line). Printable
    text, Chinese included, is unchanged.
    """
    text = _CONTROLS.sub("", _ESCAPES.sub("", _BREAKS.sub("\n", text)))
    return text if multiline else text.replace("\n", " ").replace("\t", " ")


def shown_path(path: object) -> str:
    """A file's name or path as the terminal shows it, each character no terminal prints (an escape, a
    control, a line break, an invisible format character) written as its escape (`a\\x1b[31mb.txt`): the name
    stays inert, and tells the file apart from one whose name lacks them, as `for_terminal`'s stripping would
    not. A space of any width is printed as it is (`2024年\u3000预算.txt`, a Chinese name's full-width space)."""
    text = str(path)
    # (str.isprintable counts only the ASCII space printable of the spaces, category Zs)
    return text if text.isprintable() else "".join(
        c if c.isprintable() or unicodedata.category(c) == "Zs" else ascii(c)[1:-1] for c in text)


def markup_safe(text: str, multiline: bool = True) -> str:
    """`for_terminal(text)` with Rich markup escaped: shown literally where a markup string is expected."""
    return escape(for_terminal(text, multiline))


def inert(text: str, style: str = "", multiline: bool = True) -> Text:
    """`for_terminal(text)` as a rich Text in `style`: a renderable that is never parsed as markup."""
    return Text(for_terminal(text, multiline), style=style)
