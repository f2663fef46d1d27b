#!/usr/bin/env bash
# The optional OCR engine for scanned PDFs: tesseract with the chi_sim model
# (Debian packages). Does nothing when it is already there; says so and
# carries on when it cannot install (not root, no apt-get): the OCR tests then skip.
set -u
if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    pkgs="tesseract-ocr tesseract-ocr-chi-sim"
    (apt-get install -y -q $pkgs || (apt-get update -q && apt-get install -y -q $pkgs)) >/tmp/install-ocr.log 2>&1 \
        || echo "install-ocr: apt-get failed, see /tmp/install-ocr.log; scanned-PDF tests will skip" >&2
else
    echo "install-ocr: install tesseract-ocr-chi-sim with your package manager to read scanned PDFs" >&2
fi
exit 0
