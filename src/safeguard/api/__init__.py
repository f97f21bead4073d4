"""The ingestion API (``/api/v1``): services and monitoring products send messages and alerts.

Thin by design: validate the request, run the detection core incrementally, store through the
casework and ingestion repositories in one transaction, answer with the assessment.
"""
