"""Build the re-joined sets (`eval/seeds-joined-*`, `eval/dev-joined-*`): each text's lines with their cells
(split at a tab, a rule `|` or two spaces or more) joined again by one fixed joiner, empty cells dropped: the
text a PDF viewer's copy, a word processor's export or an OCR service gives, where nothing keeps the columns
aligned and an empty cell leaves no room. Same content as the source set, so the same gold (copied). Material
for silent loss on layouts without alignment, not tuned on by rules naming it.

    python eval/make_joined.py                  # writes eval/seeds-joined-{two,one,tab}, eval/dev-joined-{two,one,tab}
    python eval/make_joined.py dev --out /tmp   # only the dev set, into /tmp/dev-joined-{two,one,tab}
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOINERS = {"two": "  ", "one": " ", "tab": "\t"}
_CELL = re.compile(r"\s{2,}|\||\t")
# Each source set: its texts, its gold, and the name the evaluator finds a text by from its gold's `doc`
# (`X.txt` as `ocr/X.ocr.txt` in the dev-scans layout, as `ocr/X.txt` in the dev layout).
SETS = {
    "seeds": (ROOT / "examples" / "seeds", "*.txt", ROOT / "eval" / "dev-scans" / "gold", ".ocr.txt"),
    "dev": (ROOT / "eval" / "dev" / "ocr", "*.txt", ROOT / "eval" / "dev" / "gold", ".txt"),
}


def rejoin(text: str, joiner: str) -> str:
    """`text` with each line's cells joined by `joiner` (empty cells dropped)."""
    return "\n".join(joiner.join(c.strip() for c in _CELL.split(line) if c.strip()) for line in text.split("\n"))


def build(name: str, out_root: Path) -> None:
    """Write `<out_root>/<name>-joined-{two,one,tab}` from the source set `name`."""
    texts, pattern, gold, suffix = SETS[name]
    for joiner_name, joiner in JOINERS.items():
        out = out_root / f"{name}-joined-{joiner_name}"
        shutil.rmtree(out / "ocr", ignore_errors=True)
        shutil.rmtree(out / "gold", ignore_errors=True)
        (out / "ocr").mkdir(parents=True)
        shutil.copytree(gold, out / "gold")
        manifest = {}
        for source in sorted(texts.glob(pattern)):
            text = rejoin(source.read_text(encoding="utf-8"), joiner)
            (out / "ocr" / f"{source.stem}{suffix}").write_text(text, encoding="utf-8")
            manifest[source.stem] = {"source": str(source.relative_to(ROOT)), "joiner": joiner, "tool": "eval/make_joined.py"}
        (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{out}: {len(manifest)} documents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=sorted(SETS), help=f"source sets, of {', '.join(SETS)} (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "eval", help="folder to write the sets into")
    args = parser.parse_args()
    if unknown := set(args.sets) - set(SETS):
        parser.error(f"no source set {', '.join(sorted(unknown))}")
    for name in args.sets:
        build(name, args.out)


if __name__ == "__main__":
    main()
