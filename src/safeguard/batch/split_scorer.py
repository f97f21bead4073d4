"""The Ray actor class of ``safeguard batch``: builds the scan engine once, scores splits.

Ray Data makes one instance per actor (``map_batches`` with an actor pool), so the lexicon,
taxonomy and guidance load once per worker. Each call gets a batch of split descriptions and
returns one outcome per record, in order. Only the detection core runs here: the engine is
``safeguard.scanning.build_default_engine`` (text detectors, caps, guidance), the same engine
``safeguard scan --no-images`` uses.
"""

from __future__ import annotations

import orjson
import pyarrow as pa

from safeguard import __version__
from safeguard.batch.outcomes import Outcome, outcomes_table
from safeguard.batch.ray_cluster import ClusterError
from safeguard.batch.split_reader import read_split
from safeguard.batch.splits import Split
from safeguard.core.conversation import Conversation
from safeguard.core.errors import RecordError
from safeguard.core.levels import RiskLevel


class WorkerVersionError(ClusterError):
    """A Ray worker runs a different Safeguard version from the driver."""


class SplitScorer:
    """Assesses the conversations of splits; one instance per Ray actor."""

    def __init__(
        self, *, min_level: str = "low", detail: bool = False, version: str = __version__
    ) -> None:
        if version != __version__:
            raise WorkerVersionError(
                f"this Ray worker has Safeguard {__version__} but the driver has {version}; "
                "install the same version on every node"
            )
        from safeguard.scanning import build_default_engine

        self._engine = build_default_engine()
        self._min_level = RiskLevel.parse(min_level)
        self._detail = detail

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Ray Data entry point: a table of split rows in, a table of outcomes out."""
        outcomes: list[Outcome] = []
        for row in batch.to_pylist():
            outcomes.extend(self.score(Split.from_row(row)))
        return outcomes_table(outcomes)

    def score(self, split: Split) -> list[Outcome]:
        """One outcome per non-blank record of ``split``, in order."""
        outcomes: list[Outcome] = []
        for line, item in read_split(split):
            if isinstance(item, RecordError):
                outcomes.append(Outcome.of_error(split.file_index, line, item))
            else:
                outcomes.append(self._assess(split.file_index, line, item))
        return outcomes

    def _assess(self, file_index: int, line: int, conversation: Conversation) -> Outcome:
        assessment = self._engine.assess(conversation)
        output = None
        if assessment.risk >= self._min_level:
            output = orjson.dumps(assessment.to_dict(detail=self._detail)).decode()
        return Outcome(
            file_index=file_index,
            line=line,
            conversation_id=conversation.id,
            messages=len(conversation.messages),
            images=_image_attachments(conversation),
            risk=assessment.risk.value,
            output=output,
        )


def _image_attachments(conversation: Conversation) -> int:
    return sum(
        1
        for message in conversation.messages
        for attachment in message.attachments
        if attachment.type == "image" and attachment.path
    )
