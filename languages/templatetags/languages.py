from django import template

from languages import switcher

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """`{% language_links as languages %}`: this page in every language (languages.switcher)."""
    request = context.get("request")
    if request is None:
        return []
    return switcher.links(request, context.get("language_urls"))
