"""Cross-fitted stacking: base learners, out-of-fold scores, calibrated combiners.

On the dev rows of a category (never its test rows): each learner is fitted ``FOLDS`` times,
each time scoring the fold it did not see, which gives every dev row an honest out-of-fold
score per learner; then it is refitted on all dev rows (the weights shipped). A combiner (a
logistic regression on out-of-fold columns, i.e. Platt-calibrated stacking) is fitted on
the out-of-fold scores of the rows it will serve.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.heads import Combiner
from safeguard.learn.learners import Fitted, Learner, Rows, Scores
from safeguard.learn.training_data import FOLDS, Table

Log = Callable[[str], None]


def cross_fit(learner: Learner, table: Table, features: Any, folds: int = FOLDS) -> Scores:
    """Out-of-fold scores of every dev row."""
    oof = np.zeros(len(table), dtype=np.float64)
    for k in range(folds):
        train = np.flatnonzero(table.folds != k)
        held = np.flatnonzero(table.folds == k)
        if len(held):
            oof[held] = learner.fit(table, features, train).score(features, held)
    return oof


def fit_combiner(
    columns: Mapping[str, NDArray[Any]], labels: NDArray[np.int_], weights: NDArray[np.float64]
) -> Combiner:
    """Logistic regression on the named score columns (its output is the probability)."""
    from sklearn.linear_model import LogisticRegression

    names = tuple(columns)
    x = np.column_stack([columns[n] for n in names])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, labels, sample_weight=weights)
    return Combiner(names, tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0]))


@dataclass(frozen=True, slots=True, eq=False)
class Stack:
    """A category's base learners: out-of-fold dev scores and the refits on all dev rows."""

    oof: dict[str, Scores]  # out-of-fold score per learner (and fixed column), dev rows
    fitted: dict[str, Fitted]  # each learner refitted on every dev row

    def combiner_on(self, inputs: Sequence[str], rows: Rows, table: Table) -> Combiner:
        """A combiner of the named inputs fitted on the out-of-fold scores of ``rows``."""
        return fit_combiner(
            {name: self.oof[name][rows] for name in inputs},
            table.labels[rows],
            table.weights[rows],
        )


def fit_stack(
    learners: Sequence[Learner],
    dev: Table,
    features: Mapping[str, Any],
    fixed: Mapping[str, Scores],
    log: Log,
) -> Stack:
    """Cross-fit every learner on ``dev`` and refit it on all of dev.

    ``fixed`` are score columns that need no fitting (exemplar contrast), one per dev row.
    """
    oof: dict[str, Scores] = {}
    fitted: dict[str, Fitted] = {}
    every = np.arange(len(dev))
    for learner in learners:
        oof[learner.name] = cross_fit(learner, dev, features[learner.name])
        fitted[learner.name] = learner.fit(dev, features[learner.name], every)
        log(f"  {learner.name}: cross-fitted")
    oof.update(fixed)
    return Stack(oof, fitted)
