"""The role x action matrix rows for forum.ideas, gathered by test_role_matrix."""

IDEA_ACTIONS = []
