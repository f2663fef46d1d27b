#!/usr/bin/env bash
# A headless browser for the HTML report's test (tests/test_html.py): Chromium from the
# Debian packages. Does nothing when it is already there; says so and carries on when it
# cannot install (not root, no apt-get): the browser test then skips. Never downloads a
# browser from anywhere else.
set -u
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)) >/tmp/install-chromium.log 2>&1 \
        || echo "install-chromium: apt-get failed, see /tmp/install-chromium.log; the HTML report's browser test will skip" >&2
else
    echo "install-chromium: install chromium with your package manager to test the HTML report in a browser" >&2
fi
exit 0
