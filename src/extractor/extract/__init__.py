"""Extraction backends: each fills the models of `extractor.models` from a chunk."""
