"""Score conversation archives on Ray Data: ``safeguard batch``.

The driver (this machine) finds the input files and cuts them into splits; Ray actors, each
holding one scan engine built once, read their splits and assess the conversations; the
driver writes the assessments in input order, exactly as ``safeguard scan --json`` would.

Modules, in the order data flows through them:

- :mod:`~safeguard.batch.inputs` finds JSON Lines and Parquet files.
- :mod:`~safeguard.batch.parquet_layout` defines the Parquet layout and writes it.
- :mod:`~safeguard.batch.splits` cuts files into splits (byte ranges, row groups).
- :mod:`~safeguard.batch.split_reader` reads one split into conversations (in workers).
- :mod:`~safeguard.batch.split_scorer` is the Ray actor class that assesses splits.
- :mod:`~safeguard.batch.outcomes` is the row a worker returns per record.
- :mod:`~safeguard.batch.ray_cluster` starts a local Ray or connects to a cluster.
- :mod:`~safeguard.batch.batch_run` runs the job and writes the output.
- :mod:`~safeguard.batch.progress` reports progress on standard error.

Only the detection core, this package's reading and scoring modules, pyarrow and Ray are
imported in the workers; nothing here imports the web app, storage or importers at import time.
"""
