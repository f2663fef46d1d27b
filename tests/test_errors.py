"""One root for the errors the library raises on purpose (errors.py)."""

from __future__ import annotations

import pytest

from extractor.codes import CodeListError
from extractor.errors import ExtractorError
from extractor.evaluate import FixtureError
from extractor.evaluate.facts import FactsError
from extractor.ingest import IngestError, read_source
from extractor.pdf import PdfError
from extractor.provider.client import InferenceError
from extractor.provider.local import LocalServerError
from extractor.review.queue import QueueError


@pytest.mark.parametrize("error", [CodeListError, FixtureError, FactsError, IngestError, PdfError, InferenceError,
                                   LocalServerError, QueueError])
def test_every_expected_failure_is_an_extractor_error(error):
    assert issubclass(error, ExtractorError)


def test_a_caller_catches_bad_input_by_the_root(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ExtractorError, match="x.txt|binary|decode"):
        read_source(binary)
