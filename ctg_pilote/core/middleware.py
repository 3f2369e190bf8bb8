"""No browser or proxy keeps what a signed-in person was shown (see docs/securite.md).

Every response to a signed-in person (page, HTMX partial, export, API answer to a token) gets
`Cache-Control: private, no-store`: a shared computer's back button, disk cache or a proxy
never hands their data to the next person. Anonymous pages keep their headers, so public
pages stay cacheable. The server-side page cache (core/page_cache.py) is not concerned: it
keys pages by person and revision and never leaves the server.
"""


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: the API authenticates tokens inside the view and sets the user.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replaces whatever a view said (public, max-age, immutable): nothing is stored.
            response.headers["Cache-Control"] = "private, no-store"
        return response
