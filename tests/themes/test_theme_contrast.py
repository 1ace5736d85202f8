"""Every theme's text colours meet WCAG 2.1 AA, and every theme fills the same tokens."""

import pytest

from themes.registry import THEMES, Theme

AA_NORMAL_TEXT = 4.5


def _channel(value):
    # WCAG 2.1 relative luminance: sRGB channel to linear light
    value = value / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(character * 2 for character in hex_colour)
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme_name", sorted(THEMES))
@pytest.mark.parametrize(("foreground", "background"), Theme.TEXT_PAIRS)
def test_text_colour_pairs_meet_wcag_aa(theme_name, foreground, background):
    tokens = THEMES[theme_name].tokens
    ratio = contrast_ratio(tokens[foreground], tokens[background])
    assert ratio >= AA_NORMAL_TEXT, (
        f"{theme_name}: {foreground} {tokens[foreground]} on {background} {tokens[background]} is {ratio:.2f}:1"
    )


def test_all_themes_define_the_same_tokens():
    names = {theme_name: set(theme.tokens) for theme_name, theme in THEMES.items()}
    reference = next(iter(names.values()))
    for theme_name, tokens in names.items():
        assert tokens == reference, f"{theme_name} differs: {sorted(tokens ^ reference)}"


def test_every_text_pair_names_defined_tokens():
    for theme in THEMES.values():
        for foreground, background in Theme.TEXT_PAIRS:
            assert foreground in theme.tokens and background in theme.tokens
