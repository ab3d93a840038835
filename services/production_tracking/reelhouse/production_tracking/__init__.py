"""Reelhouse production_tracking service: Projects, productions, shots, assets-as-entities, tasks, comments, casting."""
