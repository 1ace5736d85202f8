"""The theme tag emits the chosen theme's tokens, falls back to the default, and 500.html stands alone."""

from django.template import Context, Template, loader

from themes.registry import DEFAULT_THEME, THEMES


def render_theme_style(name):
    return Template("{% load themes %}{% theme_style name %}").render(Context({"name": name}))


def test_theme_style_emits_every_token_of_the_chosen_theme_and_the_shared_stylesheet():
    html = render_theme_style("fresh_green")
    for token, value in THEMES["fresh_green"].tokens.items():
        assert f"--{token}: {value}" in html
    assert html.startswith("<style") and 'href="/static/themes/site.css"' in html


def test_unknown_or_missing_theme_falls_back_to_the_default():
    default_primary = THEMES[DEFAULT_THEME].tokens["primary"]
    assert f"--primary: {default_primary}" in render_theme_style("no-such-theme")
    assert f"--primary: {default_primary}" in render_theme_style("")


def test_server_error_page_renders_without_a_request_or_database():
    html = loader.get_template("500.html").render()
    assert "<html lang=" in html and 'href="/"' in html
