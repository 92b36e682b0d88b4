"""Every user-facing string is marked for translation (see tests/i18n/lint.py)."""

from tests.i18n.lint import (
    python_findings,
    template_findings,
    untranslated_python_text,
    untranslated_template_text,
)


def test_templates_have_no_untranslated_text():
    findings = template_findings()
    assert not findings, "Mark these for translation:\n" + "\n".join(map(str, findings))


def test_python_hands_no_untranslated_text_to_people():
    findings = python_findings()
    assert not findings, "Mark these for translation:\n" + "\n".join(map(str, findings))


def test_the_template_check_sees_text_and_attributes_but_not_marked_text():
    source = """{% load i18n %}{# a note #}
<h1>{% translate "Welcome" %}</h1>
<p>Unmarked words</p>
<input type="submit" value="Send">
<img alt="{% translate 'Logo' %}" src="{{ url }}">
<a title="Open it" href="/x/">{{ name }} &middot; 42</a>
{% blocktranslate trimmed %}Marked {{ n }}{% endblocktranslate %}
<script>const ignored = "code";</script><span>CSV</span>"""
    found = [
        (finding.line, finding.text) for finding in untranslated_template_text(source)
    ]
    assert found == [(3, "Unmarked words"), (4, "value='Send'"), (6, "title='Open it'")]


def test_the_python_check_sees_literals_where_people_read_them():
    source = """
from django.utils.translation import gettext as _
class Status(models.TextChoices):
    OPEN = "open", "Open"
    SHUT = "shut", _("Shut")
def view(request):
    messages.success(request, "Saved.")
    messages.error(request, _("Failed."))
    raise PermissionDenied(f"No {thing}")
    logger.info("Not for people")
    field = forms.CharField(label="Name", help_text=_("Shown"))
    return Response({"detail": "Nope."}, status=400)
"""
    found = [
        (finding.line, finding.text) for finding in untranslated_python_text(source)
    ]
    assert found == [
        (4, "Open"),
        (7, "Saved."),
        (9, "No "),
        (11, "Name"),
        (12, "Nope."),
    ]


def test_api_field_descriptions_are_left_to_the_english_schema():
    source = 'field = serializers.CharField(help_text="The thread.", label="Thread")'
    assert [f.text for f in untranslated_python_text(source, "forum/api/x.py")] == [
        "Thread"
    ]
    assert len(untranslated_python_text(source, "forum/forms.py")) == 2
