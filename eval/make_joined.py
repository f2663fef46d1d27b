"""Build the seeds re-joined sets (`eval/seeds-joined-*`): each seed's lines with their cells (split at a
tab, a rule `|` or two spaces or more) joined again by one fixed joiner, empty cells dropped: the text a
PDF viewer's copy, a word processor's export or an OCR service gives, where nothing keeps the columns
aligned and an empty cell leaves no room. Same content as the seeds, so the gold is `eval/dev-scans/gold`
(copied). Material for silent loss on layouts without alignment, not tuned on by rules naming it.

    python eval/make_joined.py          # writes eval/seeds-joined-two, -one, -tab
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOINERS = {"two": "  ", "one": " ", "tab": "\t"}
_CELL = re.compile(r"\s{2,}|\||\t")


def rejoin(text: str, joiner: str) -> str:
    """`text` with each line's cells joined by `joiner` (empty cells dropped)."""
    return "\n".join(joiner.join(c.strip() for c in _CELL.split(line) if c.strip()) for line in text.split("\n"))


def main() -> None:
    for name, joiner in JOINERS.items():
        out = ROOT / "eval" / f"seeds-joined-{name}"
        shutil.rmtree(out / "ocr", ignore_errors=True)
        shutil.rmtree(out / "gold", ignore_errors=True)
        (out / "ocr").mkdir(parents=True)
        shutil.copytree(ROOT / "eval" / "dev-scans" / "gold", out / "gold")
        manifest = {}
        for seed in sorted((ROOT / "examples" / "seeds").glob("*.txt")):
            text = rejoin(seed.read_text(encoding="utf-8"), joiner)
            (out / "ocr" / f"{seed.stem}.ocr.txt").write_text(text, encoding="utf-8")
            manifest[seed.stem] = {"seed": f"examples/seeds/{seed.name}", "joiner": joiner, "tool": "eval/make_joined.py"}
        (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(manifest)} documents")


if __name__ == "__main__":
    main()
