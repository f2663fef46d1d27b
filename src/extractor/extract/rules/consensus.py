"""Fields a department prints alike on every project table, settled across the document.

A county department's project tables repeat their 主管部门, 实施单位, 项目属性
and 项目期 from one table to the next (domain.md: one form per project, filled
by the same unit). OCR damages each printing differently (`局未朋`, `二不呈`,
`-年期项目`, a unit name cut at a line break), so the readings that agree
with each other show what is printed: a text read exactly alike in two or more
tables is the document's value for that field. A reading close to it but not
equal is taken as that value, flagged `text_repaired`; a table whose label
printed no readable value gets it flagged `column_inferred`, with the reading
as printed kept in `raw`. A value printed on one line in one table only is the
document's too when two readings or more are pieces of it cut where the other
tables wrapped it over lines; no reading confirms it (it stays in doubt).
Nothing is repaired from a single reading otherwise, and only
tables printed as space-aligned page text (tesseract's, where such damage
comes from) of a document whose labels show the damage somewhere are
repaired: in a word processor's text two close readings are two printed
values (`1 年` and `1 年期`), a printed typo included.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import islice
from operator import add
from os.path import commonprefix

from rapidfuzz import fuzz

from ...confidence import confidence
from ...describe import ORGANISATION_END
from ...grid import CJK
from ...lazyre import LazyPattern
from ...models import Amount, Candidate, DepartmentTable, IndicatorValue, ProjectTable, Reason, Table, Text
from ...numbers import money_factor
from ...pairing import norm_text
from .common import reread_text

REPEATED = ("department", "implementing_unit", "project_attribute", "period")
# `norm_text` of a reading: each value is compared with every other of its field (`settle`, `doubt`), read once.
_norm = lru_cache(maxsize=8192)(norm_text)
_SHORT = 4  # characters: a value this short read with more around it is another value, not damage
_CLOSE = 60  # rapidfuzz ratio (or partial ratio for a cut reading) of a damaged reading to the agreed value
_CUT_MATCH = 90  # rapidfuzz partial ratio of a value cut at a line break, one character misread, to the whole


def settle(text: str, tables: list[Table], printed: dict[str, set[str]], paged: set[str]) -> set[int]:
    """Repair the repeated fields of a document's project tables in place.

    `printed`: for each table id, the fields whose label the table prints (a
    missing value is inferred only where its label is printed); `paged`: the
    ids of the tables repaired (page text of a document the OCR damaged). Returns
    the ids (`id()`) of the readings equal to an undisputed agreed value."""
    projects = [t for t in tables if isinstance(t, ProjectTable)]
    confirmed: set[int] = set()  # the fields read exactly as the document's agreed value
    if not any(t.id in paged for t in projects):
        return confirmed
    document = _normed(text).read
    for field_name in REPEATED:
        readings = [getattr(t.project, field_name) for t in projects]
        values = [r.value for r in readings if r is not None]
        anchors = _anchors(values, document)
        if not anchors:
            continue
        dominant, support = anchors[0]
        for table, reading in zip(projects, readings):
            if table.id not in paged:
                continue
            if reading is None:
                # where its label is printed, or where the OCR left no label of it that the document's other
                # forms print (`主管部门` read as `醒呈现殉虽生二天`): a guess, to review, never a field lost unsaid
                label = field_name in printed.get(table.id, ()) or 2 * sum(
                    field_name in printed.get(t.id, ()) for t in projects if t is not table) > len(projects)
                if label and support * 2 >= len(projects):
                    setattr(table.project, field_name, reread_text("", None, dominant, Reason.column_inferred))
                continue
            near = next((a for a, _ in anchors if _close(reading.value, a)), None)
            short = len(_norm(reading.value)) * 2 < len(_norm(dominant))
            debris = (short or Reason.illegible in reading.reasons) and near != dominant
            if debris and support * 2 > len(values):
                # a few characters of OCR debris, or a piece the reader could not complete (`illegible`),
                # where the document prints one value throughout
                setattr(table.project, field_name, _repaired(reading, dominant, Reason.column_inferred))
            elif near is None:
                continue
            elif _norm(reading.value) != _norm(near) or any(_variant(v, near) for v in values):
                # a damaged reading, or printings of one value read differently: none of them is certain
                setattr(table.project, field_name, _repaired(reading, near))
            elif sum(_norm(v) == _norm(near) for v in values) >= 2:
                confirmed.add(id(reading))  # a value read whole once is the document's, not confirmed by it
    return confirmed


def _repaired(reading: Text, value: str, reason: Reason = Reason.text_repaired) -> Text:
    """`reading` read as `value` for `reason`, the printed reading kept in `raw` and, where it read otherwise, its
    value kept as a candidate for the reviewer: a repair from the document's other readings is a guess."""
    text = reread_text(reading.raw, reading.span, value, reason)
    if _norm(reading.value) != _norm(value):
        text.candidates.append(Candidate(source="reading", value=reading.value, span=reading.span,
                                         note="as read, before the repair from the document's other readings"))
    return text


def _anchors(values: list[str], document: str) -> list[tuple[str, int]]:
    """Values read exactly alike twice or more, each with how many readings are close
    to it; the one the whole document prints most often first (two anchors close to
    each other are one printed value read two ways: `吴忠市` and `吴中市`), then the
    most supported. A reading cut at a line break (one a longer anchor contains) is no anchor;
    a value read once is one when it is the whole of readings cut at line breaks (`_whole`)."""
    counts = Counter(_norm(v) for v in values)
    twice = [k for k, n in counts.items() if n >= 2]
    anchors = []
    for key, n in counts.items():
        if n < 2 and not _whole(key, values, twice):
            continue
        value = next(v for v in values if _norm(v) == key)
        words = re.sub(r"^[\d\W_]+", "", key)  # `223-吴忠市…`: the name without its unit code, as prose prints it
        anchors.append((value, sum(_close(v, value) for v in values), document.count(words or key), len(key)))
    anchors = [a for a in anchors if not any(b is not a and _cut_of(a[0], b[0]) and b[1] >= 2 for b in anchors)]
    return [(v, n) for v, n, _, _ in sorted(anchors, key=lambda a: (a[2], a[1], a[3]), reverse=True)]


def _cut_of(piece: str, value: str) -> bool:
    """Whether `piece` is `value` cut at a line break, a character of it perhaps misread on the way
    (`223001-吴中市红寺堡` of 223001-吴忠市红寺堡区司法局本级): shorter, and inside it or nearly so."""
    a, b = _norm(piece), _norm(value)
    return len(a) < len(b) and (a in b or fuzz.partial_ratio(a, b) >= _CUT_MATCH)


def _whole(key: str, values: list[str], twice: list[str]) -> bool:
    """Whether a value read once is the whole of a value the other tables print cut at line
    breaks: two readings or more are pieces of it (three quarters of its length or less,
    `红寺堡区司法局` of `223001-吴忠市红寺堡区司法局本级`), and no value read twice is
    another reading of it (`部门 223-吴忠市…` beside 223-吴忠市…: a speck joined, not a whole)."""
    if any(fuzz.ratio(key, k) >= _CLOSE for k in twice):
        return False
    pieces = [v for v in map(_norm, values) if 3 <= len(v) and len(v) * 4 <= len(key) * 3]
    return sum(fuzz.partial_ratio(v, key) >= 80 for v in pieces) >= 2


def _invented(reading: str, document: str, pairs: Counter) -> bool:
    """Whether an indicator's words read from a damaged page may be the OCR's own: printed
    once, with more than a quarter of its character pairs found nowhere else in the
    document (`寺续增强` beside many 持续增强, `妆体妈上引社会`). Words the document
    uses elsewhere (法律援助律师值班天数 beside 法律援助律师值班 in the goal) stand."""
    grams = [reading[i:i + 2] for i in range(len(reading) - 1)]
    # (its pairs asked first: a look-up each, where counting it reads the whole document)
    return sum(pairs[g] < 2 for g in grams) * 4 > len(grams) and document.count(reading) < 2


def _pairs(document: str) -> Counter:
    """How often `document` prints each pair of characters side by side (overlapping: `aaa` holds `aa` twice)."""
    return Counter(map(add, document, islice(document, 1, None)))


class _Normed:
    """A document's text as `norm_text` reads it (`read`) and its character pairs (`pairs`), read line by line
    so that the text less a stretch of it is read without reading all of it again (`without`: asked for every
    project name of a damaged document). A line break parts the reading: NFKC composes and reorders nothing
    across it (a starter that composes with nothing), and, whitespace, it reads as nothing; so the text's reading
    is its lines' readings joined, and the text with a stretch cut out and a line break put in its place reads as
    the reading before the stretch's first line, that line's part before it, the last line's part after it, and
    the reading after that line."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []  # where each line starts in `text`
        self.ends: list[int] = []  # where each line ends (its line break, or the text's end)
        self.at = [0]  # where each line's reading starts in `read` (and, last, the reading's end)
        # the text read whole, in one call: its lines' readings joined. A line's reading is its NFKC form (the
        # text's, cut at the same line breaks) less its whitespace, as long as that once its dashes are read as
        # `-` (one character for one)
        normalised = unicodedata.normalize("NFKC", text)
        self.read = norm_text(normalised)  # (NFKC of a normal form is itself, found by its quick check)
        pos = 0
        for line, normal in zip(text.split("\n"), normalised.split("\n")):
            self.starts.append(pos)
            self.ends.append(pos + len(line))
            pos += len(line) + 1
            self.at.append(self.at[-1] + len("".join(normal.split())))
        self.pairs = _pairs(self.read)

    def without(self, start: int, end: int) -> tuple[str, Counter]:
        """`norm_text(text[:start] + "\n" + text[end:])` and its `_pairs`: the pairs of the whole reading less
        those of the lines the stretch touches (with the characters either side), plus those of what is left of
        those lines (with the same characters)."""
        first, last = bisect_right(self.starts, start) - 1, bisect_right(self.starts, end) - 1
        before, after = self.read[:self.at[first]], self.read[self.at[last + 1]:]
        kept = norm_text(self.text[self.starts[first]:start]) + norm_text(self.text[end:self.ends[last]])
        pairs = self.pairs.copy()
        pairs.subtract(_pairs(before[-1:] + self.read[self.at[first]:self.at[last + 1]] + after[:1]))
        pairs.update(_pairs(before[-1:] + kept + after[:1]))
        return before + kept + after, pairs


@lru_cache(maxsize=1)  # (the document's: settle, doubt, mend_units and respell_names each ask; a str keeps its hash)
def _normed(text: str) -> _Normed:
    """The `_Normed` reading of a document's text, made once for it."""
    return _Normed(text)


def _support(word: str, k: int, pairs: Counter) -> int:
    """How often the document prints the character pairs that `word`'s character at `k` forms."""
    return sum(pairs[word[i:i + 2]] for i in (k - 1, k) if 0 <= i and i + 2 <= len(word))


def _one_apart(a: str, b: str) -> int | None:
    """Where two words as long as each other differ, when they differ in one Chinese character alone; else None."""
    diff = [k for k, (x, y) in enumerate(zip(a, b)) if x != y]
    return diff[0] if len(a) == len(b) and len(diff) == 1 and CJK.match(a[diff[0]]) and CJK.match(b[diff[0]]) else None


def _twins(word: str, words: set[str], pairs: Counter) -> list[tuple[str, bool]]:
    """The document's other value words that differ from `word` in one Chinese character alone and whose
    character there the document's pairs bear out as well or better (`寺续增强`, `志续增强` beside 持续增强,
    whose 持续 可持续影响 prints too), each with whether strictly better: printings of one word the OCR read
    apart, a font's steady misreading that may repeat as often as the word, so only the reading the
    document's own words bear out stands."""
    found = []
    for other in words:
        if len(word) < 3 or (k := _one_apart(word, other)) is None:
            continue
        theirs, ours = _support(other, k, pairs), _support(word, k, pairs)
        if theirs >= ours:
            found.append((other, theirs > ours))
    return found


def _another(a: str, b: str) -> bool:
    """Two values printed whole, not one damaged: a short value and the same with more (`1年期` beside `1年`), or
    two bodies of one place (`_bodies`)."""
    short, long_ = sorted((a, b), key=len)
    return len(short) <= _SHORT and short != long_ and long_.startswith(short) or _bodies(short, long_)


def _bodies(short: str, long_: str) -> bool:
    """Whether two names (normed, `short` no longer) name two bodies of one place, each printed whole
    (达州市通川区教育局 / 达州市通川区教育服务中心): the longer keeps the shorter's head, half of it or more, as
    printed, then goes on in Chinese words of its own, two characters or more longer than the shorter's rest, to
    end as a body's name ends, as the shorter's does. OCR damage garbles characters in place (`吴中市`), cuts a
    name or glues a speck to it; it does not grow a name into another body's."""
    head = len(commonprefix([short, long_]))
    rest = long_[head:]
    return (head * 2 >= len(short) and len(rest) >= len(short) - head + 2 and all(CJK.match(ch) for ch in rest)
            and ORGANISATION_END.search(short) is not None and ORGANISATION_END.search(long_) is not None)


def _variant(reading: str, value: str) -> bool:
    """Another full reading of the same printed value (not one cut at a line break)."""
    a, b = _norm(reading), _norm(value)
    return a != b and not _another(a, b) and len(a) * 5 >= len(b) * 4 and fuzz.ratio(a, b) >= _CLOSE


def _close(reading: str, value: str) -> bool:
    a, b = _norm(reading), _norm(value)
    if a == b:
        return True
    if _another(a, b):
        return False
    if fuzz.ratio(a, b) >= _CLOSE:
        return True
    return len(a) >= 3 and len(a) < len(b) and fuzz.partial_ratio(a, b) >= 80  # a reading cut at a line break


# The header texts of a project table, doubtful when read from a damaged page.
_TEXTS = ("project_name", "project_code", *REPEATED, "annual_goal")


def doubt(text: str, tables: list[Table], paged: set[str], confirmed: set[int], spaced: set[str]) -> None:
    """Flag `ocr_doubt` on the texts of a document's project tables whose labels
    came out damaged (`ProjectTable._damaged`): their values went through the
    same OCR. The header texts, unless the document confirms them (read exactly
    as its agreed value, `settle`); an indicator's 三级 and its value printed as
    words (持续增强) when they look invented by the OCR (`_invented`). In such a
    document the department tables of its page text (`spaced`) went through the
    same OCR: their department, task, task-project and task-content texts and
    indicator words are flagged when they look invented. Texts already flagged stay as they are."""
    projects = [t for t in tables if isinstance(t, ProjectTable) and t.id in paged]
    if not projects:
        return
    departments = [t for t in tables if isinstance(t, DepartmentTable) and t.id in spaced]
    normed = _normed(text)
    document, pairs = normed.read, normed.pairs

    def invented(values) -> list:
        return [v for v in values if v is not None and _invented(_norm(v.raw), document, pairs)]

    worded = {_norm(i.value.text) for t in [*projects, *departments]
              for i in (t.project.indicators if isinstance(t, ProjectTable) else t.department.indicators)
              if i.value is not None and i.value.number is None and i.value.text}

    for table in [*projects, *departments]:
        if isinstance(table, ProjectTable):
            texts = [getattr(table.project, f) for f in _TEXTS]
            texts = [v for v in texts if v is not None and id(v) not in confirmed]
            indicators = table.project.indicators
        else:
            dept = table.department
            texts = invented([dept.department, *(x for k in dept.key_tasks for x in (k.task, k.project, k.content))])
            indicators = dept.indicators
        for ind in indicators:
            texts += invented([ind.level3, ind.value if ind.value is not None and ind.value.number is None else None])
            if ind.value is not None and ind.value.number is None and ind.value.text and not ind.value.reasons \
                    and (twins := _twins(_norm(ind.value.text), worded, pairs)):
                better = [t for t, more in twins if more]
                if len(better) == len(twins) == 1 and _norm(ind.value.text) == ind.value.text:
                    # one twin the document bears out: the word it prints, the reading kept in `raw`
                    ind.value = ind.value.model_copy(update={"text": better[0], "reasons": [Reason.text_repaired]})
                    ind.value.confidence = confidence(ind.value.reasons)
                else:
                    texts.append(ind.value)
        for value in texts:
            if not value.reasons:
                value.reasons = [Reason.ocr_doubt]
                value.confidence = confidence(value.reasons)


_WORDS_FROM = 3  # project tables a document prints at least for its words to mend its names
_CONTEXT = 4  # characters of a name on each side of a doubtful one matched against the document's text


def respell_names(text: str, tables: list[Table], paged: set[str]) -> None:
    """Mend the characters of the project names (of the tables `paged`: page text of a document
    whose labels show OCR damage) that the OCR turned into others, from the document's own words
    (`放案经费` beside 办案效率, `水电刘` beside 水电费): a character is doubtful when neither of the character pairs it forms in
    the name is printed anywhere else in the document; it is read as the character that forms
    pairs printed twice or more on each side instead (or whose three characters with it are printed
    elsewhere: `文化隆地` beside 文化阵地; for a character the document prints nowhere else, a pair of the
    classifications' words will do: `服壬费` by 劳务费's 务费), the one found in the longest stretch of
    the name printed elsewhere (then the most often). A mended name never becomes another
    project's name as read (projects of one document differ by one word: 补贴 / 补助), and a
    name's first or last character that other names begin or end with stays. Before that, a
    word of four characters or more one inner character away from a subject of the budget
    classifications that the document prints as often or more (`社区娇正` of 2040610 社区矫正, a
    font's steady misreading the document's pairs cannot tell) is read as the subject's word. The
    printed reading stays in `raw`; the value is flagged `text_repaired`."""
    projects = [t for t in tables if isinstance(t, ProjectTable) and t.id in paged and t.project.project_name]
    if len(projects) < _WORDS_FROM:
        return  # too few words printed to tell a damaged character from a rare one
    names = {_norm(t.project.project_name.value) for t in projects}
    document = _normed(text)
    for table in projects:
        name = table.project.project_name
        # the document less the name's own printing: what the rest of it prints
        rest, pairs = document.read, document.pairs
        if name.span is not None:
            rest, pairs = document.without(name.span.start, name.span.end)
        others = names - {_norm(name.value)}
        mended = _respell(_subject_words(name.value, rest), rest, pairs, others, {n[0] for n in others},
                          {n[-1] for n in others})
        if mended != name.value:
            table.project.project_name = _repaired(name, mended)
    _code_digits(projects)


_UNIT_CODE_LEAD = LazyPattern(r"^[\d\W_]+")  # `223001-`: a unit's code before its name


def mend_units(text: str, tables: list[Table], paged: set[str]) -> None:
    """A project's 主管部门 and 实施单位 name one place and body (`223-吴忠市红寺堡区司法局`, `223001-吴忠市…司法局
    本级`): where, on a damaged page (`paged`), the longer name starts with the shorter one but for one Chinese
    character and the document's own words bear out the shorter one's character (its pairs printed more
    often: 吴忠 beside a font's steady `吴中`), that character is the shorter one's, flagged
    `text_repaired`, the printed reading kept in `raw` and as a candidate. A character is mended only where the
    longer name's own neighbours of it bear the shorter one's out, each pair it forms with them printed elsewhere
    (吴忠, 忠市): a unit named past its department's name (教育局 / 教育服务中心) stays as printed. In place."""
    for table in tables:
        if not isinstance(table, ProjectTable) or table.id not in paged:
            continue
        fields = [f for f in ("department", "implementing_unit") if getattr(table.project, f) is not None]
        if len(fields) < 2:
            continue
        names = {f: _UNIT_CODE_LEAD.sub("", getattr(table.project, f).value) for f in fields}
        short, long_ = sorted(fields, key=lambda f: len(names[f]))
        word, name = names[short], names[long_]
        if len(word) < 4 or (k := _one_apart(word, name[:len(word)])) is None:
            continue
        # the character weighed in the longer name, with both its neighbours there: where the shorter name ends,
        # the longer one goes on as a body of its own (教育局 / 教育服务中心: 服务 is printed, `局务` nowhere)
        mended = name[:k] + word[k] + name[k + 1:]
        pairs = _normed(text).pairs
        if _support(mended, k, pairs) <= _support(name, k, pairs) \
                or not all(pairs[mended[i:i + 2]] for i in (k - 1, k) if 0 <= i and i + 2 <= len(mended)):
            continue
        reading = getattr(table.project, long_)
        at = len(reading.value) - len(name) + k
        setattr(table.project, long_, _repaired(reading, reading.value[:at] + word[k] + reading.value[at + 1:]))


# Letters tesseract reads for a digit in a code (`O1N` for 01N), and the digit.
_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"}
_CODE_FAMILY = 9  # leading characters codes of one scheme share (13030322P: a county's year and kind)


def _code_digits(projects: list[ProjectTable]) -> None:
    """A letter like a digit (O, I, l) in a project code where the document's other codes of the same
    family (their first `_CODE_FAMILY` characters alike) all print a digit, and one at least does, is
    that digit (`13030322P004085100O1N` beside 13030322P00408810001P); flagged `text_repaired`."""
    coded = [t for t in projects if t.project.project_code is not None]
    for table in coded:
        code = table.project.project_code
        family = [t.project.project_code.value for t in coded
                  if t is not table and t.project.project_code.value[:_CODE_FAMILY] == code.value[:_CODE_FAMILY]]
        chars = list(code.value)
        for j, ch in enumerate(chars):
            printed = [c[j] for c in family if j < len(c)]
            if j >= _CODE_FAMILY and ch in _DIGIT_LOOKALIKES and printed and all(p.isdigit() for p in printed):
                chars[j] = _DIGIT_LOOKALIKES[ch]
        if chars != list(code.value):
            reasons = [*dict.fromkeys([*code.reasons, Reason.text_repaired])]
            table.project.project_code = code.model_copy(update={
                "value": "".join(chars), "reasons": reasons, "confidence": confidence(reasons)})


@lru_cache(maxsize=1)
def _subject_patterns() -> dict[str, str]:
    """The Chinese words of the classifications' subject names (`codes.default_codes`: 社区矫正, 法律援助),
    four characters or more, by each of their forms with one inner character left open (`社区?正`);
    a form two words share is no evidence and is left out."""
    from ...codes import default_codes

    patterns: dict[str, str | None] = {}
    for subject in default_codes().by_code.values():
        word = norm_text(subject.name)
        if len(word) < 4 or not all(CJK.match(ch) for ch in word):
            continue
        for j in range(1, len(word) - 1):
            key = word[:j] + "?" + word[j + 1:]
            patterns[key] = word if patterns.get(key, word) == word else None
    return {k: w for k, w in patterns.items() if w is not None}


@lru_cache(maxsize=1)
def _subject_words_by_length() -> tuple[frozenset[str], list[int]]:
    """The subject words `_subject_patterns` finds, and their lengths, longest first."""
    words = frozenset(_subject_patterns().values())
    return words, sorted({len(w) for w in words}, reverse=True)


@lru_cache(maxsize=1)
def _subject_pairs() -> frozenset[str]:
    """The character pairs of the classifications' subject names (劳务费, 委托业务费: 务费): the budget's own
    words, which a document's names use where the rest of the document may never print them."""
    from ...codes import default_codes

    words = (norm_text(s.name) for s in default_codes().by_code.values())
    return frozenset(w[i:i + 2] for w in words for i in range(len(w) - 1) if CJK.match(w[i]) and CJK.match(w[i + 1]))


def _subject_words(value: str, document: str) -> str:
    """`value` with each stretch one inner character away from a classification subject's word
    (`_subject_patterns`) read as that word where `document` prints the word as often as the stretch
    or more (工作经费 stays beside the subject 工会经费 the document never prints); a stretch that is
    itself a subject's word stays."""
    patterns = _subject_patterns()
    words, lengths = _subject_words_by_length()
    out = list(value)
    for n in lengths:
        for a in range(len(out) - n + 1):
            piece = "".join(out[a:a + n])
            if piece in words or not all(CJK.match(ch) for ch in piece):
                continue
            for j in range(1, n - 1):
                word = patterns.get(piece[:j] + "?" + piece[j + 1:])
                if word is not None and document.count(word) >= max(1, document.count(piece)):
                    out[a + j] = word[j]
                    break
    return "".join(out)


def _respell(value: str, document: str, pairs: Counter, others: set[str], firsts: set[str], lasts: set[str]) -> str:
    """`value` with each doubtful character (`respell_names`) replaced where the document shows what it was.
    A first or last character that other names of the document (`others`) begin or end with (`firsts`,
    `lasts`: 费 of 经费, 补助, 项目) is their word, read as printed. `pairs`: the document's (`_pairs`)."""
    at = [i for i, ch in enumerate(value) if not ch.isspace()]
    chars = [value[i] for i in at]  # mended as it goes: a mended character is the context of the next
    lexicon = _subject_pairs()

    def known(pair: str) -> bool:
        return pairs[pair] > 0 or pair in lexicon

    for k, ch in enumerate(chars):
        if not CJK.match(ch):
            continue
        left = chars[k - 1] if k > 0 and CJK.match(chars[k - 1]) else None
        right = chars[k + 1] if k + 1 < len(chars) and CJK.match(chars[k + 1]) else None
        if (left or right) is None or (left and known(left + ch)) or (right and known(ch + right)):
            continue  # a pair of it printed elsewhere (or a word of the classifications): read as printed
        if k == 0 and ch in firsts or k == len(chars) - 1 and ch in lasts:
            continue
        pool = {p[1] for p, n in pairs.items() if n >= 2 and p[0] == left} if left else \
            {p[0] for p, n in pairs.items() if n >= 2 and p[1] == right}
        # the other side's pair printed twice, or the three characters printed elsewhere (文化阵地 for
        # `文化隆地`); for a character the document prints nowhere else (`服壬费`: the OCR's own), a pair of
        # the classifications' words (劳务费: 务费) is enough
        foreign = ch not in document
        pool = {x for x in pool if CJK.match(x) and x != ch and (
            right is None or pairs[x + right] >= 2 or left and left + x + right in document
            or foreign and x + right in lexicon)}
        scored = []
        for x in pool:
            trial = chars[:k] + [x] + chars[k + 1:]
            if "".join(trial) in others:
                continue
            spans = ((b - a, document.count("".join(trial[a:b])))
                     for a in range(max(0, k - _CONTEXT), k + 1)
                     for b in range(k + 1, min(len(trial), k + _CONTEXT + 1) + 1) if b - a >= 2)
            scored.append((max(s for s in spans if s[1]), x))  # (a pair of it is printed: one stretch at least)
        scored.sort(reverse=True)
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            chars[k] = scored[0][1]
    out = list(value)
    for i, ch in zip(at, chars):
        out[i] = ch
    return "".join(out)


_COST = LazyPattern(r"成本")  # the 成本指标 of the indicator tree (产出指标 / 成本指标)
_AGREE_FROM = 3  # tables whose funds and cost indicator agree before the cost stands in for lost funds


def funds_from_cost(tables: list[Table]) -> None:
    """A project's year funds whose label is printed but whose amount the OCR lost (`项目年度金额 人`),
    read from its cost indicator (成本指标: `项目投入总成本 =200000元`) where the document's forms state
    the year's funds there: on most of the tables that read both, and `_AGREE_FROM` at least, the one
    money amount the cost indicator prints (with its unit, in the table's unit) equals the funds read.
    Flagged `column_inferred`, the indicator's printing kept in `raw`. A document whose cost indicators
    state other sums (a part of the work, a year's target) repairs nothing."""
    projects = [t for t in tables if isinstance(t, ProjectTable)]
    costs = {id(t): _cost_amount(t) for t in projects}
    both = [t for t in projects if t.project.funds_total is not None and t.project.funds_total.value is not None
            and costs[id(t)] is not None]
    agree = sum(abs(costs[id(t)][0] - t.project.funds_total.value) < 1e-6 for t in both)
    if agree < _AGREE_FROM or agree * 2 <= len(both):
        return
    for table in projects:
        cost = costs[id(table)]
        if table.project.funds_total is None and "funds_total" in table._labels and cost is not None:
            value, printed = cost
            reasons = [Reason.column_inferred]
            table.project.funds_total = Amount(raw=printed.raw, span=printed.span, value=value,
                                               reasons=reasons, confidence=confidence(reasons))


def _cost_amount(table: ProjectTable) -> tuple[float, IndicatorValue] | None:
    """The one amount with a money unit (`=200000元`, `60万元`) among the table's cost indicators, in the
    table's unit, with its printing; None when there is none or several."""
    found = []
    for ind in table.project.indicators:
        value = ind.value
        if ind.level2 is None or not _COST.search(ind.level2.value) or value is None or value.number is None:
            continue
        factor = money_factor(value.unit, table.unit)
        if factor is not None:
            found.append((round(value.number * factor, 6), value))
    return found[0] if len(found) == 1 else None
