"""Build the re-joined sets (`eval/seeds-joined-*`, `eval/dev-joined-*`): each text's lines with their cells
(split at a tab, a rule `|` or two spaces or more) joined again by one fixed joiner, empty cells dropped: the
text a PDF viewer's copy, a word processor's export or an OCR service gives, where nothing keeps the columns
aligned and an empty cell leaves no room. The `mixed` sets join the first half of each text's lines by one
space and the rest by two (a page that pasted its tables each its own way). Same content as the source set, so
the same gold (copied). Material for silent loss on layouts without alignment, not tuned on by rules naming it.

    python eval/make_joined.py                  # writes eval/seeds-joined-{two,one,tab,mixed}, eval/dev-joined-{…}
    python eval/make_joined.py dev --out /tmp   # only the dev set, into /tmp/dev-joined-{two,one,tab,mixed}
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each set's joiners: the text's lines cut into as many parts of equal count, each part joined by its own.
JOINERS = {"two": ("  ",), "one": (" ",), "tab": ("\t",), "mixed": (" ", "  ")}
_CELL = re.compile(r"\s{2,}|\||\t")
# Each source set: its texts, its gold, and the name the evaluator finds a text by from its gold's `doc`
# (`X.txt` as `ocr/X.ocr.txt` in the dev-scans layout, as `ocr/X.txt` in the dev layout).
SETS = {
    "seeds": (ROOT / "examples" / "seeds", "*.txt", ROOT / "eval" / "dev-scans" / "gold", ".ocr.txt"),
    "dev": (ROOT / "eval" / "dev" / "ocr", "*.txt", ROOT / "eval" / "dev" / "gold", ".txt"),
}


def rejoin(text: str, *joiners: str) -> str:
    """`text` with each line's cells joined by a joiner (empty cells dropped): its lines cut into as many parts of
    equal count as joiners, the first part joined by the first joiner, and so on."""
    lines = text.split("\n")
    cuts = [len(lines) * k // len(joiners) for k in range(len(joiners) + 1)]
    return "\n".join(joiner.join(c.strip() for c in _CELL.split(line) if c.strip())
                     for joiner, a, b in zip(joiners, cuts, cuts[1:]) for line in lines[a:b])


def build(name: str, out_root: Path) -> None:
    """Write `<out_root>/<name>-joined-{two,one,tab,mixed}` from the source set `name`."""
    texts, pattern, gold, suffix = SETS[name]
    for joiner_name, joiners in JOINERS.items():
        out = out_root / f"{name}-joined-{joiner_name}"
        shutil.rmtree(out / "ocr", ignore_errors=True)
        shutil.rmtree(out / "gold", ignore_errors=True)
        (out / "ocr").mkdir(parents=True)
        shutil.copytree(gold, out / "gold")
        manifest = {}
        for source in sorted(texts.glob(pattern)):
            text = rejoin(source.read_text(encoding="utf-8"), *joiners)
            (out / "ocr" / f"{source.stem}{suffix}").write_text(text, encoding="utf-8")
            manifest[source.stem] = {"source": str(source.relative_to(ROOT)), "joiner": joiners[0] if len(joiners) == 1 else list(joiners), "tool": "eval/make_joined.py"}
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
