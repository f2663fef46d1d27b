"""Comparing a reading with the gold: what counts as the same text."""

import json
from pathlib import Path

from extractor.pairing import FieldType, norm_text, same

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
