from django.urls import path

from forum.care.views import desk

urlpatterns = [
    path("", desk.queue, name="queue"),
    path("c/<str:reference>/", desk.case, name="case"),
    path("c/<str:reference>/claim/", desk.claim, name="claim"),
    path("c/<str:reference>/assign/", desk.assign, name="assign"),
    path("c/<str:reference>/reply/", desk.reply, name="reply"),
    path("c/<str:reference>/note/", desk.note, name="note"),
    path("c/<str:reference>/status/", desk.status, name="status"),
    path("c/<str:reference>/priority/", desk.priority, name="priority"),
    path("c/<str:reference>/tags/", desk.tags, name="tags"),
]
