from django import template

from notifiche.selectors import numero_non_lette

register = template.Library()


@register.inclusion_tag("notifiche/campanella.html", takes_context=True)
def campanella(context):
    """The bell of the header: a link to /notifiche/ with the unread count (one query per page)."""
    request = context.get("request")
    return {"non_lette": numero_non_lette(request) if request is not None else None}
