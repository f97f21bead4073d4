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
from safeguard.core.engine import ScanEngine
from safeguard.core.errors import RecordError, SafeguardError
from safeguard.core.levels import RiskLevel


class WorkerVersionError(ClusterError):
    """A Ray worker runs a different Safeguard version from the driver."""


class SplitScorer:
    """Assesses the conversations of splits; one instance per Ray actor."""

    def __init__(
        self, *, min_level: str = "low", detail: bool = False, version: str = __version__
    ) -> None:
        self._min_level = RiskLevel.parse(min_level)
        self._detail = detail
        self._engine: ScanEngine | None = None
        # Errors raised in a Ray actor reach the driver only as text: keep a failure to start
        # and report it as an outcome of the first call instead.
        self._failure: SafeguardError | None = None
        try:
            if version != __version__:
                raise WorkerVersionError(
                    f"this Ray worker has Safeguard {__version__} but the driver has "
                    f"{version}; install the same version on every node"
                )
            from safeguard.scanning import build_default_engine

            self._engine = build_default_engine()
        except SafeguardError as error:
            self._failure = error

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Ray Data entry point: a table of split rows in, a table of outcomes out.

        A failure that stops the batch (an input this worker cannot read, an invalid data
        file, a version mismatch) is returned as a single outcome with ``fatal`` set.
        """
        outcomes: list[Outcome] = []
        for row in batch.to_pylist():
            split = Split.from_row(row)
            try:
                outcomes.extend(self.score(split))
            except SafeguardError as error:
                outcomes.append(Outcome.of_failure(split.file_index, split.first_line, error))
                break
        return outcomes_table(outcomes)

    def score(self, split: Split) -> list[Outcome]:
        """One outcome per non-blank record of ``split``, in order.

        Raises the SafeguardError that stopped this worker from starting, or InputError if
        the split cannot be read.
        """
        if self._failure is not None:
            raise self._failure
        outcomes: list[Outcome] = []
        for line, item in read_split(split):
            if isinstance(item, RecordError):
                outcomes.append(Outcome.of_error(split.file_index, line, item))
            else:
                outcomes.append(self._assess(split.file_index, line, item))
        return outcomes

    def _assess(self, file_index: int, line: int, conversation: Conversation) -> Outcome:
        assert self._engine is not None
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
