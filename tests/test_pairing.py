"""Comparing a reading with the gold: what counts as the same text."""

import json
from pathlib import Path

from extractor.pairing import FieldType, norm_text, pair_items, same

GOLD = Path(__file__).resolve().parent.parent / "eval" / "dev-scans" / "gold"


def test_a_dash_read_in_another_glyph_is_the_same_period():
    # Seed 004 prints `2021年1月 — 2021年12月` (em dash); PP-OCR reads the dash back as `－`.
    gold = next(f for f in json.loads((GOLD / "004_30e10abd8c6a2537.facts.json").read_text(encoding="utf-8"))["facts"]
                if f.get("field") == "period")
    assert gold["value"] == "2021年1月 — 2021年12月"
    for reading in ("2021年1月－2021年12月", "2021年1月-2021年12月", "2021年1月 – 2021年12月"):
        assert same(gold, {"value": reading}, FieldType.text)
    # a dash is not a character: 一 (one) read for the dash is a different text, left to the reader's repair
    assert not same(gold, {"value": "2021年1月一2021年12月"}, FieldType.text)
    assert not same(gold, {"value": "2021年1月—2022年12月"}, FieldType.text)


def test_text_folds_width_and_whitespace_only_otherwise():
    assert norm_text("（普法 重点工作）") == norm_text("(普法重点工作)")
    assert norm_text("≥95%") != norm_text(">95%")


def test_a_garbled_indicator_pairs_with_the_row_of_the_same_three_level_in_its_place():
    """Seed 001 prints `开展法治政府建设宣传活动` twice, under 数量指标 (≥10 次) and under 时效指标 (年度内完成).
    A reading of the first that OCR garbled (`开展法治改府建设宣传活动 | 人`, no 二级 read) scores alike against
    both: it pairs with the one at its own place in the list, and a reading that prints the same value, or
    names the same 二级, goes before place."""
    def ind(level3, value, level2=None):
        return {"level3": {"value": level3}, "value": {"raw": value}, "level2": {"value": level2} if level2 else None}

    other = [ind("开展行政执法人员培训", "≥200人", "数量指标"), ind("开展法治政府建设宣传活动", "≥10 次", "数量指标"),
             ind("行政执法人员执法资格考试通过率", "≥80%", "质量指标"), ind("开展法治政府建设宣传活动", "年度内完成", "时效指标")]
    read = [ind("开展行政执法人员培训", "≥200人", "数量指标"), ind("开展法治改府建设宣传活动", "人"),
            ind("行政执法人员执法资格考试通过率", "≥80%", "质量指标")]
    pairs = {id(p): g for g, p in pair_items("indicators", other, read) if p is not None and g is not None}
    assert pairs[id(read[1])]["value"]["raw"] == "≥10 次"
    alike = [read[0], ind("开展法治改府建设宣传活动", "年度内完成"), read[2]]  # at the first's place, the second's value
    pairs = {id(p): g for g, p in pair_items("indicators", other, alike) if p is not None and g is not None}
    assert pairs[id(alike[1])]["value"]["raw"] == "年度内完成"
