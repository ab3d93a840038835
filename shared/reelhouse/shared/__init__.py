"""Machinery shared by every Reelhouse service and the gateway.

Each concern has one home here: ``db`` (sessions, transactions, outbox),
``events`` (envelopes, reliable handlers), ``rpc`` (calls with timeouts),
``errors`` (the error catalogue), ``context`` (caller identity and request id),
``validation``, ``pagination``, ``ids`` and ``config``.
"""
