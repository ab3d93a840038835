"""Routes of the Candidio-style ``/v1`` dialect."""
