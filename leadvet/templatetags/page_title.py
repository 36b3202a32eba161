"""The page's <title>: the page's own title, a separator and the site's name."""

from django import template

register = template.Library()

SITE_NAME = "LeadVET"
SEPARATOR = " – "


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # A block's content cannot be tested for emptiness in the template language, so the
        # title is rendered here: "Log in – LeadVET", or just "LeadVET" for a page without one.
        own = " ".join(self.nodelist.render(context).split())
        return f"{own}{SEPARATOR}{SITE_NAME}" if own else SITE_NAME


@register.tag
def page_title(parser, token):
    """{% page_title %}{% block title %}{% endblock %}{% endpage_title %}"""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
