"""The base learners stacked by ``safeguard train``, one small class each.

Every learner turns a :class:`~safeguard.learn.training_data.Table` into features once
(:meth:`Learner.prepare`), fits on some of its rows and scores any rows. All are linear:

    NgramLearner      hashed word/pair/character n-grams (the cascade's first stage)
    TfidfLearner      hashed word and character TF-IDF (what the baseline has, and more)
    EmbeddingLearner  MiniLM pieces pooled as [mean | max]
    PieceLearner      MiniLM per piece, the piece scores averaged over the text
    BaselineLearner   vocabulary TF-IDF of words and word pairs: the baseline, not stacked
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.ngram import NgramFeaturiser
from safeguard.learn.tfidf import TfidfFeatures
from safeguard.learn.training_data import Table

Scores = NDArray[np.float64]
Rows = NDArray[np.intp]


def fit_logistic(
    x: Any, y: NDArray[np.int_], w: NDArray[np.float64], c: float, solver: str
) -> tuple[NDArray[np.float32], float]:
    """Weighted L2 logistic regression; coefficients and intercept (seeded, deterministic)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, solver=solver, random_state=0)
    model.fit(x, y, sample_weight=w)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


@dataclass(frozen=True, slots=True, eq=False)
class Fitted:
    """A fitted learner: its scorer of (features of a table, rows), and its linear weights."""

    score: Callable[[Any, Rows], Scores]
    coef: NDArray[np.float32] | None = None
    bias: float = 0.0


class Learner(ABC):
    """Features of a table, a fit on some rows, scores of any rows."""

    name: str

    @abstractmethod
    def prepare(self, table: Table) -> Any:
        """Features of every row of ``table`` (computed once per table)."""

    @abstractmethod
    def fit(self, table: Table, features: Any, rows: Rows) -> Fitted:
        """Fit on ``rows``."""


class _LinearOnRows(Learner):
    c: float
    solver: str

    def fit(self, table: Table, features: Any, rows: Rows) -> Fitted:
        coef, bias = fit_logistic(
            features[rows], table.labels[rows], table.weights[rows], self.c, self.solver
        )

        def score(x: Any, r: Rows) -> Scores:
            result: Scores = np.asarray(x[r] @ coef + bias, dtype=np.float64)
            return result

        return Fitted(score, coef, bias)


class NgramLearner(_LinearOnRows):
    name = "ngram"

    def __init__(self, featuriser: NgramFeaturiser, c: float = 1.0) -> None:
        self.featuriser, self.c, self.solver = featuriser, c, "liblinear"

    def prepare(self, table: Table) -> Any:
        return self.featuriser.transform(table.texts)


class TfidfLearner(_LinearOnRows):
    name = "tfidf"

    def __init__(self, features: TfidfFeatures, c: float = 4.0) -> None:
        self.features, self.c, self.solver = features, c, "liblinear"

    def prepare(self, table: Table) -> Any:
        return self.features.transform(table.texts)


class EmbeddingLearner(_LinearOnRows):
    name = "embedding"

    def __init__(self, c: float = 1.0) -> None:
        self.c, self.solver = c, "lbfgs"

    def prepare(self, table: Table) -> Any:
        return table.pooled


class PieceLearner(Learner):
    """A head on single pieces (each labelled and weighted as its text), averaged per text."""

    name = "pieces"

    def __init__(self, c: float = 1.0) -> None:
        self.c = c

    def prepare(self, table: Table) -> Any:
        return table.pieces

    def fit(self, table: Table, features: Any, rows: Rows) -> Fitted:
        pieces = features
        chosen = np.zeros(pieces.n_texts, dtype=bool)
        chosen[rows] = True
        keep = chosen[pieces.owner]
        owners = pieces.owner[keep]
        per_text = np.bincount(owners, minlength=pieces.n_texts).astype(np.float64)
        w = table.weights[owners] / per_text[owners]
        coef, bias = fit_logistic(
            pieces.vectors[keep], table.labels[owners], w * len(w) / w.sum(), self.c, "lbfgs"
        )

        def score(p: Any, r: Rows) -> Scores:
            per_piece = (p.vectors @ coef + bias).astype(np.float32)
            result: Scores = p.reduce_scores(per_piece, "mean")[r].astype(np.float64)
            return result

        return Fitted(score, coef, bias)


class BaselineLearner(Learner):
    """TF-IDF (word 1-2-grams, vocabulary from the fitted rows) + logistic regression."""

    name = "baseline_tfidf_lr"

    def prepare(self, table: Table) -> Any:
        return table.texts

    def fit(self, table: Table, features: Any, rows: Rows) -> Fitted:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectoriser = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
        model = LogisticRegression(C=1.0, max_iter=3000)
        texts = [features[i] for i in rows]
        model.fit(vectoriser.fit_transform(texts), table.labels[rows], table.weights[rows])

        def score(texts_of: Any, r: Rows) -> Scores:
            x = vectoriser.transform([texts_of[i] for i in r])
            result: Scores = model.decision_function(x).astype(np.float64)
            return result

        return Fitted(score)
