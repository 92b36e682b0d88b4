"""What the report pages and their API endpoints read."""
