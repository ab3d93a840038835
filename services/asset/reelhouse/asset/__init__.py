"""Reelhouse asset service: File records for S3 objects: Candidio assets and Zou preview/output/attachment files."""
