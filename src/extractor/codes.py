"""The official classification lists (政府收支分类科目) and fuzzy matching against them.

The lists ship as package data (see data/CODES_SOURCES.md for provenance: most
rows are recalled, not copied from an official edition, and `seen_in` says
which were verified). A user with an official edition replaces them with
`extract codes --import FILE`, which writes to the user override folder.
Names of earlier editions (data/code_vintages.csv: 310 其他资本性支出 before
2018) are kept apart from the current list, which an import replaces: a
document printing one is of an older vintage, not wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from .errors import ExtractorError
from .ingest import IngestError, decode
from .numbers import OCR_DIGITS

CODES_ENV = "EXTRACTOR_CODES_DIR"
LEVEL_OF_LENGTH = {3: 1, 5: 2, 7: 3}
LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}


def is_subject_code(code: str) -> bool:
    """Subject codes are 3/5/7 digits starting 2 (function) or 3/5 (economic);
    anything else (010, 010001, 315001) is a budget unit."""
    return len(code) in (3, 5, 7) and code.translate(OCR_DIGITS)[0] in "235"


class Scheme(str, Enum):
    function = "function"  # 支出功能分类
    economic = "economic"  # 支出经济分类 (部门 3xx and 政府 5xx)


FILES = {Scheme.function: "function_codes.csv", Scheme.economic: "economic_codes.csv"}
# The 类 of the economic scheme whose money is 人员经费 (工资福利支出, 对个人和家庭的补助); every other 类 a
# 基本支出 spends (商品和服务支出, 资本性支出 …) is 公用经费.
PERSONNEL_CLASSES = frozenset({"301", "303"})
VINTAGES = "code_vintages.csv"  # names of earlier editions, both schemes


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    level: int
    parent: str
    scheme: Scheme
    verified: bool  # seen with this exact name in a real document (column seen_in)
    source: str
    edition: str = ""  # for a name of an earlier edition: that edition (year)


@lru_cache(maxsize=16384)  # (the names of the code lists and of the tables, compared again and again)
def normalize_name(name: str) -> str:
    """Name for comparison: full/half width, brackets (and the angle and book
    brackets OCR reads them as: 维修〈护)费), quotes and spaces folded away."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s()\[\]【】〈〉《》「」〔〕“”\"'‘’、·]", "", text)


def user_codes_dir() -> Path:
    if os.environ.get(CODES_ENV):
        return Path(os.environ[CODES_ENV])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "extractor" / "codes"


def _open_list(name: str) -> tuple[str, str]:
    """(CSV text, where it came from) of data file `name`: the user's override if present, else the shipped one."""
    override = user_codes_dir() / name
    if override.is_file():
        return override.read_text(encoding="utf-8-sig"), str(override)
    packaged = resources.files("extractor") / "data" / name
    return packaged.read_text(encoding="utf-8"), f"package:{name}"


class CodeList:
    """Both classifications, indexed by code and, per level, by normalised name;
    and the names earlier editions gave to codes (`older`, by code)."""

    def __init__(self, subjects: list[Subject], sources: dict[Scheme, str] | None = None,
                 older: list[Subject] = ()):
        self.sources = sources or {}
        self.by_code = {s.code: s for s in subjects}
        self.older: dict[str, list[Subject]] = {}
        for s in older:
            self.older.setdefault(s.code, []).append(s)
        self._by_level: dict[tuple[Scheme, int], list[Subject]] = {}
        for s in subjects:
            self._by_level.setdefault((s.scheme, s.level), []).append(s)
        self._names = {key: [normalize_name(s.name) for s in group] for key, group in self._by_level.items()}
        self._codes = {key: [s.code for s in group] for key, group in self._by_level.items()}

    @classmethod
    def load(cls) -> "CodeList":
        subjects, sources = [], {}
        for scheme in Scheme:
            text, source = _open_list(FILES[scheme])
            sources[scheme] = source
            subjects.extend(_read_rows(text, scheme))
        text, _ = _open_list(VINTAGES)
        return cls(subjects, sources, _read_rows(text))

    def get(self, code: str) -> Subject | None:
        return self.by_code.get(code)

    def closest_older(self, code: str, name: str) -> tuple[Subject, float] | None:
        """The name an earlier edition gave `code` that is closest to `name`, with its
        score (rapidfuzz ratio of normalised names, 0-100); None when no edition renamed it."""
        scored = [(s, fuzz.ratio(normalize_name(name), normalize_name(s.name))) for s in self.older.get(code, [])]
        return max(scored, key=lambda x: x[1], default=None)

    def by_name(self, name: str, scheme: Scheme, level: int, limit: int = 3, min_score: float = 60) -> list[tuple[Subject, float]]:
        """Subjects of one level whose official name is closest to `name`, best first."""
        group = self._by_level.get((scheme, level), [])
        hits = process.extract(
            normalize_name(name), self._names.get((scheme, level), []), scorer=fuzz.ratio,
            limit=limit, score_cutoff=min_score,
        )
        return [(group[i], score) for _, score, i in hits]

    def near_codes(self, code: str, scheme: Scheme) -> list[Subject]:
        """Existing codes one OCR slip away: a letter read for a digit, one digit
        changed, dropped or doubled, or two neighbours swapped."""
        mapped = code.translate(OCR_DIGITS)
        out = []
        for length in (len(mapped) - 1, len(mapped), len(mapped) + 1):
            level = LEVEL_OF_LENGTH.get(length)
            if level is None:
                continue
            group = self._by_level.get((scheme, level), [])
            # (rapidfuzz's loop over the level's codes, in their order: those within distance 1)
            for _, _, i in process.extract_iter(mapped, self._codes.get((scheme, level), []),
                                                scorer=DamerauLevenshtein.distance, score_cutoff=1):
                if group[i].code != code:
                    out.append(group[i])
        return out


def scheme_of(code: str) -> Scheme:
    return Scheme.function if code[:1] == "2" else Scheme.economic


# a run reads each list three times (the settings fingerprint, the checks, run.json): one parse of each text
@lru_cache(maxsize=8)
def _read_rows(text: str, scheme: Scheme | None = None) -> tuple[Subject, ...]:
    """Subjects of a list's CSV; `scheme` None takes each row's scheme from its code
    (the vintages file holds both), and then the column `edition` is read."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        code = row["code"].strip()
        rows.append(Subject(
            code=code,
            name=row["name"].strip(),
            level=LEVEL_OF_LENGTH[len(code)],
            parent=(row.get("parent") or "").strip(),
            scheme=scheme or scheme_of(code),
            verified=bool((row.get("seen_in") or "").strip()),
            source=(row.get("seen_in") or "").strip(),
            edition="" if scheme else row["edition"].strip(),
        ))
    return tuple(rows)


def code_lists() -> dict[str, dict]:
    """Which code lists are in use, as a run records them: per scheme, where the
    list comes from (`package:…` or the user's imported file), its number of
    codes and the SHA-256 of its text."""
    listed = {}
    for scheme in Scheme:
        text, source = _open_list(FILES[scheme])
        listed[scheme.value] = {"source": source, "codes": len(_read_rows(text, scheme)),
                                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    return listed


@lru_cache(maxsize=1)
def default_codes() -> CodeList:
    return CodeList.load()


# ------------------------------------------------------------------ import

_CODE_HEADERS = ("code", "编码", "科目编码", "科目代码", "代码")
_NAME_HEADERS = ("name", "名称", "科目名称")


class CodeListError(ExtractorError, ValueError):
    """A classification file that cannot be used, with every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
        self.problems = problems


def import_codes(path: Path, scheme: Scheme, edition: str = "", replace: bool = False) -> tuple[Path, int]:
    """Validate a code list (CSV with a code and a name column, any header
    language, in any encoding `extract run` reads) and install it as the
    user's list for `scheme`.

    The import replaces the whole list: one with fewer than half the codes of the
    list in use (an excerpt, a file cut short) is refused unless `replace`.
    Rows of an imported edition count as verified: the user vouches for them.
    Returns (installed path, rows)."""
    try:
        text = decode(path.read_bytes())[0]
    except IngestError as exc:
        raise CodeListError([f"{path.name}: {exc}"]) from exc
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    code_col = next((i for i, h in enumerate(header) if h in _CODE_HEADERS), None)
    name_col = next((i for i, h in enumerate(header) if h in _NAME_HEADERS), None)
    if code_col is None or name_col is None:
        raise CodeListError([f"{path.name}: header needs a code column ({'/'.join(_CODE_HEADERS)}) "
                            f"and a name column ({'/'.join(_NAME_HEADERS)})"])
    problems, rows, seen = [], [], set()
    for n, row in enumerate(reader, start=2):
        if len(row) <= max(code_col, name_col) or not row[code_col].strip():
            continue
        code, name = re.sub(r"\s", "", row[code_col]), row[name_col].strip()
        if not code.isdigit() or len(code) not in LEVEL_OF_LENGTH:
            problems.append(f"line {n}: code {code!r} is not 3, 5 or 7 digits")
        elif code in seen:
            problems.append(f"line {n}: code {code} twice")
        elif not name:
            problems.append(f"line {n}: code {code} has no name")
        else:
            seen.add(code)
            rows.append((code, name))
    rows_by_code = dict(rows)
    for code, _ in rows:
        if len(code) > 3 and code[: len(code) - 2] not in rows_by_code:
            problems.append(f"code {code}: parent {code[:-2]} missing")
    if not rows:
        problems.append(f"{path.name}: no code rows")
    if problems:
        raise CodeListError(problems)
    in_use = len(_read_rows(_open_list(FILES[scheme])[0], scheme))
    if not replace and len(rows) < in_use / 2:
        raise CodeListError([f"{path.name} has {len(rows)} {scheme.value} codes, the list in use {in_use}: the import "
                             "replaces the whole list, and every code not in the file would be unknown; "
                             "give --replace to use it anyway"])
    tag = f"import:{path.name}"
    out_dir = user_codes_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / FILES[scheme]
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        kind_column = ["kind"] if scheme is Scheme.economic else []
        writer.writerow(["code", "name", "level", "parent", "source_year"] + kind_column + ["seen_in"])
        for code, name in rows:
            level = LEVEL_NAMES[LEVEL_OF_LENGTH[len(code)]]
            parent = code[:-2] if len(code) > 3 else ""
            kind = ["gov" if code[0] == "5" else "dept"] if scheme is Scheme.economic else []
            writer.writerow([code, name, level, parent, edition] + kind + [tag])
    default_codes.cache_clear()
    return out, len(rows)
