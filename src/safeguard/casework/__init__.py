"""The safeguarding casework domain: concerns, alerts, cases, decisions, referrals, audit.

Pure Python: it imports no web or database framework. Use cases live in ``handlers``
(one function per command, each taking a unit of work); storage and the web app are
adapters around it.
"""
