"""The managers' report family beside the deflection report: community health and
engagement, search, and the scheduled summaries e-mailed to managers."""
