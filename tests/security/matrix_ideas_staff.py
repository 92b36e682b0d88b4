"""The role x action matrix rows for forum.ideas staff actions, gathered by
test_role_matrix."""

IDEA_STAFF_ACTIONS = []
