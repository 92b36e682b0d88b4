from django.urls import path, re_path

from forum.moderation.views import people, posts, threads

app_name = "moderation"

POST_ACTIONS = "|".join(posts.POST_ACTIONS)
THREAD_ACTIONS = "|".join(threads.THREAD_ACTIONS)

urlpatterns = [
    path("", posts.queue, name="queue"),
    path("log/", people.audit_log, name="audit_log"),
    path("response-times/", people.response_times, name="response_times"),
    path("unanswered/", people.unanswered, name="unanswered"),
    path("posts/<int:post_id>/revisions/", posts.revisions, name="revisions"),
    re_path(
        rf"^posts/(?P<post_id>[0-9]+)/(?P<action>{POST_ACTIONS})/$",
        posts.post_action,
        name="post_action",
    ),
    path("threads/<int:thread_id>/move/", threads.move, name="move"),
    path("threads/<int:thread_id>/merge/", threads.merge, name="merge"),
    path("threads/<int:thread_id>/split/", threads.split, name="split"),
    re_path(
        rf"^threads/(?P<thread_id>[0-9]+)/(?P<action>{THREAD_ACTIONS})/$",
        threads.thread_action,
        name="thread_action",
    ),
    path("members/<str:username>/", people.member, name="member"),
    path("members/<str:username>/experts/", people.experts, name="experts"),
]
