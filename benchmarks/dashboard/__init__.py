"""Dashboard benchmark: page render times with 10,000 cases on PostgreSQL."""
