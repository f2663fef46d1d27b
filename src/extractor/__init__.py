"""extractor: checked data from OCR text of Chinese government budget disclosures."""

__version__ = "0.1.0"
