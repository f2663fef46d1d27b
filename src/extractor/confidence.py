"""Field confidence: one number from everything that casts doubt on a value.

Confidence is a pure function of a field's reasons (and of a code-match score
for code/name fields), so that re-running the post-checks on saved outputs
gives the same numbers as the run that produced them.
"""

from __future__ import annotations

from functools import lru_cache

from .models import Reason

# How much one kind of doubt multiplies a field's confidence.
PENALTY = {
    Reason.number_repaired: 0.85,  # a repair that admits one reading only
    Reason.number_ambiguous: 0.5,
    Reason.cell_shifted: 0.6,
    Reason.column_inferred: 0.7,
    Reason.hierarchy_mismatch: 0.7,
    Reason.illegible: 0.3,
    Reason.missing_value: 0.6,
    Reason.unaligned: 0.4,
    Reason.sum_mismatch: 0.4,
    Reason.code_unknown: 0.4,
    Reason.name_mismatch: 0.6,
    Reason.backend_disagreement: 0.5,
    Reason.single_backend: 0.7,
    Reason.unread: 0.3,  # a number no field took: nothing says what it is, a reviewer must place it
    Reason.text_repaired: 0.7,
    Reason.llm_corrected: 0.75,  # a mended OCR typo, or a changed text: the print at its span says otherwise
    Reason.ocr_doubt: 0.75,
    Reason.text_mismatch: 0.6,  # the table or the narrative is wrong: a reviewer decides which
    Reason.template_defect: 0.6,  # the value is the document's, the printing here was damaged: a reviewer confirms
}

# Fields below this go to review. Chosen on the corruption benchmark
# (eval/bench_checks.py): every reason but a certain number repair flags on
# its own, and a certain repair is flagged once any check touches it.
FLAG_BELOW = 0.8


def confidence(reasons: list[Reason], factor: float = 1.0) -> float:
    if reasons:
        return _confidence(tuple(reasons), factor)
    return 1.0 if factor == 1.0 else round(factor, 3)  # (no doubt and no factor: most values)


@lru_cache(maxsize=4096)
def _confidence(reasons: tuple[Reason, ...], factor: float) -> float:
    value = factor
    for reason in dict.fromkeys(reasons):
        value *= PENALTY[reason]
    return round(value, 3)
