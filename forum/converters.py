"""Path converters shared by the site's URL modules."""

import unicodedata

from django.urls import register_converter


class TagSlugConverter:
    """A tag's slug in any script: django-taggit makes them with
    ``slugify(name, allow_unicode=True)``, so they hold letters and digits of every
    alphabet, which Django's ASCII-only ``slug`` converter refuses to match or
    reverse. A slug arriving in another normal form is read as the stored one."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return unicodedata.normalize("NFKC", value)

    def to_url(self, value: str) -> str:
        return value


register_converter(TagSlugConverter, "tag_slug")
