"""The themes a site can choose. A theme is a set of design tokens (CSS custom properties)
applied to the same semantic templates, so every theme shows the same content the same way.

Colour pairs used for text are checked against WCAG 2.1 AA (4.5:1) by the test suite.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    tokens: dict = field(default_factory=dict)

    # (foreground token, background token) pairs that carry normal-size text.
    TEXT_PAIRS = (
        ("text", "background"),
        ("text-muted", "background"),
        ("text", "surface"),
        ("text-muted", "surface"),
        ("on-primary", "primary"),
        ("on-primary", "primary-dark"),
        ("link", "background"),
        ("link", "surface"),
        ("accent-text", "accent-soft"),
        ("on-footer", "footer"),
    )

    def css_variables(self):
        return "; ".join(f"--{name}: {value}" for name, value in self.tokens.items())


GOVERNMENT_RED = Theme(
    name="government_red",
    label=_("Government red"),
    tokens={
        "primary": "#b0161c",
        "primary-dark": "#8a0f14",
        "on-primary": "#ffffff",
        "accent": "#c8961e",
        "accent-soft": "#fdf3e1",
        "accent-text": "#6b4a00",
        "background": "#f7f4f0",
        "surface": "#ffffff",
        "border": "#e2d8cc",
        "text": "#1f1a17",
        "text-muted": "#5c534c",
        "link": "#9e1318",
        "footer": "#3a1f1f",
        "on-footer": "#f4e9e4",
        "radius": "4px",
        "font-heading": '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif',
    },
)

FRESH_GREEN = Theme(
    name="fresh_green",
    label=_("Fresh green"),
    tokens={
        "primary": "#1d6f42",
        "primary-dark": "#14522f",
        "on-primary": "#ffffff",
        "accent": "#3f9e6b",
        "accent-soft": "#e6f4ec",
        "accent-text": "#135032",
        "background": "#f3f8f5",
        "surface": "#ffffff",
        "border": "#cfe3d7",
        "text": "#17231c",
        "text-muted": "#4b5d52",
        "link": "#176238",
        "footer": "#16372a",
        "on-footer": "#e3f1e9",
        "radius": "12px",
        "font-heading": '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", sans-serif',
    },
)

THEMES = {theme.name: theme for theme in (GOVERNMENT_RED, FRESH_GREEN)}
DEFAULT_THEME = GOVERNMENT_RED.name


def theme_choices():
    return [(theme.name, theme.label) for theme in THEMES.values()]


def get_theme(name):
    return THEMES.get(name) or THEMES[DEFAULT_THEME]
