from django import forms

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"bio": "A few words about you; shown on your profile."}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=60,
        help_text="What the token is for, e.g. “Help widget on our intranet”.",
    )
