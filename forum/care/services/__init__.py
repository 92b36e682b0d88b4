"""Working cases, taking messages in and sending replies out."""
