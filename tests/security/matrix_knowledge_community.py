"""The role x action matrix rows for the knowledge base community actions
(thread to article, feedback, follows), gathered by test_role_matrix."""

KNOWLEDGE_COMMUNITY_ACTIONS = []
