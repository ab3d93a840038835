"""Reelhouse workspace service: Workspaces (tenants), memberships, invites, industries and templates."""
