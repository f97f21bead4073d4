"""Fixed exit codes of the ``safeguard`` command, documented in the README."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # ran; nothing at or above --min-level (scan), or the command succeeded
    ALERTS = 1  # scan ran and found conversations at or above --min-level
    USAGE = 2  # bad options or arguments (click's own code)
    INPUT_ERROR = 3  # an input file could not be read or a record was invalid
    PARTIAL = 4  # --skip-bad skipped records; the rest were scanned
    DATA_ERROR = 5  # a packaged data file (lexicon, taxonomy, agencies) failed validation
    CLUSTER_ERROR = 6  # batch: Ray could not be started or the cluster could not be reached
    INTERNAL = 70  # a bug: please report it
