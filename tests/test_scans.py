"""Held-out tables scanned by tesseract (tests/data/scans/README.md): every value
printed is read right, or flagged, or kept unread; none is lost or wrong in
silence. The text versions read every value right."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.api import extract_file
from extractor.models import LineTable

SCANS = Path(__file__).parent / "data" / "scans"
CASES = sorted(p.name.removesuffix(".truth.json") for p in SCANS.glob("*.truth.json"))


def key(text: str | None) -> str:
    text = re.sub(r"[\s“”\"'‘’]", "", unicodedata.normalize("NFKC", text or "")).replace("〈", "(").replace("〉", ")")
    return re.sub(r"^(其中:)?([一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])*", "", text)


def outcomes(path: Path, truth: list[dict]) -> list[str]:
    """For each printed value: right, flagged (read wrong or placed elsewhere, but
    flagged, or unread), or silent."""
    doc = extract_file(path).doc
    cells = [(line, cell) for t in doc.tables if isinstance(t, LineTable) for line in t.lines for cell in line.amounts]
    unread = [a.value for t in doc.tables for a in t.unread]
    out = []
    for fact in truth:
        if "not_amount" in fact:
            continue
        names = {key(k) for k in fact["key"].split("|")}

        def here(line, cell) -> bool:
            if fact["key"].isdigit():
                row = line.code is not None and line.code.value == fact["key"]
            else:
                row = line.code is None and key(line.name.value) in names
            side = fact.get("side") not in ("income", "expenditure") or line.side is not None and line.side.value == fact["side"]
            column = fact["col"] == "*" or cell.column.value == fact["col"] or key(cell.label) == key(fact["col"])
            return row and side and column

        same = [(line, cell) for line, cell in cells if cell.amount.value is not None and abs(cell.amount.value - fact["value"]) < 1e-6]
        if any(here(line, cell) for line, cell in same):
            out.append("right")
        elif any(here(line, cell) and cell.amount.flagged for line, cell in cells) or any(c.amount.flagged for _, c in same):
            out.append("flagged")
        elif any(v is not None and abs(v - fact["value"]) < 1e-6 for v in unread):
            out.append("flagged")
        else:
            out.append("silent")
    return out


@pytest.mark.parametrize("case", CASES)
def test_scanned_tables_lose_nothing_in_silence(case):
    truth = json.loads((SCANS / f"{case}.truth.json").read_text(encoding="utf-8"))
    assert set(outcomes(SCANS / f"{case}.txt", truth)) == {"right"}
    scans = sorted(SCANS.glob(f"{case}.*.ocr.txt"))
    assert scans
    for scan in scans:
        results = outcomes(scan, truth)
        assert "silent" not in results, (scan.name, [f for f, r in zip(truth, results) if r == "silent"])
