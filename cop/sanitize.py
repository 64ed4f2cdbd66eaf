"""The one place where HTML written by users is made safe (nh3, the maintained successor of bleach).

Every app that shows user-written HTML (practice proposals, forum posts rendered from Markdown)
calls `pulisci_html`; nothing else in the project builds its own allow-list."""

import nh3

TAG_CONSENTITI = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote"})
ATTRIBUTI_CONSENTITI = {"a": frozenset({"href"})}
# The only classes kept: a forum @mention (forum/menzioni.py), styled by the site's CSS.
CLASSI_CONSENTITE = {"strong": frozenset({"menzione"})}
SCHEMI_URL_CONSENTITI = frozenset({"http", "https", "mailto"})


def pulisci_html(html):
    """Return `html` with only the allowed tags and attributes; links get rel="nofollow noopener ugc".

    Disallowed tags are removed but their text is kept (escaped); <script> and <style> are
    dropped with their content."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=set(TAG_CONSENTITI),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTI_CONSENTITI.items()},
        url_schemes=set(SCHEMI_URL_CONSENTITI),
        allowed_classes={tag: set(classi) for tag, classi in CLASSI_CONSENTITE.items()},
        link_rel="nofollow noopener ugc",
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
