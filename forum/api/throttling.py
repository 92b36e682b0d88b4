from rest_framework.throttling import UserRateThrottle


class WriteThrottle(UserRateThrottle):
    """A tighter budget for writes than for reads, per member."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
