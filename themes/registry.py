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
        ("on-header", "header"),
        ("on-nav", "nav"),
        ("on-nav-current", "nav-current"),
        ("heading", "background"),
        ("heading", "surface"),
        ("on-hero", "hero"),
        ("on-badge", "badge"),
        ("on-focus", "focus"),
        ("text", "surface-alt"),
        ("text-muted", "surface-alt"),
        ("link", "surface-alt"),
        ("heading", "surface-alt"),
    )

    def css_variables(self):
        return "; ".join(f"--{name}: {value}" for name, value in self.tokens.items())


# Body text in both themes: the common Simplified Chinese sans-serif faces, then the system's.
BODY_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'

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
        "header": "#b0161c",
        "on-header": "#ffffff",
        "nav": "#8a0f14",
        "on-nav": "#ffffff",
        "nav-current": "#fdf3e1",
        "on-nav-current": "#8a0f14",
        "heading": "#8a0f14",
        "hero": "#fdf3e1",
        "on-hero": "#5a0a0d",
        "badge": "#b0161c",
        "on-badge": "#ffffff",
        "focus": "#ffd200",
        "on-focus": "#1f1a17",
        "surface-alt": "#fbf6ee",
        # formal: square corners, ruled panels, serif headings, a gold band under the masthead
        "radius": "0",
        "radius-control": "0",
        "shadow": "none",
        "panel-border-width": "1px",
        "panel-rule-width": "4px",
        "heading-rule-width": "2px",
        "header-rule-width": "5px",
        "nav-gap": "0",
        "font-heading": '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", serif',
        "font-body": BODY_FONT,
        "heading-weight": "700",
        "heading-letter-spacing": "0.06em",
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
        "header": "#ffffff",
        "on-header": "#14522f",
        "nav": "#ffffff",
        "on-nav": "#135032",
        "nav-current": "#1d6f42",
        "on-nav-current": "#ffffff",
        "heading": "#14522f",
        "hero": "#e6f4ec",
        "on-hero": "#17231c",
        "badge": "#1d6f42",
        "on-badge": "#ffffff",
        "focus": "#ffd200",
        "on-focus": "#17231c",
        "surface-alt": "#f3f8f5",
        # light: rounded cards with soft shadows instead of rules, pill-shaped controls, sans headings
        "radius": "14px",
        "radius-control": "999px",
        "shadow": "0 2px 10px rgba(20, 82, 47, 0.10)",
        "panel-border-width": "0px",
        "panel-rule-width": "0px",
        "heading-rule-width": "0px",
        "header-rule-width": "0px",
        "nav-gap": "0.4rem",
        "font-heading": BODY_FONT,
        "font-body": BODY_FONT,
        "heading-weight": "600",
        "heading-letter-spacing": "0",
    },
)

THEMES = {theme.name: theme for theme in (GOVERNMENT_RED, FRESH_GREEN)}
DEFAULT_THEME = GOVERNMENT_RED.name


def theme_choices():
    return [(theme.name, theme.label) for theme in THEMES.values()]


def get_theme(name):
    return THEMES.get(name) or THEMES[DEFAULT_THEME]
