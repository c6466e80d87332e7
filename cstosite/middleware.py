"""Site-wide HTTP policy that is configuration, not a feature of any app."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.translation import get_language_from_path


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own, looser policy (CONTENT_SECURITY_POLICY
    ["ADMIN"] in settings: CKEditor 4 needs inline scripts and styles) and the strict one
    everywhere else."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        policy = settings.CONTENT_SECURITY_POLICY
        path = request.path_info
        language = get_language_from_path(path)
        if language:  # the Russian admin, /ru/admin/
            path = path[len(language) + 1 :]
        admin = path.startswith(policy["ADMIN_URL_PREFIX"])
        if admin and not report_only and parts.config is None:
            parts.config = policy["ADMIN"]
        return parts


def client_ip(request):
    """The reader's address: the proxy's X-Real-IP when the site sits behind one (see
    SECURE_PROXY_SSL_HEADER), else the connection's own."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
    return request.META.get("REMOTE_ADDR")
