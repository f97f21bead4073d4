"""Benchmarks of the image path: hashing, PDQ matching at scale, nudity scoring."""
