"""The role x action matrix rows for the care desk (pages), gathered
by test_role_matrix."""

CARE_ACTIONS = []
