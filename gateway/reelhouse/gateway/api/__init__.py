"""Routes of the Kitsu/Zou-compatible ``/api`` dialect (what gazu drives)."""
