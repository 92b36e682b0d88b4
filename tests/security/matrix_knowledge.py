"""The role x action matrix rows for forum.knowledge, gathered by test_role_matrix."""

KNOWLEDGE_ACTIONS = []
