"""Reelhouse HTTP gateway: authenticates, validates, calls services over RPC, shapes each dialect."""
