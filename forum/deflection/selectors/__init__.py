"""What the deflection pages read."""
