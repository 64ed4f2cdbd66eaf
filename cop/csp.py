"""Content-Security-Policy: the site's pages load scripts, styles, fonts and images only from the site
itself (no inline script, no inline style, no third party), and frame only the YouTube player a visitor
asked for (eventi/includes/lettore.html). The policy is `CONTENT_SECURITY_POLICY` in the settings
(django-csp); the Wagtail admin gets `CSP_AREA_REDAZIONE`, since Wagtail's own editor still needs inline
styles (see the settings).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

PREFISSO_AREA_REDAZIONE = "/admin/"


class PoliticaContenutiMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for the Wagtail admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parti = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parti.config is None and request.path_info.startswith(PREFISSO_AREA_REDAZIONE):
            return PolicyParts(settings.CSP_AREA_REDAZIONE, parti.update, parti.replace, parti.nonce)
        return parti
