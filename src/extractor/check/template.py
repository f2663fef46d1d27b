"""Disclosure templates as data (`data/templates.toml`, its sources noted there): the tables a
disclosure must hold and their order, the statement a table printed empty carries, and the
subjects its narrative states amounts of. Another province's template is another entry in
that file, not code.
"""

from __future__ import annotations

import re
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (the project declares ≥ 3.10): its backport
    import tomli as tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from ..lazyre import LazyPattern
from ..models import Document, LineTable, TableKind

TEMPLATES_FILE = "templates.toml"
# A printed title matches a template title at this ratio (after `title_key`), or with one
# OCR-damaged character whatever its length (收文 for 收支 in an eight-character title).
TITLE_MATCH = 88


def title_match(key: str, template_key: str) -> bool:
    """Whether a printed title's key is a template title's key, with OCR tolerance."""
    n = len(template_key)
    return fuzz.ratio(key, template_key) >= min(TITLE_MATCH, 100 * (n - 1) / n - 1e-9) if n else False


@dataclass(frozen=True)
class Subject:
    """What a narrative names an amount by, and the table cell it is read from."""

    words: tuple[str, ...]
    kind: TableKind
    row: str
    funds: str | None = None
    side: str | None = None


@dataclass(frozen=True)
class Template:
    name: str
    doc_type: str  # 预算 or 决算
    applies: int  # tables of it a document must print to be held to it
    tables: tuple[str, ...]
    empty: tuple[str, ...]
    subjects: tuple[Subject, ...] = field(default=())

    def index(self, title: str) -> int | None:
        """The position in `tables` of the template table `title` prints, or None."""
        key = title_key(title)
        if not key:
            return None
        scores = [fuzz.ratio(key, title_key(t)) for t in self.tables]
        best = max(range(len(scores)), key=scores.__getitem__)
        return best if title_match(key, title_key(self.tables[best])) else None


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Every template of the package's data file. Raises tomllib.TOMLDecodeError on a damaged file."""
    data = tomllib.loads((resources.files("extractor") / "data" / TEMPLATES_FILE).read_text(encoding="utf-8"))
    return tuple(
        Template(
            name=t["name"], doc_type=t["doc_type"], applies=t["applies"], tables=tuple(t["tables"]),
            empty=tuple(t["empty"]),
            subjects=tuple(Subject(words=tuple(s["words"]), kind=TableKind(s["kind"]), row=s["row"],
                                   funds=s.get("funds"), side=s.get("side")) for s in t.get("subject", ())),
        )
        for t in data["template"]
    )


_YEAR = LazyPattern(r"\d{4}\s*年度?")
_NUMBERING = LazyPattern(r"^([一二三四五六七八九十]+[、.．]|\d+\s*[、.．]|表\s*\d+|[（(]?\d+[)）])")
_HOLDER = LazyPattern(r"^(预算单位|部门|单位)")


@lru_cache(maxsize=4096)  # (documents of one template repeat their titles)
def title_key(title: str) -> str:
    """A title without what varies between documents of one template: spaces, quotes,
    numbering, years, and the leading 部门 / 单位 / 预算单位 (2024年预算单位财务收支预算总表 →
    财务收支预算总表)."""
    key = re.sub(r"[\s“”\"'‘’]", "", title)
    key = _NUMBERING.sub("", key)
    key = _YEAR.sub("", key)
    return _HOLDER.sub("", key)


def doc_type(doc: Document) -> str | None:
    """预算 or 决算, as most of the document's table titles say; None when none says."""
    titles = [t.title for t in doc.tables if isinstance(t, LineTable)]
    budget = sum("预算" in t for t in titles)
    final = sum("决算" in t for t in titles)
    if not budget and not final:
        return None
    return "决算" if final > budget else "预算"


def template_for(doc: Document) -> Template | None:
    """The template the document follows: of its type, the one most of whose tables it
    prints, at least `applies` of them; None when no template fits."""
    kind = doc_type(doc)
    titles = [t.title for t in doc.tables if isinstance(t, LineTable)]
    best, found = None, 0
    for template in templates():
        if template.doc_type != kind:
            continue
        n = len({i for i in map(template.index, titles) if i is not None})
        if n >= template.applies and n > found:
            best, found = template, n
    return best
