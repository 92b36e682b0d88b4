import re

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import ExpertCertification, User
from forum import limits, permissions
from forum.models import Board, Thread
from forum.moderation.models import AuditAction, Flag, FlagReason
from forum.moderation.services.users import REASON_MAX_LENGTH

THREAD_ADDRESS = re.compile(r"(?:/t/)?(\d+)(?:[-/]|$)")


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What's wrong with this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what's wrong with the post.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        required=False,
        max_length=Flag.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=REASON_MAX_LENGTH
    )


class MoveForm(ReasonForm):
    to = forms.ModelChoiceField(
        label=_("Move to board"),
        queryset=Board.objects.none(),
        empty_label=_("Choose a board…"),
        error_messages={"invalid_choice": _("Choose one of the boards in the list.")},
    )

    def __init__(self, *args, user: User, thread: Thread, **kwargs):
        super().__init__(*args, **kwargs)
        # Every board is a choice, so a board the moderator may not use gets a
        # clear 403 from the service rather than "not one of the choices".
        self.fields["to"].queryset = Board.objects.exclude(pk=thread.board_id)
        self.fields["to"].help_text = gettext(
            "You need moderator rights on both boards."
        )


class MergeForm(ReasonForm):
    into = forms.CharField(
        label=_("Merge into thread"),
        max_length=300,
        help_text=_("The number or address of the thread to keep, e.g. /t/123-…"),
    )

    def clean_into(self) -> int:
        match = THREAD_ADDRESS.search(self.cleaned_data["into"].strip())
        if not match:
            raise forms.ValidationError(
                gettext("Give the number or address of a thread.")
            )
        return int(match.group(1))


class SplitForm(ReasonForm):
    posts = forms.MultipleChoiceField(
        label=_("Replies to move"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    title = forms.CharField(
        label=_("Title of the new thread"), max_length=limits.TITLE_MAX_LENGTH
    )
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.none(),
        required=False,
        empty_label=_("The same board"),
        error_messages={"invalid_choice": _("Choose one of the boards in the list.")},
    )

    def __init__(self, *args, user: User, replies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = [(str(post.pk), post) for post in replies]
        self.fields["board"].queryset = permissions.boards_moderated_by(user)


class MemberForm(ReasonForm):
    ACTIONS = [
        ("suspend", _("Suspend until a date")),
        ("ban", _("Ban (no end)")),
        ("lift", _("Lift the suspension or ban")),
    ]
    action = forms.ChoiceField(
        label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect
    )
    until = forms.DateTimeField(
        label=_("Suspended until"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class CertificationForm(forms.Form):
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.all(),
        required=False,
        empty_label=_("All boards"),
        error_messages={"invalid_choice": _("Choose one of the boards in the list.")},
    )
    title = forms.CharField(
        label=pgettext_lazy("expert title", "Title"),
        max_length=ExpertCertification.TITLE_MAX_LENGTH,
        help_text=_("Shown beside their name, such as “NBN expert”."),
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        help_text=_("Leave empty for no end."),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Moderator"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Any action")), *AuditAction.choices],
        required=False,
    )
    since = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
