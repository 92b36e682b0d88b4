"""Everything the deflection module writes. The request-path entry points for the
forum's pages are re-exported here:

- ``record_search(request, query=..., results=..., source=...)``
- ``record_event(request, kind, thread=..., article=..., rank=...)``
- ``record_thread_view(request, thread_id)``
- ``record_article_view(request, article_id)``
"""

from forum.deflection.services.recording import (
    record_article_view,
    record_event,
    record_search,
    record_thread_view,
)

__all__ = ["record_article_view", "record_event", "record_search", "record_thread_view"]
