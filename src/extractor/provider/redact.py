"""Keeping secrets out of text: every message, warning and output that may carry
an endpoint's words or its URL passes through `redact`.

The secrets are the API key the run sends and the password of a base URL
(`https://user:pass@host`); the provider registers them with `remember` as it
builds its client, so `redact` knows them wherever the text ends up (an
endpoint that echoes the key in its error body, a traceback's message).
Log records are redacted as they are made, since libraries log too (instructor
logs every failed call with the endpoint's error body at ERROR).
"""

from __future__ import annotations

import logging
import threading

from ..lazyre import LazyPattern

_MASK = "***"
# Shorter values are not secrets but placeholders (local servers take any key),
# and masking them would garble ordinary words in messages.
_MIN_SECRET = 6
_PLACEHOLDERS = frozenset({"no-key"})
# scheme://userinfo@ — userinfo is anything up to the first '@' that is not a path, space or quote
_URL_USERINFO = LazyPattern(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"<>]+@")

_secrets: set[str] = set()
_lock = threading.Lock()
_make_record = None  # the log record factory in place before ours


def remember(*values: str | None) -> None:
    """Register secret values (an API key, a URL's password) for `redact`, and from then on redact
    every log record; empty, short and placeholder values are ignored."""
    global _make_record
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= _MIN_SECRET and v not in _PLACEHOLDERS)
        if _make_record is None:
            _make_record = logging.getLogRecordFactory()
            logging.setLogRecordFactory(_redacted_record)


def _redacted_record(*args, **kwargs) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: logging itself reports it when the record is emitted
        return record
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    return record


def redact(text: str) -> str:
    """`text` with every remembered secret replaced by `***` and the credentials of every URL
    in it removed (`https://user:pass@host/v1` → `https://***@host/v1`)."""
    if not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)  # a key containing another is masked whole
    for secret in secrets:
        text = text.replace(secret, _MASK)
    return _URL_USERINFO.sub(rf"\1{_MASK}@", text)
