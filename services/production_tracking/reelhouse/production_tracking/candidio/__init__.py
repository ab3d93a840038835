"""The Candidio (/v1) production API of production_tracking: video series,
productions, briefs, shots, revisions, deliverables and the activity log."""
