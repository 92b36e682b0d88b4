"""Uploaded images and files referenced from posts (``upload://<key>``)."""
