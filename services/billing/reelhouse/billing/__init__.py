"""Reelhouse billing service: Plans, subscriptions, cards and the account ledger."""
