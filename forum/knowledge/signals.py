"""What the article workflow announces, so that other parts (credit for the
answerer, notifications, search) react without the workflow knowing them.

Sent by ``forum.knowledge.services`` inside the writing transaction, after the
article row is saved; receivers that write do so in that same transaction.
"""

from django.dispatch import Signal

# sender=Article, article=<Article>, by=<User>; after a move between states:
# ``from_state`` and ``to_state`` ("draft", "in_review", "published", "archived").
article_state_changed = Signal()
# sender=Article, article=<Article>, by=<User>, version=<ArticleVersion>: a saved
# edit (a new version), whatever the state.
article_edited = Signal()
