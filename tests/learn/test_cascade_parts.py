"""The cascade's cheap parts give the same numbers as the slow reference computations."""

from __future__ import annotations

import numpy as np

from safeguard.learn.contrast_bank import ContrastBank
from safeguard.learn.exemplar_scoring import ExemplarScorer, load_exemplars
from safeguard.learn.stages import StageScorer
from safeguard.learn.static_embedder import StaticEmbedder

TEXTS = [
    "did you finish the maths homework",
    "dont tell your mum about us its our secret",
    "i'm 14 lol",
    "héllo wörld naïve café",
    "",
    "send me a pic just for me",
    "ｆｕｌｌ width letters",
]


def test_word_cached_static_encoding_equals_tokenising_whole_texts(
    static_embedder: StaticEmbedder,
) -> None:
    fast = static_embedder.encode(TEXTS * 2)
    reference = static_embedder.encode_with_tokenizer(TEXTS * 2)
    np.testing.assert_allclose(fast, reference, atol=1e-6)
    assert static_embedder.encode([]).shape == (0, static_embedder.dim)


def test_contrast_bank_gives_the_largest_exemplar_or_stage_contrast(
    static_embedder: StaticEmbedder,
) -> None:
    exemplars = ExemplarScorer.build(load_exemplars(), static_embedder)
    stages = StageScorer.build(static_embedder)
    bank = ContrastBank.build(exemplars, stages)
    vectors = static_embedder.encode(TEXTS)
    reference = np.max(
        np.column_stack(
            [exemplars.contrast(vectors, c) for c in exemplars.categories]
            + [stages.contrasts(vectors)]
        ),
        axis=1,
    )
    np.testing.assert_allclose(bank.max_contrast(vectors), reference, atol=1e-5)
    np.testing.assert_allclose(bank.max_contrast_fast(vectors), reference, atol=1e-5)
    assert bank.max_contrast(vectors[:0]).shape == (0,)
    assert bank.max_contrast_fast(vectors[:0]).shape == (0,)
