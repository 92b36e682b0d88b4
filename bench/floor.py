"""The floor: what bare Django does for the same content as the thread page. Two
queries (the thread, then 20 posts with their authors) and a bare template; the
benchmark reports every page's throughput as a ratio to this."""

from django.shortcuts import get_object_or_404, render

from forum.models import Post, Thread


def floor(request, thread_id: int):
    thread = get_object_or_404(Thread, pk=thread_id)
    posts = list(
        Post.objects.filter(thread_id=thread.pk)
        .select_related("author")
        .order_by("created_at", "id")[:20]
    )
    return render(request, "bench/floor.html", {"thread": thread, "posts": posts})
