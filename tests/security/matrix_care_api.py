"""The role x action matrix rows for the care desk (API), gathered
by test_role_matrix."""

CARE_API_ACTIONS = []
