"""Images without anyone viewing them: hashes, known-image banks, a local nudity model.

Safeguard never displays, stores or copies an image. It reads an image file once as a stream,
keeps its PDQ perceptual hash, MD5 and SHA-256, matches them against hash banks, and scores
nudity with a local model on the decoded pixels in memory.
"""
