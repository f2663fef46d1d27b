"""How well the review flag catches errors, and what it costs the reviewer.

Corrupts seed 000 one field at a time, the ways OCR corrupts tables (a digit
changed, two digits swapped, a digit dropped in an amount; two digits of a
code swapped; one character of a subject name replaced), runs the pipeline on
each corrupted text and records the confidence of the corrupted field. Then,
for a range of thresholds, prints:

- flag capture: the share of corrupted fields whose confidence is below it;
- review load: the share of all fields of the five clean seeds below it.

This is how `confidence.FLAG_BELOW` was chosen. Not a test: it prints figures.

    python eval/bench_checks.py [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from extractor.api import extract_source
from extractor.walk import iter_located
from extractor.ingest import SourceText, read_source
from extractor.models import LineTable, ProjectTable

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
# Characters OCR puts in place of others in these documents (domain.md).
LOOKALIKES = "医高底置防受末己入未土干天夫"


def run_text(text: str):
    return extract_source(SourceText(Path("corrupted.txt"), text, "utf-8", "", len(text)))


def confidence_at(doc, start: int, clean_findings: set) -> float:
    """Confidence of the field printed at `start`. When the corruption made the
    field vanish (`.70%` is no number), it counts as caught only if a check
    reports something the clean document does not have."""
    for _, obj in iter_located(doc):
        if obj.span is not None and obj.span.start == start:
            return obj.confidence
    return 0.0 if finding_keys(doc) - clean_findings else 1.0


def finding_keys(doc) -> set:
    return {(f.check, f.table_id, f.expected, f.actual) for f in doc.findings if f.severity.value != "info"}


def amount_variants(raw: str, rng: random.Random) -> dict[str, str]:
    digits = [i for i, ch in enumerate(raw) if ch.isdigit()]
    significant = [i for i in digits if raw[i] != "0"] or digits
    out = {}
    i = rng.choice(significant)
    out["digit changed"] = raw[:i] + str((int(raw[i]) + rng.randint(1, 8)) % 10) + raw[i + 1:]
    pairs = [i for i in digits if i + 1 in digits and raw[i] != raw[i + 1]]
    if pairs:
        j = rng.choice(pairs)
        out["digits swapped"] = raw[:j] + raw[j + 1] + raw[j] + raw[j + 2:]
    k = rng.choice(significant)
    out["digit dropped"] = raw[:k] + raw[k + 1:]
    return out


def trials(text: str, doc, rng: random.Random):
    """(kind, start, corrupted text) for every corruptible field of the coded and project tables."""
    for table in doc.tables:
        if isinstance(table, LineTable):
            for line in table.lines:
                for cell in line.amounts:
                    a = cell.amount
                    for kind, new in amount_variants(a.raw, rng).items():
                        yield f"amount: {kind}", a.span.start, text[: a.span.start] + new + text[a.span.end:]
                if line.code is not None and line.level:
                    code = line.code
                    j = rng.randrange(len(code.raw) - 1)
                    swapped = code.raw[:j] + code.raw[j + 1] + code.raw[j] + code.raw[j + 2:]
                    if swapped != code.raw:
                        yield "code: digits swapped", code.span.start, text[: code.span.start] + swapped + text[code.span.end:]
                    name = line.name
                    j = rng.randrange(len(name.raw))
                    typo = name.raw[:j] + rng.choice(LOOKALIKES) + name.raw[j + 1:]
                    yield "name: OCR typo", name.span.start, text[: name.span.start] + typo + text[name.span.end:]
        elif isinstance(table, ProjectTable) and table.project.funds_total is not None:
            a = table.project.funds_total
            for kind, new in amount_variants(a.raw, rng).items():
                yield f"project funds: {kind}", a.span.start, text[: a.span.start] + new + text[a.span.end:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    (path,) = SEEDS.glob("000_*.txt")
    text = path.read_text(encoding="utf-8")
    clean = run_text(text)
    caught: dict[str, list[float]] = defaultdict(list)
    for kind, start, corrupted in trials(text, clean, rng):
        caught[kind].append(confidence_at(run_text(corrupted), start, finding_keys(clean)))
    clean_fields = [obj.confidence for seed in sorted(SEEDS.glob("*.txt"))
                    for _, obj in iter_located(extract_source(read_source(seed)))]

    header = f"{'corruption':30} {'n':>4} " + " ".join(f"<{t:<5}" for t in THRESHOLDS)
    print("flag capture (share of corrupted fields flagged) by threshold")
    print(header)
    everything = [c for values in caught.values() for c in values]
    for kind, values in sorted(caught.items()) + [("all corruptions", everything)]:
        shares = " ".join(f"{sum(v < t for v in values) / len(values):6.2f}" for t in THRESHOLDS)
        print(f"{kind:30} {len(values):4} {shares}")
    shares = " ".join(f"{sum(v < t for v in clean_fields) / len(clean_fields):6.3f}" for t in THRESHOLDS)
    print(f"{'review load, clean seeds':30} {len(clean_fields):4} {shares}")


if __name__ == "__main__":
    main()
