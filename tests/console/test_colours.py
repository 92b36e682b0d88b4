from forum.console import colours


def test_black_on_white_is_the_largest_contrast():
    assert round(colours.contrast_ratio("#000000", "#ffffff"), 2) == 21.0


def test_contrast_is_the_same_whichever_colour_comes_first():
    forward = colours.contrast_ratio("#0b5cad", "#ffffff")
    assert forward == colours.contrast_ratio("#ffffff", "#0b5cad")
    assert 6.0 < forward < 7.0


def test_a_dark_brand_colour_gets_white_text():
    assert colours.text_on("#0b5cad") == colours.WHITE


def test_a_light_brand_colour_gets_near_black_text():
    assert colours.text_on("#ffd200") == colours.NEAR_BLACK


def test_a_brand_colour_neither_text_reads_on_gets_none():
    # A mid-tone blue: white and near-black both stay under 4.5:1 on it.
    assert colours.contrast_ratio(colours.WHITE, "#5a7cac") < 4.5
    assert colours.contrast_ratio(colours.NEAR_BLACK, "#5a7cac") < 4.5
    assert colours.text_on("#5a7cac") is None


def test_the_dark_theme_link_colour_reads_on_the_dark_background():
    for link in ("#0b5cad", "#a3161b", "#17663a", "#000000"):
        lighter = colours.lighter_for_dark_background(link)
        assert colours.contrast_ratio(lighter, colours.DARK_BACKGROUND) >= 4.5


def test_the_dark_theme_link_colour_keeps_a_light_link_as_it_is():
    assert colours.lighter_for_dark_background("#9fc7ff") == "#9fc7ff"


def test_the_stylesheet_defines_only_the_colours_that_are_set():
    css = colours.stylesheet(brand_colour="#0b5cad", link_colour="")
    assert "--brand: #0b5cad;" in css
    assert "--brand-contrast: #ffffff;" in css
    assert "--link" not in css
    assert colours.stylesheet(brand_colour="", link_colour="") == ":root {\n}\n"
