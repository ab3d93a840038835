"""Reelhouse import service: Import jobs (CSV, ShotGrid, Kitsu) and exports."""
