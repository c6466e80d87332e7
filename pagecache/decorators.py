from functools import wraps

from django.utils.cache import patch_cache_control


def public_page(view):
    """Mark `view` as the same for every reader without a session: the page cache may
    store it. Browsers and proxies are told to check back (`no-cache`, with the ETag) so a
    reader never keeps an old copy either."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_cache=True)
        response.public_page = True
        return response

    return wrapper
