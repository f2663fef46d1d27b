"""The printed words of performance forms, matched through OCR damage.

Shared by the readers (which label a value sits beside) and the account of
unread text (a label is no value): the header labels of project forms across
provinces, the indicator tree's column headings, and the indicator levels
(domain.md; issue 17), and the readers' own vocabularies (department and
self-evaluation sections). Matching is by rapidfuzz ratio after tesseract's
usual confusions are folded, so `项日名杯` is 项目名称 and `年度资金总医` is 年度资金总额.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from .lazyre import LazyPattern
from .models import ColumnKind
from .numbers import clean_text

# Characters tesseract reads for one another in the forms' labels (目/日, 称/杯/和,
# 部/站/都, 拨/拔, 职/耿, 绩/纳, 务/各, 值/伍, 他/它, 期/其) and bracket shapes: folded to one
# on both sides of a comparison, so label and text compare in the same alphabet.
OCR_CONFUSIONS = str.maketrans({
    "日": "目", "杯": "称", "和": "称", "站": "部", "都": "部", "拔": "拨", "耿": "职", "纳": "绩",
    "各": "务", "伍": "值", "它": "他", "其": "期", "〈": "(", "<": "(", "《": "(", "〉": ")", ">": ")", "》": ")",
    "（": "(", "）": ")",
})
_DROP = LazyPattern(r"[\s:：;；|｜·.,，、。'\"“”‘’_\-—]")


def _plain(text: str) -> str:
    return _DROP.sub("", clean_text(text))


def fold(text: str) -> str:
    """A label's text as matched: NFKC, no whitespace or punctuation, OCR confusions folded."""
    return _plain(text).translate(OCR_CONFUSIONS)


@dataclass(frozen=True)
class Label:
    """A label found at the start of a cell's text."""

    field: str  # the entry of the vocabulary it labels
    score: float  # rapidfuzz ratio, 0-100
    length: int  # characters of the folded text it took (the rest is its value)
    rest: str  # the value printed in the label's own cell (`项目名称：社区矫正经费`), raw
    weak: bool  # a label cut short or garbled past doubt (`主管`, `其他次全`): it never ends a value search
    exact: bool  # printed as the vocabulary has it: no OCR damage


class Vocabulary:
    """Labels by field, each field's variants in order of preference.

    `match(text)` gives the label a cell's text starts with, or None. Both sides
    are folded (`fold`; `confusions` the characters folded, `OCR_CONFUSIONS` unless
    given). A variant of 1–3 characters must be printed exactly; a longer one
    needs rapidfuzz ratio ≥ `threshold`, or ≥ `relaxed` (when given) if it is 6
    characters or more and its first character is right (`项目年度爹客` is
    项目年度金额); a text of 4 characters or more that is a variant cut short
    (`其中：当年财政` for 其中：当年财政拨款) is compared whole. A text that is
    only the start of a variant (`主管` of 主管部门), or shares its first two
    characters with ratio ≥ 50, is a weak label (only when `weak`: for readers
    that know a weak label never ends a value search). The best ratio wins, then the
    longer variant (预算规模及资金用途 over 预算规模), then the preferred one; two
    fields matching alike: None. With `whole`, the whole text must be the label.
    """

    def __init__(
        self, entries: dict[str, Sequence[str]], threshold: float = 75, relaxed: float | None = None, weak: bool = False,
        confusions: dict[int, str] = OCR_CONFUSIONS,
    ):
        self.entries = entries
        self.confusions = confusions
        self.threshold = threshold
        self.relaxed = threshold if relaxed is None else relaxed
        self.weak = weak
        self._variants = [(field_name, rank, _plain(v), _plain(v).translate(confusions))
                          for field_name, variants in entries.items() for rank, v in enumerate(variants)]
        self._chars = frozenset(ch for *_, variant in self._variants for ch in variant)
        # which variants a text can match at all (`_candidates`): each character's variants, with how
        # often it stands in each; the variants by their first two characters; the one-character ones
        self._by_char: dict[str, list[tuple[int, int]]] = {}
        self._by_start: dict[str, list[int]] = {}
        for i, (*_, variant) in enumerate(self._variants):
            for ch in set(variant):
                self._by_char.setdefault(ch, []).append((i, variant.count(ch)))
            if len(variant) >= 2:
                self._by_start.setdefault(variant[:2], []).append(i)
        self._single = [i for i, (*_, variant) in enumerate(self._variants) if len(variant) == 1]
        self._lowest = min(self.threshold, self.relaxed)
        self._folded = [variant for *_, variant in self._variants]  # (the variants as matched, by index)
        self._lengths = [len(variant) for variant in self._folded]
        # (`fragment`: one search over them all, and how many variants read each whole: two may fold alike)
        self._joined, self._wholes = "\0".join(self._folded), Counter(self._folded)

    @lru_cache(maxsize=4096)
    def fragment(self, text: str) -> bool:
        """Whether `text` is a piece of a label cut out of it (`门及代` of 主管部门及代码): two
        characters or more, folded, inside a variant and no whole variant."""
        folded = _plain(text).translate(self.confusions)
        if len(folded) < 2:
            return False
        if "\0" in folded:
            return any(folded in v and folded != v for v in self._folded)
        # inside a variant, not a whole one: found more often among the variants than variants read it whole (a
        # variant that holds it and more holds it once at least; no finding spans two, `\0` parts them)
        return self._joined.count(folded) > self._wholes[folded]

    @lru_cache(maxsize=16384)
    def match(self, text: str, whole: bool = False) -> Label | None:
        found = self._match(text, whole)
        if found is not None or whole:
            return found
        speck = _SPECK.match(text)
        if speck:
            # a speck of a rule or of a label wrapped from the line above, standing apart before the label
            # (`天 预算数`, `an 预算数`): the label after it, its length counting the speck
            found = self._match(text[speck.end():], whole)
            if found is not None and not found.weak:
                return Label(found.field, found.score, found.length + len(_plain(speck.group())), found.rest,
                             weak=False, exact=False)
            return None
        return found

    def _match(self, raw: str, whole: bool) -> Label | None:
        plain = _plain(raw)
        folded = plain.translate(self.confusions)
        if not folded or folded[0].isdigit() or len(folded) > 1 and len(self._chars.intersection(folded)) < 2:
            return None
        strong, weak = [], []
        for i in self._candidates(folded, whole):
            field_name, rank, printed, variant = self._variants[i]
            n = len(variant)
            if n == 1:  # `其` alone: a label wrapped over two lines, its first character left
                if self.weak and folded == variant:
                    weak.append((100.0, n, -rank, field_name, n, printed))
                continue
            lengths = [len(folded)] if whole else [m for m in (n, n + 1, n - 1) if 0 < m <= len(folded)]
            if not lengths and len(folded) >= 4:
                lengths = [len(folded)]
            # the variant's length, or one more when that reads better: a character OCR added inside
            # the label (`项目年度人金额`); one less only when neither passes (`主管部門` keeps its 門)
            best = None
            for m in lengths:
                if best is not None and m < best[1]:
                    break
                head = folded[:m]
                if head[-1].isdigit():
                    continue  # no label ends in a digit: the value starts there (`主管部 223`)
                score = (100.0 if head == variant else 0.0) if n <= 3 else fuzz.ratio(head, variant)
                bar = self.relaxed if n >= 6 and head[:1] == variant[:1] else self.threshold
                if score >= bar and (best is None or score > best[0]):
                    best = (score, m)
            if best is not None:
                strong.append((best[0], n, -rank, field_name, best[1], printed))
            elif self.weak and not whole and len(folded) <= n and folded[:2] == variant[:2]:
                whole_score = fuzz.ratio(folded, variant)
                if whole_score >= 50 or variant.startswith(folded):
                    weak.append((whole_score, n, -rank, field_name, len(folded), printed))
        pool = strong or weak
        found = max(pool, default=None)
        if found is None or any(c[:2] == found[:2] and c[3] != found[3] for c in pool):
            return None  # two fields read alike
        score, _, _, field_name, length, printed = found
        if length < len(folded) and any(f == field_name and len(v) > len(folded) and v.startswith(folded)
                                        for f, _, _, v in self._variants):
            # the whole text is a longer variant of the same field cut at a line break (`主管部门及代` of
            # 主管部门及代码): all of it is label, its rest (`及代`) no value
            length = len(folded)
        rest = raw[_value_start(raw, length):].strip(" :：|”“\"")
        if len(rest) > 60 and length < 4:
            return None  # a sentence that happens to start like a short label
        exact = bool(strong) and score == 100 and plain[:length] == printed
        return Label(field_name, score, length, rest, weak=not strong, exact=exact)

    def _candidates(self, folded: str, whole: bool) -> list[int]:
        """The indices (in order) of the variants `_match` may find in `folded`; the others cannot
        pass: a ratio is 200 × the common characters / both lengths, so a variant with too few of its
        characters in the text is below every bar; a weak label shares the first two characters."""
        common: dict[int, int] = {}
        by_char = self._by_char
        for ch in set(folded):
            for i, count in by_char.get(ch, ()):
                common[i] = common.get(i, 0) + count
        size, lowest, lengths = len(folded), self._lowest, self._lengths
        found = [i for i, k in common.items()
                 if 200 * k >= lowest * (max(1, size if whole else min(lengths[i] - 1, size)) + lengths[i]) - 1e-6]
        if self.weak:
            found += self._single
            if not whole:
                found += self._by_start.get(folded[:2], [])
        return sorted(set(found))


_SPECK = LazyPattern(r"\s*(?:[^\W\d_]|[A-Za-z]{2,3})\s+(?=\S)")  # a character, or a few letters, alone before a gap


@lru_cache(maxsize=16384)  # (by the text: a form prints its labels in every table, and each is asked again)
def _value_start(raw: str, length: int) -> int:
    """Offset in `raw` past the first `length` kept (not dropped) characters and the separators after them."""
    kept = 0
    for i, ch in enumerate(raw):
        dropped = bool(_DROP.match(clean_text(ch) or " "))
        if kept == length and not dropped:
            return i
        if not dropped:
            kept += 1
    return len(raw)


def value_start(raw: str, label: Label) -> int:
    """Offset in `raw` where the text after a label found by `match` begins."""
    return _value_start(raw, label.length)


def stacked(parts: list[str], vocabulary: Vocabulary) -> Label | None:
    """A label printed down several lines (`部门` / `名称` / `及代码`): the
    parts joined and matched whole, else None."""
    return vocabulary.match("".join(parts), whole=True) if len(parts) > 1 else None


# The column headings that find an indicator tree's header line (two of them on a line).
TREE_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标值", "绩效值", "绩效指标描述", "指标解释", "指标值确定依据",
                "度量单位", "指标性质", "完成时限", "绩效标准", "指标值及单位")
# Every heading of an indicator tree and the words around it (issue 17; domain.md), longer forms first.
TREE_HEADINGS = ("指标值确定依据", *TREE_COLUMNS, "年度绩效指标", "本年度绩效指标", "绩效项目指标表", "绩效指标表",
                 "部门职责绩效目标", "财政政策性绩效目标", "部门预算绩效目标", "部门指标值",
                 "绩效指标", "绩效价值", "建设年度", "权重", "分值", "计划完成时限", "指标方向", "计量单位", "运算符号", "内容",
                 "备注", "名称")


# The header labels of project forms across provinces: the year's own figure
# (年度资金总额, 当年财政拨款) before the project's whole-period one (资金总额).
# `block` labels head a part of the form and take no value; 中期 figures are
# kept out of the year's fields by being blocks.
# The money unit printed after a text on its line (`…司法局本级 单位，万元`, `单位名称：… 单位：万元`): no part of the text.
MONEY_UNIT_AFTER = LazyPattern(r"\s+单\s*位\s*[:：,，;；]?\s*(万元|千元|元)\s*$")

PROJECT_LABELS = Vocabulary({
    "project_name": ("项目名称", "项目(政策)名称", "项目支出名称", "专项资金名称", "项目名"),
    "project_code": ("项目编码", "项目代码", "项目编号"),
    "department": ("主管部门及代码", "主管部门及编码", "主管部门名称", "业务主管部门", "主管部门", "主管单位", "预算部门", "及代码",
                   "及编码"),
    "implementing_unit": ("项目实施单位", "实施单位名称", "实施单位", "执行单位"),
    "project_attribute": ("项目属性", "项目分类", "项目类型"),
    "period": ("项目起止时间", "项目支出实施期", "项目实施期限", "项目实施期", "项目期限", "建设周期", "项目期", "实施期"),
    "supervising_office": ("项目主管处室",),
    # the unit filing the form, printed over it (`单位名称：安远县农业农村局    单位：万元`): its department where no
    # 主管部门 is printed (extract/rules/projects.py `_filing_unit`)
    "filing_unit": ("单位名称",),
    "category": ("项目类别",),
    "funds_total": ("年度资金总额", "年度预算资金总额", "当年资金总额", "当年年度预算", "项目年度金额", "年度本级预算金额", "当年预算",
                    "项目总预算", "预算金额", "预算数", "资金总额"),
    "funds_fiscal": ("其中当年财政拨款", "其中财政拨款收入", "其中财政拨款", "其中财政资金", "其中财政", "财政拨款收入",
                     "财政拨款", "财政资金"),
    "funds_other": ("当年其他资金", "其他资金", "其它资金", "其"),
    "annual_goal": ("年度总体绩效目标", "年度总体目标", "当年绩效目标", "本年度绩效目标", "年度绩效目标", "年度目标", "绩效目标"),
    "spending_plan": ("资金支出计划",),
    "fund_use": ("预算规模及资金用途", "资金用途"),
    "block": ("项目资金", "预算规模", "预算资金情况", "中期目标", "实施期目标", "实施期绩效目标", "总体目标", "上级资金",
              "中期资金总额", "部门申报意见", "申报单位", "填报单位", "该项目支出上级资金", "项目负责人", "联系电话",
              "立项依据"),
    "heading": TREE_HEADINGS,  # so that a heading printed exactly is never taken for a label like it
}, relaxed=66, weak=True)

# What parts a form's label from its value on a line that prints them `key：value` (a web page's flattening of a
# form, one field a line): a colon, full- or half-width, spaces around it.
_KEY_COLON = LazyPattern(r"\s*[:：]\s*")


@lru_cache(maxsize=16384)  # (by the text: a form prints its labels in every table)
def key_value_parts(raw: str) -> tuple[tuple[int, int], ...]:
    """The pieces of a text printed `key：value` (`项目名称：基本公共卫生服务项目`, `其中：财政拨款：398.80`,
    `一级指标：产出指标`), as (start, end) offsets in `raw`: the label and its value, for each field the text holds
    (`项目名称：X 项目编码：Y`: a label opens the text or follows a space). A label is a project form's label or a
    tree heading (`PROJECT_LABELS`, OCR tolerance, never a weak one: `单位：万元` stays whole) that is all the text
    right before the colon, and a value follows it (`_speck_after`); a text holding no such label gives one piece, the whole of it."""
    cuts: list[tuple[int, int, int]] = []  # (label start, label end, value start)
    for colon in _KEY_COLON.finditer(raw):
        if _speck_after(raw, colon.end()) or (cuts and colon.start() <= cuts[-1][2]):
            continue
        for start in _label_starts(raw, cuts[-1][2] if cuts else 0, colon.start()):
            # (the label all the text before the colon: `年度总体目标 目标: 通过…` is a label and a value that starts so)
            if _field_label(raw[start:colon.start()]):
                cuts.append((start, colon.start(), colon.end()))
                break
    if not cuts:
        return ((0, len(raw)),)
    parts = [(0, cuts[0][0])] if raw[:cuts[0][0]].strip() else []
    for k, (start, end, value) in enumerate(cuts):
        stop = cuts[k + 1][0] if k + 1 < len(cuts) else len(raw)
        parts.append((start, end))
        parts.append((value, len(raw[:stop].rstrip())))
    return tuple(parts)


def _speck_after(raw: str, at: int) -> bool:
    """Whether nothing follows a colon at `at` in `raw` but one character, no digit (a value's first character
    wrapped onto the label's line, or a speck, as a reader takes a piece so short beside a label: glued to its label
    it is the label's own rest, `部门名称: 剑` / `阁县农业农村` / `局`), or nothing at all."""
    word = raw[at:].split(None, 1)
    return not word or len(word[0]) < 2 and not word[0].isdigit()


_TREE_LABEL = 75  # rapidfuzz ratio of a tree heading printed as a label and its column heading (`-级指标`)


def _field_label(text: str) -> bool:
    """Whether `text` (all of it) is a label a `key：value` line prints: a project form's field label, or a heading of
    an indicator tree's columns (`TREE_COLUMNS`: 一级指标, 指标值 …); not a block's heading, which takes no field's
    value (`申报单位：…`, `部门申报意见：…` read whole, as the readers and the account of unread text take them), nor a
    bare word of the form's furniture that heads a label printed down its cell (`项目(政策)` / `名称: 社区`, 备注)."""
    hit = PROJECT_LABELS.match(text)
    if hit is None or hit.weak or hit.rest or hit.field == "block" or len(folded := fold(text)) < 2:
        return False
    return hit.field != "heading" or any(fuzz.ratio(folded, fold(c)) >= _TREE_LABEL for c in TREE_COLUMNS)


def _label_starts(raw: str, since: int, colon: int) -> list[int]:
    """Where a label ending at `colon` may start in `raw`: at `since` (the text's start, or the last value's),
    else after a space, the longest first."""
    return [since, *(m.end() for m in re.finditer(r"\s+", raw[:colon]) if m.end() > since)]


# The department form's section labels (宁夏 部门整体支出预算绩效目标表, 辽宁 整体绩效目标申报表),
# with the wordings other provinces use for the same section.
DEPARTMENT_SECTIONS = Vocabulary({
    "name": ["部门名称", "部门(单位)名称", "单位名称", "部门名称及代码", "部门(单位)名称及代码", "预算部门名称"],
    "staff": ["部门(单位)财政供养人员数量", "财政供养人员数量", "财政供养人员数", "编制人数"],
    "subunits": ["所属单位数量", "下属单位数量"],  # no field of its own: its number is accounted as unread
    "income": ["年度预算收入", "年度预算收入(万元)", "年度收入预算", "部门预算收入"],
    "expenditure": ["年度预算支出", "年度预算支出(万元)", "年度支出预算", "部门预算支出"],
    "budget": ["年度预算申请"],  # one total, split by income and by spending
    "duties": ["部门职能", "部门职责", "部门职能概述", "部门职责概述", "部门职能职责概述", "部门职责绩效目标", "主要职能",
               "部门主要职责"],
    "tasks": ["年度主要任务", "主要任务", "年度重点工作任务"],
    "goal": ["年度绩效目标", "年度总体目标", "整体绩效目标", "年度整体绩效目标"],
    "indicators": ["年度绩效指标", "绩效指标"],
}, 80)
# The budget items of its 年度预算收入 / 年度预算支出 sections (部门整体支出绩效目标表, domain.md), by the
# side each belongs to: an item tells its side when the OCR lost the section's label and garbled its
# 支出 (`一、基本文出`).
DEPARTMENT_BUDGET_ITEMS = Vocabulary({
    "income": ["财政拨款收入", "上年结转", "其他收入", "事业收入", "非税收入"],
    "expenditure": ["基本支出", "项目支出", "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"],
})
# The 年度预算申请 section of the form other provinces print (湖南 部门整体支出绩效目标表): one 资金总额, then
# two columns of items, each under its heading (按收入性质分 | 按支出性质分); both add up to the total.
DEPARTMENT_BUDGET_SPLIT = Vocabulary({"income": ["按收入性质分", "按收入来源分"], "expenditure": ["按支出性质分", "按支出用途分"]}, 80)
# Other words of its headings: `收入项目 | 金额 | 支出项目 | 金额` (or `资金来源 | 金额 | 资金用途 | 金额`) heads the
# two sides as the split does.
DEPARTMENT_REQUEST_COLUMNS = Vocabulary({"income": ["收入项目", "收入来源", "资金来源"],
                                         "expenditure": ["支出项目", "支出用途", "资金用途"],
                                         "amount": ["金额"]}, 80)
# Its items: the total, and the items of each side (an item printed alone on its row tells its side by its words).
DEPARTMENT_REQUEST_ITEMS = Vocabulary({
    "total": ["资金总额", "年度资金总额", "预算总额"],
    "income": ["一般公共预算", "政府性基金", "纳入专户管理的非税收入", "国有资本经营预算", "财政专户管理资金", "上年结转",
               "其他资金"],
    "expenditure": ["基本支出", "项目支出", "人员类项目", "运转类项目", "特定目标类项目"],
}, 80)
# The columns of its key-task rows: the seeds' form prints 重点工作 | 对应项目 (the project funding the task) |
# 预算资金情况 | 完成时限, 湖南's 任务名称 | 主要内容 (what the task does, in sentences) | 预算金额.
DEPARTMENT_TASK_COLUMNS = Vocabulary({
    "task": ["重点工作", "重点任务", "任务名称", "工作任务"], "project": ["对应项目"], "content": ["主要内容"],
    "amount": ["预算资金情况", "预算金额"], "deadline": ["完成时限"],
}, 70)

# The self-evaluation form (项目支出绩效自评表, domain.md): its labels, funds rows and columns.
EVALUATION_LABELS = Vocabulary({
    "project_name": ["项目名称", "项目(政策)名称", "专项资金名称"],
    "project_code": ["项目编码", "项目代码"],
    "department": ["主管部门", "业务主管部门", "主管部门及代码", "部门名称", "部门(单位)名称", "预算部门"],
    "implementing_unit": ["实施单位", "项目实施单位"],
    "funds": ["项目资金", "项目资金(万元)", "资金情况", "预算执行情况", "年度预算执行情况"],
    "goal": ["年度总体目标", "总体目标", "年度目标"],
    "indicators": ["绩效指标", "年度绩效指标"],
    "total": ["总分"],
    "grade": ["自评等级", "评价等级", "自评结论"],
}, 80)
EVALUATION_FUND_ROWS = Vocabulary({
    "total": ["年度资金总额", "资金总额", "年度预算资金总额"],
    "fiscal": ["其中:当年财政拨款", "当年财政拨款", "其中:财政拨款", "财政拨款", "财政资金"],
    "carryover": ["上年结转资金", "上年结转", "结转资金"],
    "other": ["其他资金", "其它资金"],
    # the expenditure side, a second split of the same total (部门整体 forms: 按支出性质分)
    "basic": ["基本支出"],
    "project": ["项目支出"],
}, 75)
# The group headings of the funds rows (`按收入性质分 | 财政拨款`, `按支出性质分 | 基本支出`): headings, no row of
# their own; the side of the split the rows after them make.
EVALUATION_FUND_GROUPS = Vocabulary({
    "income": ["按收入性质分", "按资金来源分", "按收入来源分"],
    "expenditure": ["按支出性质分", "按支出类型分", "按支出结构分"],
}, 80)
# Column headings of the funds block and of the indicator rows.
EVALUATION_FUND_COLUMNS = Vocabulary({
    "budget_initial": ["年初预算数"], "budget_adjusted": ["全年预算数", "调整预算数"],
    "executed": ["全年执行数", "执行数", "实际执行数"], "points": ["分值"], "execution_rate": ["执行率"],
    "score": ["得分"],
}, 70)
EVALUATION_INDICATOR_COLUMNS = Vocabulary({
    "level1": ["一级指标"], "level2": ["二级指标"], "level3": ["三级指标"],
    "value": ["年度指标值", "指标值", "年度目标值"], "actual": ["实际完成值", "实际完成情况", "完成值"],
    "points": ["分值", "权重"], "score": ["得分"],
    "deviation": ["偏差原因分析及改进措施", "偏差原因及改进措施", "偏差原因", "偏差原因分析", "未完成原因分析"],
}, 70)
EVALUATION_GOAL_COLUMNS = Vocabulary({"expected": ["预期目标"], "outcome": ["实际完成情况"]}, 70)

# The indicator levels (domain.md): 一级 names, and each 二级 with the 一级 it belongs to.
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "履职效能", "管理效率", "社会效应", "可持续性", "预算执行")
LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "可持续发展指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
LEVELS = Vocabulary({"level": (*LEVEL1, *LEVEL2_PARENT, "服务对象满意度")})
# Numbering before a level name: `1-产出指标`, `31-服务对象满意度`, `2、效益指标` (the number in group 1).
NUMBERING = LazyPattern(r"^\s*(\d{1,2})\s*[-、.．]\s*")
_ANNOTATION = LazyPattern(r"^[(（〈][^()（）]{0,8}[)）〉]$")  # 三级指标(年度), 二级指标（必填）
# The numbering of a heading over a form (`一、`, `（二）`, `3.`): the form's place in a list of them.
HEADING_NUMBER = LazyPattern(r"^\s*[(（]?[一二三四五六七八九十\d]{1,3}\s*[)）、.．]\s*")
_SAME_NAME = 90  # rapidfuzz ratio of a numbered heading's words and the name under it that it repeats (OCR damage aside)


def names_again(heading: str, name: str) -> bool:
    """Whether `heading` is a numbered heading that repeats `name` (`一、基本公共卫生服务项目` over `项目名称：基本公共卫生
    服务项目`: a form headed by its project's name, no line of the name's text nor a value of its own)."""
    numbering = HEADING_NUMBER.match(heading)
    return numbering is not None and fuzz.ratio("".join(heading[numbering.end():].split()), "".join(name.split())) >= _SAME_NAME
# 定性 / 定量 under 指标性质: whether an indicator's value is a word or a figure, which the value shows.
VALUE_NATURE = "定性|定量"
# Cells of a form that hold no value: the unit line, a spending-plan month, the year, the sign-off box
# under the form (审核意见 / 部门意见 / 签字（公章） / 日期, with whatever is signed in it).
_NO_VALUE = LazyPattern(
    r"^(单\s*位\s*[:：]?\s*(万元|元|千元)?|金额单位.*|\(?万元\)?|\(?元\)?|\d{1,2}\s*月\s*[底末]|[(（]?\d{4}\s*年度?[)）]?|"
    rf"{VALUE_NATURE})$"
    r"|^((财政|部门|主管部门)?(审核|申报)?意见|签\s*字|盖\s*章|日\s*期\s*[:：])"
)
# The sign-off lines under a form (`填报人：… 审核人：…`, 联系电话, 填报日期, 单位负责人, 财务负责人) and its filling
# notes (填报说明): no row of the table above, which they end. A label printed whole, before its colon or alone.
SIGN_OFF = LazyPattern(
    r"^(填\s*报\s*(人|日\s*期|说\s*明)|审\s*核\s*人|((单\s*位|财\s*务|部\s*门|项\s*目)\s*)?负\s*责\s*人|联\s*系\s*(电\s*话|人)"
    r"|经\s*办\s*人|制\s*表\s*人)\s*([:：]|$)")
# A web page's furniture around a table: attachment line, share and print buttons, page counters.
PAGE_FURNITURE = LazyPattern(r"^(附件|扫一扫|\[?(下载|打印|关闭)\]?|第\s*\d+\s*页|共\s*\d+\s*页|分享到|来源[:：]|责任编辑)")
# A page's number alone on its line (`9`, `- 9 -`, `第9页`). Under a table's title it is the page's, no value; a lone
# number among the rows may be a wrapped cell's, and is not read as a page number there.
PAGE_NUMBER_LINE = LazyPattern(r"^\s*(?:\d{1,3}|[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页)\s*$")


# Every vocabulary of the forms' own words: a cell one of them matches with nothing after it is no value.
_FORM_WORDS = (PROJECT_LABELS, DEPARTMENT_SECTIONS, DEPARTMENT_BUDGET_SPLIT, DEPARTMENT_REQUEST_COLUMNS, DEPARTMENT_TASK_COLUMNS, EVALUATION_LABELS,
               EVALUATION_FUND_ROWS, EVALUATION_FUND_GROUPS, EVALUATION_FUND_COLUMNS, EVALUATION_INDICATOR_COLUMNS, EVALUATION_GOAL_COLUMNS)


@lru_cache(maxsize=16384)
def is_heading(raw: str) -> bool:
    """Whether a performance-table cell is a label or a heading of the form, not a value:
    a label of a project, department or self-evaluation form with nothing after it, a tree heading, an indicator level
    (one with no indicator under it is printed all the same), the unit line, the
    sign-off box and lines (`SIGN_OFF`), or a web page's furniture."""
    level = LEVELS.match(NUMBERING.sub("", raw))
    for vocabulary, hit in (*((v, v.match(raw)) for v in _FORM_WORDS), (LEVELS, level)):
        if hit is not None and hit.weak and len(fold(raw)) > 1 and not vocabulary.fragment(raw):
            continue  # a text only like a label's start (`其他项目` beside 其他资金) may be a value: not a label cut short
        if hit is not None and (not hit.rest or _ANNOTATION.match(hit.rest)):
            return True
    cleaned = clean_text(raw)
    return bool(_NO_VALUE.match(cleaned) or PAGE_FURNITURE.match(cleaned) or SIGN_OFF.match(cleaned))


# What an indicator's 三级 measures, by its last words, and the units a figure of it is printed
# in (domain.md: rates and satisfaction are percentages; a deadline is a time).
_PERCENT_UNITS = frozenset({"%", "％", "百分比", "百分", "百分点"})
_MEASURES = (
    (("率", "满意度", "比例", "占比", "百分比"), _PERCENT_UNITS),
    (("时限", "时间", "周期", "期限"), _PERCENT_UNITS | {"年", "月", "日", "天", "小时", "工作日", "个工作日", "月底", "季度",
                                               "周", "个月", "年底", "日前", "月前"}),
)


_TARGET_AFTER = LazyPattern(r"\d+(?:\.\d+)?\s*%?\s*(?:以上|以下)?$")


def measured_units(level3: str) -> frozenset[str] | None:
    """The units a figure of this 三级 may carry, or None when its words do not say
    (`服务对象满意度` → %, 百分比…; `数据报送时限` → time units or %). An annotation
    in brackets at the end (`案件结案率（%）`), or the target written after the words
    (`满意度95%以上`), is no part of the words."""
    words = re.sub(r"[\s(（][^()（）]*[)）]?\s*$", "", level3.strip()).strip() or level3.strip()
    words = _TARGET_AFTER.sub("", words) or words
    for endings, units in _MEASURES:
        if words.endswith(endings):
            return units
    return None


# The columns of a multi-project list (one row per project, its indicators on the rows under it:
# 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级 | 二级 | 三级 | 指标性质 | 指标值 | 度量单位 | 权重 | 方向;
# some print 主管部门 | 项目名称 | 实施单位 | 资金总额 | 其中：财政拨款 | …),
# the project's own columns before its indicator tree's.
LIST_COLUMNS = Vocabulary({
    "department": ("主管部门", "业务主管部门", "主管部门名称", "主管单位"),
    "implementing_unit": ("单位名称", "预算单位", "部门名称", "实施单位"),
    "project_name": ("项目名称",),
    "funds_total": ("预算数", "预算金额", "年度预算", "资金总额", "年度资金总额", "项目金额"),
    "funds_fiscal": ("其中：财政拨款", "其中:财政拨款", "财政拨款", "财政资金", "其中：财政资金"),
    "funds_other": ("其中：其他资金", "其他资金", "其它资金"),
    "annual_goal": ("年度目标", "年度绩效目标", "绩效目标"),
    "level1": ("一级指标", "一级"),
}, 90)


# A row that counts things (a 三公 table's 公务用车保有量（辆）, 国内公务接待批次（批）, 接待人次): the count unit
# its name ends with in brackets (any the OCR reads a bracket as: `〈批)`), or a count word it ends with and the
# unit that word counts in.
_COUNT_UNIT = LazyPattern(r"[(（〈《<［\[]\s*(辆|台|艘|架|批次|批|人次|人|个|次|家|户|名|所|件|套|场次|场|期|篇|份|天)\s*[)）〉》>］\]]$")
_COUNT_WORDS = (("车辆数", "辆"), ("保有量", "辆"), ("批次", "批次"), ("人次", "人次"), ("人数", "人"))


def count_unit(name: str) -> str | None:
    """The unit a row named `name` counts in (`公务用车保有量（辆）` → 辆, `国内公务接待批次` → 批次), or None for
    a row of money."""
    words = "".join(name.split())
    found = _COUNT_UNIT.search(words)
    if found:
        return found.group(1)
    return next((unit for word, unit in _COUNT_WORDS if words.endswith(word)), None)


# --- amount column headings ---------------------------------------------------

# Ordered: the first rule whose words occur in a column's header text wins.
_COLUMN_RULES: list[tuple[str, ColumnKind]] = [
    (r"增减%|增长%|增减率|增幅|%", ColumnKind.change_pct),
    (r"增减额|增减|增长额", ColumnKind.change_amount),
    (r"年初预算", ColumnKind.budget_initial),
    (r"调整预算|全年预算", ColumnKind.budget_adjusted),
    (r"基本支出", ColumnKind.basic),
    (r"项目支出", ColumnKind.project),
    (r"人员支出|人员经费", ColumnKind.personnel),
    (r"公用支出|公用经费", ColumnKind.public_operating),
    (r"公共预算", ColumnKind.general_budget),
    (r"政府性基金", ColumnKind.fund_budget),
    (r"国有资本经营", ColumnKind.other_soe),
    (r"财政拨款收入", ColumnKind.other_fiscal),
    (r"事业单位经营收入|经营收入", ColumnKind.other_operating),
    (r"事业收入", ColumnKind.other_business),
    (r"其他收入", ColumnKind.other_other_income),
    (r"行政支出", ColumnKind.administrative),
    (r"事业支出", ColumnKind.public_institution),
    (r"经营支出", ColumnKind.operating),
    (r"上缴上级", ColumnKind.remit_superior),
    (r"附属单位", ColumnKind.subsidy_subordinate),
    (r"投资支出", ColumnKind.investment),
    (r"债务还本", ColumnKind.debt_repayment),
    (r"其他支出", ColumnKind.other_expenditure),
    (r"决算数|执行数", ColumnKind.final),
    (r"合计|总计|小计|预算数|金额|本年支出", ColumnKind.total),
]
# 决算 carry-over columns, before the prior-year rule (上年结转 holds 上年). 本年收入 is a column of its own
# beside 本年支出 (本年收入合计 is an income table's total; 一、本年收入 over a summary's items is a side heading).
_CARRYOVER_RULES = (
    (LazyPattern(r"上年结转|年初结转|上年结余|年初结余|年初财政拨款结转"), ColumnKind.opening_balance),
    (LazyPattern(r"年末结转|年末结余|结转下年"), ColumnKind.closing_balance),
    (LazyPattern(r"^本年收入(?!合计|小计|总计)"), ColumnKind.current_income),
)
# The same headings as the OCR reads them (`上年结` of a 上年结转 wrapped at a line break, `本年收人`, `年未结转`): matched
# whole, a character lost or one of the OCR's confusions read for another (those of `OCR_CONFUSIONS` and 入/人, 末/未:
# these two only here, where folded for every label they let a garbled line of a department form pass for one);
# a character garbled past them is no match (one in four is a ratio of 75),
# nor is a heading with more before or after it (本年收入合计, 一、本年收入).
CARRYOVER_HEADINGS = Vocabulary({
    ColumnKind.opening_balance.value: ("上年结转", "年初结转", "上年结余", "年初结余"),
    ColumnKind.closing_balance.value: ("年末结转", "年末结余", "结转下年"),
    ColumnKind.current_income.value: ("本年收入",),
}, threshold=82, confusions={**OCR_CONFUSIONS, **str.maketrans({"人": "入", "未": "末"})})
# The headings of a column read whole only: 财政拨款 alone heads the fiscal income column (浙江's 部门收入预算表:
# 合计 | 财政拨款 | 事业收入 …); with more (财政拨款一般公共预算, 财政拨款小计) it heads a group, read by
# `_COLUMN_RULES`. Read through OCR damage (`财政拔款`, `财政拨`): characters lost or misread, none added.
WHOLE_HEADINGS = Vocabulary({ColumnKind.other_fiscal.value: ("财政拨款",)}, threshold=75, confusions=OCR_CONFUSIONS)
_YEAR = LazyPattern(r"(20\d\d)\s*年")
# 上年 before the words of a prior-year column (上年预算数, 上年决算, 上年数), or alone: a prior-year heading read
# as printed; 上年 before anything else (`上年纺`, a carry-over heading garbled) is a guess.
_PRIOR_YEAR = LazyPattern(r"上年度?(?:预算|决算|执行|实际|支出|金额|数|$)")


def column_kind(label: str, current_year: int | None) -> ColumnKind:
    """Meaning of an amount column from its (multi-row) header text (`column_reading`)."""
    return column_reading(label, current_year)[0]


@lru_cache(maxsize=4096)  # (tables of one form repeat their header texts)
def column_reading(label: str, current_year: int | None) -> tuple[ColumnKind, bool]:
    """Meaning of an amount column from its (multi-row) header text, and whether it is a guess: the first of
    `_COLUMN_RULES` whose words it holds; a year before `current_year` or 上年 (not a change) is the prior
    year. A carry-over heading (`CARRYOVER_HEADINGS`: `上年结` is 上年结转, not the prior year), or one read
    whole (`WHOLE_HEADINGS`: 财政拨款), is read through OCR damage; so read, or a prior year read from 上年 before words of no prior-year heading (`上年纺`), the
    kind is a guess (True), for the table's arithmetic to confirm."""
    text = "".join(label.split())
    for pattern, kind in _CARRYOVER_RULES:  # 上年结转 is a balance carried in, not last year's column
        if pattern.search(text):
            return kind, False
    for headings in (CARRYOVER_HEADINGS, WHOLE_HEADINGS):
        damaged = headings.match(text, whole=True)
        if damaged is not None and len(_plain(text)) <= max(len(v) for v in headings.entries[damaged.field]):
            # (characters lost or misread, none added: `一、本年收入` over a summary's items is its side heading)
            return ColumnKind(damaged.field), not damaged.exact
    years = [int(y) for y in _YEAR.findall(text)]
    is_change = re.search(r"增减|增长|与", text)
    if current_year and years and max(years) < current_year and not is_change:
        return ColumnKind.prior_year, False
    if re.search(r"上年", text) and not is_change:
        return ColumnKind.prior_year, not _PRIOR_YEAR.search(text)
    for pattern, kind in _COLUMN_RULES:
        if re.search(pattern, text):
            return kind, False
    return ColumnKind.unknown, False


def header_year(texts: list[str]) -> int | None:
    years = [int(y) for t in texts for y in _YEAR.findall("".join(t.split()))]
    return max(years) if years else None


def column_label(kind: ColumnKind) -> str:
    """A header text that `column_kind` reads as `kind` (its first words), for a column named by its kind."""
    if kind is ColumnKind.prior_year:
        return "上年"
    carryover = next((pattern for pattern, k in _CARRYOVER_RULES if k is kind), None)
    if carryover is not None:
        return re.split(r"[|(]", carryover.pattern.lstrip("^"))[0]
    return next((pattern.split("|")[0] for pattern, k in _COLUMN_RULES if k is kind), kind.value)
