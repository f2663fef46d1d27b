"""Print a text document as ruled page images, for the OCR tests: the way `../shared/tools/scan.py`
prints the dev scans (tab-separated lines are table rows, one ruled cell per field, the last field
spanning the rest of the row; other lines are paragraphs), drawn by Pillow with an installed CJK font
(fonts-noto-cjk) instead of a browser."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


def cjk_font() -> Path | None:
    """An installed font with simplified Chinese glyphs (Noto CJK first), or None."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()},
                   key=lambda f: ("NotoSansCJK" not in f, "Regular" not in f, "Noto" not in f, f))
    return Path(files[0]) if files else None


def print_pages(text: str, font_path: Path, dpi: int = 200) -> list[Image.Image]:
    """The pages (grey PIL images, A4 at `dpi`; landscape when a table has 9 columns or more)."""
    blocks: list[tuple[str, object]] = []
    for line in text.splitlines():
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if blocks and blocks[-1][0] == "t":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("t", [cells]))
        elif line.strip():
            blocks.append(("p", line.strip()))
    widest = max((len(r) for kind, rows in blocks if kind == "t" for r in rows), default=1)
    mm = dpi / 25.4
    width, height = (round(297 * mm), round(210 * mm)) if widest >= 9 else (round(210 * mm), round(297 * mm))
    margin = round(13 * mm)
    size = round(10 / 72 * dpi)
    font = ImageFont.truetype(str(font_path), size, index=_sc_index(font_path))
    line_h, pad = round(size * 1.35), round(size * 0.3)
    pages: list[Image.Image] = []
    page = draw = None
    y = height

    def new_page():
        nonlocal page, draw, y
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        pages.append(page)
        y = margin

    def wrap(text: str, room: float) -> list[str]:
        lines, current = [], ""
        for ch in text:
            if current and font.getlength(current + ch) > room:
                # a closing mark never starts a line (as word processors and browsers break
                # Chinese): the character before it comes down with it
                keep = -1 if ch in _NO_LINE_START and len(current) > 1 else len(current)
                lines.append(current[:keep])
                current = current[keep:]
            current += ch
        return [*lines, current] if current or not lines else lines

    inner = width - 2 * margin
    for kind, payload in blocks:
        if kind == "p":
            for piece in wrap(payload, inner):
                if y + line_h > height - margin:
                    new_page()
                draw.text((margin, y), piece, font=font, fill=0)
                y += line_h
            y += pad
            continue
        columns = max(len(r) for r in payload)
        wants = [max(1.0, max((font.getlength(r[i]) for r in payload if i < len(r) - 1 or len(r) == columns),
                              default=size)) for i in range(columns)]
        figures = [max((font.getlength(r[i]) + 2 * pad for r in payload if i < len(r) and _numeric(r[i])), default=0)
                   for i in range(columns)]
        texts = [any(i < len(r) and r[i] and not _numeric(r[i]) for r in payload) for i in range(columns)]
        # as a browser lays out the table: a column of figures only is as wide as its widest (a figure never
        # wraps), an empty one as its padding (not a sliver where its two rules run into one); the columns
        # holding text share the rest, each at least as wide as its figures
        fixed = [0.0 if t else (f or 3 * pad) for t, f in zip(texts, figures)]
        share = [min(w, inner * 0.45) if t else 0.0 for w, t in zip(wants, texts)]
        scale = max(0.0, inner - sum(fixed)) / max(1.0, sum(share))
        edges = [margin]
        for w, n, f in zip(share, fixed, figures):
            edges.append(edges[-1] + (n or max(w * scale, f)))
        for row in payload:
            spans = [(edges[i], edges[i + 1] if i < len(row) - 1 else edges[-1]) for i in range(len(row))]
            wrapped = [[cell] if _numeric(cell) else wrap(cell, b - a - 2 * pad) for cell, (a, b) in zip(row, spans)]
            row_h = max(len(w) for w in wrapped) * line_h + 2 * pad
            if page is None or y + row_h > height - margin:
                new_page()
            for cell, lines, (a, b) in zip(row, wrapped, spans):
                draw.rectangle((round(a), y, round(b), y + row_h), outline=0, width=2)
                numeric = _numeric(cell)
                for k, piece in enumerate(lines):
                    x = b - pad - font.getlength(piece) if numeric else a + pad
                    draw.text((round(x), y + pad + k * line_h), piece, font=font, fill=0)
            y += row_h
        y += line_h
    return pages


_NO_LINE_START = set("。，、；：？！）》」』】〉”’%.,;:?!)")


def _numeric(cell: str) -> bool:
    """A figure (scan.py's `td.num`: right-aligned, never wrapped)."""
    return cell.replace(",", "").replace(".", "").replace("%", "").replace("-", "").isdigit()


def _sc_index(font_path: Path) -> int:
    """The face of a .ttc collection that is the simplified-Chinese one (Noto CJK: SC), else 0."""
    if font_path.suffix.lower() != ".ttc":
        return 0
    for index in range(10):
        try:
            face = ImageFont.truetype(str(font_path), 10, index=index)
        except OSError:
            break
        if face.getname()[0].endswith(" SC"):
            return index
    return 0
