"""Reelhouse identity service: Persons, passwords, sessions and tokens, activation, roles."""
