import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Site-wide roles. Certified experts are customers with certification records."""

    CUSTOMER = "customer", _("Customer")
    MODERATOR = "moderator", _("Moderator")
    MANAGER = "manager", _("Manager")
    # Works the social care desk (forum.care); moderators and managers may too.
    AGENT = "agent", _("Support agent")
    ADMINISTRATOR = "administrator", _("Administrator")


class CommunityUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        user = super().create_superuser(username, email, password, **extra_fields)
        verify_own_email(user)
        return user


def verify_own_email(user) -> bool:
    """Mark the address of an account made on the server (``createsuperuser``) as
    verified and primary: whoever runs the command vouches for it, and sign-in,
    and so /admin/, needs a verified address. Returns whether anything changed."""
    from allauth.account.models import EmailAddress

    if not user.email:
        return False
    address, created = EmailAddress.objects.get_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email.lower(), "verified": True, "primary": True},
    )
    if created or (address.verified and address.primary):
        return created
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False
    )
    address.verified = address.primary = True
    address.save(update_fields=["verified", "primary"])
    return True


class User(AbstractUser):
    """A member of the community; profile data lives on the same row."""

    DISPLAY_NAME_MAX_LENGTH = 60
    BIO_MAX_LENGTH = 500

    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Shown instead of the username when set."),
    )
    bio = models.TextField(max_length=BIO_MAX_LENGTH, blank=True)
    # One of settings.LANGUAGES, or blank to follow the browser's Accept-Language.
    # Pages and every e-mail to the member (sent later, by a job) use it.
    language = models.CharField(max_length=12, blank=True, default="")
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.CUSTOMER, db_index=True
    )

    # Denormalised from kudos and accepted solutions; kept exact by forum.services.
    reputation = models.IntegerField(default=0, editable=False)
    kudos_received = models.PositiveIntegerField(default=0, editable=False)
    solution_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)

    # Set by forum.moderation.services: a suspended or banned member still reads,
    # but permissions refuse every write (posts, kudos, flags, solutions).
    suspended_until = models.DateTimeField(null=True, blank=True, editable=False)
    is_banned = models.BooleanField(default=False, editable=False)
    suspension_reason = models.CharField(max_length=500, blank=True, editable=False)
    # Names the stored avatar set (forum.attachments.avatars); empty: initials. Pages
    # derive the picture's address from it, so showing avatars costs no query.
    avatar_key = models.CharField(max_length=32, blank=True, editable=False)
    # Set and cleared at each single sign-on from the provider's claim
    # (accounts.sso); never edited by hand, so it says what the provider said.
    verified_customer_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_customer_provider = models.CharField(
        max_length=40, blank=True, editable=False
    )

    objects = CommunityUserManager()

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        words = re.findall(r"[^\W_]+", self.name)
        letters = "".join(word[0] for word in words[:2]) or self.username[:1]
        return letters.upper()

    @property
    def avatar_colour(self) -> int:
        """One of eight stable colours for the initials avatar (a CSS class, since the
        Content-Security-Policy allows no inline styles)."""
        return (self.pk or 0) % 8

    @property
    def is_verified_customer(self) -> bool:
        return self.verified_customer_at is not None

    @property
    def is_suspended(self) -> bool:
        """Banned, or suspended until a time still in the future."""
        return self.is_banned or (
            self.suspended_until is not None and self.suspended_until > timezone.now()
        )

    @property
    def suspension_notice(self) -> str:
        """What a suspended member is told, with the reason and the end; "" if not
        suspended."""
        if not self.is_suspended:
            return ""
        if self.is_banned:
            notice = gettext("Your account is banned: you can read, but not post.")
        else:
            until = formats.date_format(
                timezone.localtime(self.suspended_until), "j F Y, H:i"
            )
            notice = gettext(
                "Your account is suspended until %(until)s: you can read, but not post."
            ) % {"until": until}
        if self.suspension_reason:
            notice += " " + gettext("Reason: %(reason)s") % {
                "reason": self.suspension_reason
            }
        return notice

    @cached_property
    def active_certifications(self) -> list["ExpertCertification"]:
        """Unexpired certifications, loaded once per user object (one query at most)."""
        now = timezone.now()
        # all() answers from a prefetch_related("certifications") when there is one.
        return [c for c in self.certifications.all() if c.is_active(now)]


class ExpertCertificationQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ExpertCertification(models.Model):
    """A user certified as an expert for one board, or for all boards (board empty)."""

    TITLE_MAX_LENGTH = 80

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    board = models.ForeignKey(
        "forum.Board",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="expert_certifications",
        help_text=_("Leave empty to certify for all boards."),
    )
    title = models.CharField(
        max_length=TITLE_MAX_LENGTH,
        help_text=_('Shown beside the name, e.g. "NBN expert".'),
    )
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ExpertCertificationQuerySet.as_manager()

    class Meta:
        ordering = ["certified_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "board"], name="one_certification_per_user_and_board"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(board__isnull=True),
                name="one_all_boards_certification_per_user",
            ),
        ]

    def __str__(self) -> str:
        scope = self.board.name if self.board_id else gettext("all boards")
        return f"{self.user} — {self.title} ({scope})"

    def is_active(self, now=None) -> bool:
        return self.expires_at is None or self.expires_at > (now or timezone.now())

    def covers(self, board) -> bool:
        return self.board_id is None or self.board_id == board.pk


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A personal API token. Only a hash of the secret is stored; the member sees the
    secret once, when it is created."""

    NAME_MAX_LENGTH = 60

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    prefix = models.CharField(max_length=12, help_text=_("Shown to tell tokens apart."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.user}"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > now
        )
