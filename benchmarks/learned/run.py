"""All learned-detector benchmarks: ``python -m benchmarks.learned.run``.

Writes ``bench-results/learned.json`` and refreshes the figures in the model card.
"""

from __future__ import annotations

from benchmarks.learned import (
    cascade,
    early_warning,
    embedders,
    fairness,
    heldout,
    load_memory,
    robustness,
)
from benchmarks.learned.card import refresh_card


def main() -> None:
    heldout.main()
    embedders.main()
    robustness.main()
    fairness.main()
    early_warning.main()
    cascade.main()
    load_memory.main()
    refresh_card()


if __name__ == "__main__":
    main()
