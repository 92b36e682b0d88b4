"""Everything that writes in the idea exchange, one module per subject."""
