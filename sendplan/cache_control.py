"""`Cache-Control: no-store` on everything a signed-in user is sent.

Pages and downloads hold children's plans and people's names. Without this, a shared
computer's browser cache (or a proxy) keeps copies after sign-out, and the back
button shows them again. Anonymous pages (sign-in, health) are left alone.
"""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
