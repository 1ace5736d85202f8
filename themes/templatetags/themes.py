"""`{% theme_style %}`: the chosen theme's design tokens and the one stylesheet every theme shares."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from themes.registry import get_theme

register = template.Library()

STYLESHEET = "themes/site.css"


@register.simple_tag
def theme_style(theme_name=None):
    """The tokens of `theme_name` (the default theme if unknown) as :root custom properties, then site.css."""
    theme = get_theme(theme_name)
    variables = theme.css_variables()
    # Tokens come from code, not from editors; font stacks need their quotes, so they are emitted
    # unescaped, which is safe as long as nothing can close the <style> element.
    if "<" in variables:
        raise ValueError(f"Theme {theme.name} has a token containing '<'.")
    return format_html(
        '<style id="theme-tokens" data-theme="{}">:root {{ {}; }}</style>\n<link rel="stylesheet" href="{}">',
        theme.name,
        mark_safe(variables),
        static(STYLESHEET),
    )
