"""Flag capture against the gold, under OCR-like noise on all five seeds.

Each trial makes one corruption inside a labelled table of a seed (a digit
changed or dropped, a character replaced by a lookalike, two cells merged by
a lost tab), runs the pipeline on the corrupted text and scores it against
the seed's gold with the `extract eval` scorer. The fields that become wrong
(compared with the clean run) are the errors the noise caused; the figure is
how many of them the review queue would show. Not a test: it prints figures.

    python eval/bench_noise.py [--trials 30] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

from bench_checks import LOOKALIKES, run_text

from extractor.evaluate.score import Outcome, score_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corrupt(text: str, spans: list[tuple[int, int]], kind: str, rng: random.Random) -> str | None:
    start, end = rng.choice(spans)
    pattern = {"digit changed": r"[1-9]", "digit dropped": r"\d(?=\d)", "lookalike": r"[\u4e00-\u9fff]", "cells merged": r"\t(?=\S)"}[kind]
    places = [m.start() for m in re.finditer(pattern, text[start:end])]
    if not places:
        return None
    i = start + rng.choice(places)
    if kind == "digit changed":
        return text[:i] + str((int(text[i]) + rng.randint(1, 8)) % 10) + text[i + 1:]
    if kind == "digit dropped":
        return text[:i] + text[i + 1:]
    if kind == "lookalike":
        return text[:i] + rng.choice([c for c in LOOKALIKES if c != text[i]]) + text[i + 1:]
    return text[:i] + " " + text[i + 1:]


def errors(gold: dict, doc) -> dict[tuple, bool]:
    """Wrong or spurious fields (not the gold's ambiguous ones) → flagged?"""
    scored = score_document(gold, doc.model_dump(mode="json"))
    return {
        (r.table, r.key, r.pred): r.flagged
        for r in scored.fields
        if r.outcome in (Outcome.wrong, Outcome.spurious) and not r.ambiguous
    } | {(r.table, r.key, None): False for r in scored.fields if r.outcome is Outcome.missed and not r.ambiguous}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30, help="corruptions per seed and kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds = ("digit changed", "digit dropped", "lookalike", "cells merged")
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # errors, flagged, missed, trials
    for path in sorted(FIXTURES.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / gold["source_path"]).read_text(encoding="utf-8")
        spans = [(t["span"]["start"], t["span"]["end"]) for t in gold["tables"] if not t.get("empty")]
        clean = errors(gold, run_text(text))
        for kind in kinds:
            for _ in range(args.trials):
                noisy = corrupt(text, spans, kind, rng)
                if noisy is None:
                    continue
                new = {k: f for k, f in errors(gold, run_text(noisy)).items() if k not in clean}
                row = caught[kind]
                row[0] += sum(k[2] is not None for k in new)
                row[1] += sum(f for k, f in new.items() if k[2] is not None)
                row[2] += sum(k[2] is None for k in new)
                row[3] += 1
    print("noise against the gold: fields made wrong, and how many the review flag catches")
    print(f"{'corruption':16} {'trials':>6} {'wrong':>6} {'flagged':>8} {'capture':>8} {'missed':>7}")
    total = [0, 0, 0, 0]
    for kind in kinds:
        e, f, m, n = caught[kind]
        total = [a + b for a, b in zip(total, (e, f, m, n))]
        print(f"{kind:16} {n:6} {e:6} {f:8} {f / e if e else 1:8.2f} {m:7}")
    e, f, m, n = total
    print(f"{'all':16} {n:6} {e:6} {f:8} {f / e if e else 1:8.2f} {m:7}")
    print("wrong = a predicted field that differs from the gold (or has no gold); missed = a gold field no longer read")


if __name__ == "__main__":
    main()
