"""PP-OCR (rapidocr) against tesseract on the same scanned pages: the eval/dev PDFs' table
pages rendered to image-only PDFs at 200 dpi (as tests/test_pdf.py makes them), each read
by both engines. Printed per document and engine: character error rate against the PDF's
own text layer (whitespace removed from both), fact recall against eval/dev/gold, silent
losses (a fact wrong or missed that no flag or finding reports), and seconds per page (OCR
itself: each run starts with an empty OCR cache). On a terminal, the pages OCR has read of
the document under way are shown as it goes.

    PYTHONPATH=$PWD/src python eval/bench_ocr.py [--engines rapidocr tesseract] [--pages N]

`--pages N` keeps the first N table pages of each document (quicker; recall is then over
the facts of those pages only).

`--seeds` reads the five seeds (examples/seeds) instead, printed to ruled A4 pages at 200 dpi by
tests/pages.py (as ../shared/tools/scan.py prints the dev scans) and saved as one multi-page TIFF
each, through the product's image route; scored against eval/dev-scans/gold (the seeds' facts):
recall, silent losses and seconds per page, per seed. `--cache DIR` keeps the OCR results between
runs, in either mode (seconds per page are then the layout and readers' only); `--only 000 002`
picks seeds. `--font FAMILY` and `--dpi N` print them otherwise (the dev scans used AR PL UMing at
180 dpi and WenQuanYi Zen Hei at 240): a print nothing was tuned on.

Each line says how many processes OCR'd the document's pages (EXTRACT_OCR_WORKERS, default one for
every 4 cores; `EXTRACT_OCR_WORKERS=1` reads them one by one in process): compare the s/page of both.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent
DEV = ROOT / "dev"
SEEDS = ROOT.parent / "examples" / "seeds"
SEED_GOLD = ROOT / "dev-scans" / "gold"


def image_only(stem: str, pages: list[int], out: Path) -> Path:
    pdf = pypdfium2.PdfDocument(str(DEV / "pdf" / f"{stem}.pdf"))
    images = [pdf[n - 1].render(scale=200 / 72, grayscale=True).to_pil() for n in pages]
    pdf.close()
    path = out / f"{stem}.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path


def text_layer(stem: str, pages: list[int]) -> str:
    import pdfplumber

    with pdfplumber.open(DEV / "pdf" / f"{stem}.pdf") as pdf:
        return "".join(pdf.pages[n - 1].extract_text() or "" for n in pages)


def cer(truth: str, read: str) -> float:
    truth, read = "".join(truth.split()), "".join(read.split())
    return Levenshtein.distance(truth, read) / max(1, len(truth))


def font_file(family: str | None) -> Path:
    """The file of the installed font `family` (fontconfig's match), or tests/pages.py's
    default CJK font when None; exits when there is none."""
    sys.path.insert(0, str(ROOT.parent / "tests"))
    from pages import cjk_font

    if family is None:
        font = cjk_font()
    else:
        match = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", family], capture_output=True, text=True)
        found, _, file = match.stdout.partition("\t")
        font = Path(file) if match.returncode == 0 and family.lower() in found.lower() else None
    if font is None:
        sys.exit(f"font not installed: {family or 'any CJK font'} (Debian: fonts-noto-cjk, fonts-arphic-uming, fonts-wqy-zenhei)")
    return font


def progress(name: str):
    """An `on_page(done, total)` that shows the pages OCR has read of `name` on a terminal's
    stderr (a document's OCR takes minutes; nothing is printed before its line), else None."""
    if not sys.stderr.isatty():
        return None

    def shown(done: int, total: int) -> None:
        print(f"\r{name}: OCR page {done}/{total}", end="\n" if done == total else "", file=sys.stderr, flush=True)

    return shown


def printed_seed(seed: Path, out: Path, font: Path, dpi: int) -> tuple[Path, int]:
    """`seed` printed to ruled pages (tests/pages.py) in `font` at `dpi`, saved as a multi-page TIFF
    under `out`; the path and the page count."""
    from pages import print_pages

    pages = print_pages(seed.read_text(encoding="utf-8"), font, dpi)
    path = out / f"{seed.stem}.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(dpi, dpi))
    return path, len(pages)


def seeds(only: list[str], cache: str | None, family: str | None, dpi: int) -> None:
    """The seeds printed and read by PP-OCR, scored per seed (see the module's doc)."""
    from extractor.api import extract_source
    from extractor.evaluate.facts import score_facts
    from extractor.ingest import read_source
    from extractor.pdf import ocr_workers

    font = font_file(family)
    print(f"printed in {font.name} at {dpi} dpi")
    totals = [0, 0, 0, 0, 0.0]  # correct, facts, silent, pages, seconds
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXTRACT_OCR_CACHE"] = cache or str(Path(tmp) / "cache")
        for seed in sorted(SEEDS.glob("*.txt")):
            if only and not any(seed.name.startswith(o) for o in only):
                continue
            gold = json.loads((SEED_GOLD / f"{seed.stem}.facts.json").read_text(encoding="utf-8"))
            scan, pages = printed_seed(seed, Path(tmp), font, dpi)
            started = time.perf_counter()
            source = read_source(scan, ocr="rapidocr", on_page=progress(seed.stem))
            score = score_facts(gold, extract_source(source, seed.stem), source.text)
            seconds = time.perf_counter() - started
            correct = sum(r.outcome == "correct" for r in score.results)
            silent = sum(bool(r.silent) for r in score.results)
            for i, v in enumerate((correct, len(score.results), silent, pages, seconds)):
                totals[i] += v
            print(f"{seed.stem:24} pages {pages:2}  recall {correct}/{len(score.results)} = "
                  f"{correct / len(score.results):.3f}  silent {silent}  {seconds / pages:.1f} s/page  "
                  f"workers {ocr_workers(pages)}", flush=True)
    correct, facts, silent, pages, seconds = totals
    print(f"\nseeds by PP-OCR: recall {correct}/{facts} = {correct / max(1, facts):.3f}  silent {silent}  "
          f"{seconds / max(1, pages):.1f} s/page")


def main() -> None:
    from extractor.api import extract_source
    from extractor.evaluate.facts import score_facts
    from extractor.ingest import read_source
    from extractor.pdf import ocr_workers

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])  # the first paragraph, whole
    ap.add_argument("--engines", nargs="+", default=["rapidocr", "tesseract"])
    ap.add_argument("--pages", type=int, default=0)
    ap.add_argument("--seeds", action="store_true", help="the five seeds printed and read by PP-OCR")
    ap.add_argument("--only", nargs="*", default=[], help="with --seeds: the seeds whose names start so")
    ap.add_argument("--cache", help="keep OCR results in this folder (s/page then times the layout and readers)")
    ap.add_argument("--font", help="with --seeds: print in this installed font family")
    ap.add_argument("--dpi", type=int, default=200, help="with --seeds: print at this resolution")
    args = ap.parse_args()
    if args.seeds:
        return seeds(args.only, args.cache, args.font, args.dpi)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in sorted((DEV / "gold").glob("*.facts.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            stem = gold_path.name.split(".")[0]
            pages = gold["ocr_pages"][: args.pages or None]
            gold["facts"] = [f for f in gold["facts"] if f["page"] in pages]
            scan = image_only(stem, pages, Path(tmp))
            truth = text_layer(stem, pages)
            for engine in args.engines:
                # empty, OCR runs; unless --cache keeps it
                os.environ["EXTRACT_OCR_CACHE"] = str(Path(args.cache or tmp) / f"cache-{engine}-{stem}")
                started = time.perf_counter()
                source = read_source(scan, ocr=engine, on_page=progress(f"{stem} {engine}"))
                seconds = (time.perf_counter() - started) / len(pages)
                score = score_facts(gold, extract_source(source, stem), source.text)
                correct = sum(r.outcome == "correct" for r in score.results)
                silent = sum(bool(r.silent) for r in score.results)
                rows.append((stem, engine, len(pages), cer(truth, source.text), correct, len(score.results), seconds,
                             silent))
                print(f"{stem:34} {engine:10} pages {len(pages):2}  CER {rows[-1][3]:.3f}  "
                      f"recall {correct}/{len(score.results)}  silent {silent}  {seconds:.1f} s/page  "
                      f"workers {ocr_workers(len(pages))}", flush=True)
    print()
    for engine in args.engines:
        mine = [r for r in rows if r[1] == engine]
        pages = sum(r[2] for r in mine)
        correct, facts = sum(r[4] for r in mine), sum(r[5] for r in mine)
        mean_cer = sum(r[3] * r[2] for r in mine) / pages
        print(f"{engine:10} CER {mean_cer:.3f}  recall {correct}/{facts} = {correct / facts:.3f}  "
              f"silent {sum(r[7] for r in mine)}  {sum(r[6] * r[2] for r in mine) / pages:.1f} s/page")


if __name__ == "__main__":
    sys.exit(main())
