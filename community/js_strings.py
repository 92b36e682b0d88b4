"""The words site.js and composer.js show, translated on the server.

The scripts read them from one JSON data block (``templates/includes/js_strings.html``),
so there is a single catalogue and the strict content security policy needs no inline
script. Each script keeps its English text as a fallback for pages without the block.
Placeholders are ``{name}``: the scripts replace them, and word order stays the
translator's.
"""

from django.utils.translation import gettext_lazy as _

JS_STRINGS = {
    # site.js: kudos button
    "kudosGiven": _("Kudos given"),
    "giveKudos": _("Give kudos"),
    # site.js: similar questions while asking
    "inBoard": _("in {board}"),
    "knowledgeArticle": _("Knowledge article"),
    "solved": _("Solved"),
    "similarFound": _("These answers look similar:"),
    "similarNone": _("Nothing like this has been asked yet."),
    # composer.js: text put in place of an empty selection by the toolbar
    "boldText": _("bold text"),
    "italicText": _("italic text"),
    "codeText": _("code"),
    "linkText": _("link text"),
    # composer.js: preview, drafts and uploads
    "previewUnavailable": _("The preview is not available right now."),
    "hidePreview": _("Hide preview"),
    "showPreview": _("Show preview"),
    "draftRestored": _("Your unsent draft is back."),
    "uploading": _("Uploading {name}…"),
    "imageName": _("image"),
    "fileAdded": _("{name} added."),
    "uploadFailed": _("The file could not be uploaded; try again."),
}


def js_strings(request) -> dict:
    """The scripts' words in the request's language, for the js_strings include."""
    return {"js_strings": JS_STRINGS}
