from django.urls import include, path


def broken_view(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("community.urls")),
]
