#!/usr/bin/env bash
# The optional OCR engines for scanned PDFs and images: PP-OCR (the `ocr` extra: rapidocr,
# onnxruntime, OpenCV headless; models in the wheel) and tesseract with the chi_sim model (Debian
# packages), and the CJK fonts the tests print their pages in (tests/pages.py; eval/bench_ocr.py
# --font). Each is left alone when already there; when one cannot be installed (no package index,
# not root, no apt-get) it says so and carries on: the tests that need it then skip.
set -u
cd "$(dirname "$0")/.."
if ! python -c "import rapidocr, onnxruntime, cv2" >/dev/null 2>&1; then
    pip install -q -e '.[ocr]' >/tmp/install-ocr.log 2>&1 \
        || echo "install-ocr: pip install '.[ocr]' failed, see /tmp/install-ocr.log; PP-OCR tests will skip" >&2
fi
pkgs=""
if ! (command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim); then
    pkgs="tesseract-ocr tesseract-ocr-chi-sim"
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    pkgs="$pkgs fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei"
fi
if [ -z "$pkgs" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get install -y -q $pkgs || (apt-get update -q && apt-get install -y -q $pkgs)) >>/tmp/install-ocr.log 2>&1 \
        || echo "install-ocr: apt-get $pkgs failed, see /tmp/install-ocr.log; the tests that need them will skip" >&2
else
    echo "install-ocr: install $pkgs with your package manager for the tesseract engine and the printed-page tests" >&2
fi
exit 0
