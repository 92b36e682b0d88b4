"""Product: moderation, private messages, deflection, search, helpdesk,
notifications and attachments (knobs the apps read when used)."""

from django.core.exceptions import ImproperlyConfigured

from community.environment import rate_limits_from_env
from community.settings.base import PRODUCTION, env

# --- Moderation and response times -----------------------------------------
# Product knobs, read when used (tests and operators may change them at run time).

# The response target: a question should have a first reply within this time.
FIRST_RESPONSE_TARGET_MINUTES = env.int("FIRST_RESPONSE_TARGET_MINUTES", default=60)
# A post flagged by this many different members is hidden until a moderator looks.
MODERATION_FLAGS_TO_HIDE = env.int("MODERATION_FLAGS_TO_HIDE", default=3)
# Accounts younger than this many days wait for approval until this many of their
# posts have been approved (0 in either switches premoderation off).
MODERATION_APPROVAL_ACCOUNT_DAYS = env.int(
    "MODERATION_APPROVAL_ACCOUNT_DAYS", default=7
)
MODERATION_APPROVAL_FIRST_POSTS = env.int("MODERATION_APPROVAL_FIRST_POSTS", default=1)
# An account's first day: stricter flood limits, and posts with more links than
# this, or submitted within this many seconds of the form being shown, wait.
MODERATION_NEW_ACCOUNT_HOURS = env.int("MODERATION_NEW_ACCOUNT_HOURS", default=24)
MODERATION_NEW_ACCOUNT_MAX_LINKS = env.int(
    "MODERATION_NEW_ACCOUNT_MAX_LINKS", default=2
)
MODERATION_MIN_FORM_SECONDS = env.int("MODERATION_MIN_FORM_SECONDS", default=3)
# Flood control per member and action; see community.environment for the format.
MODERATION_RATE_LIMITS = rate_limits_from_env(
    env.str("MODERATION_RATE_LIMITS", default="")
)

# --- Private messages -------------------------------------------------------
# The most members in one conversation, its starter included (read when used).
MESSAGES_MAX_PARTICIPANTS = env.int("MESSAGES_MAX_PARTICIPANTS", default=10)

# --- Social care (forum.care) -----------------------------------------------
# Read when used. The queue warns this many minutes before a target falls due.
CARE_BREACH_WARNING_MINUTES = env.int("CARE_BREACH_WARNING_MINUTES", default=15)
# Intake refuses a signed request whose timestamp is further than this from now.
CARE_INTAKE_TOLERANCE_SECONDS = env.int("CARE_INTAKE_TOLERANCE_SECONDS", default=300)
# Resolved cases keep the customer's words and handle this long, then only figures.
CARE_RETENTION_DAYS = env.int("CARE_RETENTION_DAYS", default=365)

# --- Deflection and community health ----------------------------------------
# Product knobs; forum.deflection.conf reads them when used, so tests may change
# them at run time.

DEFLECTION_IDLE_MINUTES = env.int("DEFLECTION_IDLE_MINUTES", default=30)
DEFLECTION_TICKET_WINDOW_HOURS = env.int("DEFLECTION_TICKET_WINDOW_HOURS", default=24)
DEFLECTION_RETENTION_DAYS = env.int("DEFLECTION_RETENTION_DAYS", default=90)
# Moderation audit entries older than this are deleted by `purge_expired_data`.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
DEFLECTION_MIN_JOURNEYS_PER_QUERY = env.int(
    "DEFLECTION_MIN_JOURNEYS_PER_QUERY", default=3
)
DEFLECTION_JOBS_INTERVAL_MINUTES = env.int(
    "DEFLECTION_JOBS_INTERVAL_MINUTES", default=10
)

# Thread views are added up in each process and written together this often (see
# forum.services.thread_views); 0 writes every view at once.
THREAD_VIEW_FLUSH_SECONDS = env.int("THREAD_VIEW_FLUSH_SECONDS", default=10)
# Journey events likewise, by a background thread in each process, off the request
# path (see forum.deflection.services.event_writer); 0 writes each in its request.
DEFLECTION_EVENT_FLUSH_SECONDS = env.float("DEFLECTION_EVENT_FLUSH_SECONDS", default=2)

# A search running longer than this (PostgreSQL statement_timeout) is cancelled and
# the page says "Search is taking too long"; 0 switches the bound off.
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=2000)
# Meaning as well as words (docs/search.md): the embedding model bundled with the
# wordllama package. Off, or failing to load, search ranks by words alone.
SEARCH_SEMANTIC_ENABLED = env.bool("SEARCH_SEMANTIC_ENABLED", default=True)
# Each process holds the public threads' vectors: it looks for newly indexed ones at
# most this often, and reads them all again this often (forgetting deleted threads).
SEARCH_VECTOR_REFRESH_SECONDS = env.float("SEARCH_VECTOR_REFRESH_SECONDS", default=2)
SEARCH_VECTOR_RELOAD_SECONDS = env.int("SEARCH_VECTOR_RELOAD_SECONDS", default=300)
# A query's ranking (ids and scores, not pages) is kept this long, retired at once by
# any change to the index; the next page, the widget and the suggestions read it.
# 0 ranks every search afresh.
SEARCH_RANKING_CACHE_SECONDS = env.int("SEARCH_RANKING_CACHE_SECONDS", default=60)
# After `migrate`, index every thread that has no search document (all of them after
# an upgrade that changes what is indexed); off: run `rebuild_search_index` yourself.
SEARCH_INDEX_ON_MIGRATE = env.bool("SEARCH_INDEX_ON_MIGRATE", default=True)

# Where tickets from the contact form go: a signed webhook, else e-mail.
HELPDESK_WEBHOOK_URL = env.str("HELPDESK_WEBHOOK_URL", default="")
HELPDESK_WEBHOOK_SECRET = env.str("HELPDESK_WEBHOOK_SECRET", default="")
HELPDESK_EMAIL = env.str("HELPDESK_EMAIL", default="")
# The helpdesk sends this in `Authorization: Token ...` to report tickets it made.
HELPDESK_API_TOKEN = env.str("HELPDESK_API_TOKEN", default="")
if PRODUCTION and HELPDESK_WEBHOOK_URL and not HELPDESK_WEBHOOK_SECRET:
    raise ImproperlyConfigured(
        "HELPDESK_WEBHOOK_SECRET is required when HELPDESK_WEBHOOK_URL is set."
    )
# --- Helpdesk tickets matched by customer identity ---
# The helpdesk may name the customer instead of the journey; identities are
# compared as HMAC-SHA256 digests keyed with this (default: derived from
# SECRET_KEY). After changing it, run `manage.py sync_member_identities`.
DEFLECTION_IDENTITY_KEY = env.str("DEFLECTION_IDENTITY_KEY", default="")
# The SSO claim (read from SocialAccount.extra_data) holding the customer account
# number; empty: account numbers match nobody.
SSO_ACCOUNT_NUMBER_CLAIM = env.str("SSO_ACCOUNT_NUMBER_CLAIM", default="")

# --- Notifications and reputation -------------------------------------------
# Product knobs, read when used (so tests may change them at run time).

# An asker whose question has replies but no accepted solution after this many days
# gets one reminder.
ACCEPT_REMINDER_DAYS = env.int("ACCEPT_REMINDER_DAYS", default=3)
# How long the unsubscribe link in a notification e-mail keeps working.
NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS = env.int(
    "NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS", default=90
)
# Attempts at delivering one notification e-mail before it is marked failed.
NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = env.int(
    "NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", default=5
)

# --- Reply by e-mail -----------------------------------------------------------
# Read when used (docs/reply-by-email.md). The domain of reply addresses,
# reply+<token>@<domain>; unset, notification e-mails carry no reply address and
# the inbound endpoint answers 404.
REPLY_BY_EMAIL_DOMAIN = env.str("REPLY_BY_EMAIL_DOMAIN", default="")
# How long a reply address keeps working after its notification was sent.
REPLY_BY_EMAIL_MAX_AGE_DAYS = env.int("REPLY_BY_EMAIL_MAX_AGE_DAYS", default=30)
# Mailgun's webhook signing key (POST /mail/inbound/mailgun/ is refused without it).
REPLY_BY_EMAIL_MAILGUN_SIGNING_KEY = env.str(
    "REPLY_BY_EMAIL_MAILGUN_SIGNING_KEY", default=""
)
# How far a signed post's timestamp may be from now (older ones are replays).
REPLY_BY_EMAIL_TOLERANCE_SECONDS = env.int(
    "REPLY_BY_EMAIL_TOLERANCE_SECONDS", default=300
)
# Refusal e-mails one member gets per day at most (a loop with a mail robot, or
# someone forging their address, must not flood their mailbox).
REPLY_BY_EMAIL_REFUSALS_PER_DAY = env.int("REPLY_BY_EMAIL_REFUSALS_PER_DAY", default=5)

# --- Uploads: attachments and avatars ----------------------------------------
# Product knobs, read when used (forum.attachments.conf).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=8 * 1024 * 1024)
ATTACHMENT_MAX_PIXELS = env.int("ATTACHMENT_MAX_PIXELS", default=40_000_000)
ATTACHMENT_IMAGE_MAX_EDGE = env.int("ATTACHMENT_IMAGE_MAX_EDGE", default=2048)
ATTACHMENT_THUMBNAIL_EDGE = env.int("ATTACHMENT_THUMBNAIL_EDGE", default=640)
ATTACHMENTS_PER_POST = env.int("ATTACHMENTS_PER_POST", default=5)
ATTACHMENT_DAILY_QUOTA = env.int("ATTACHMENT_DAILY_QUOTA", default=30)
ATTACHMENT_FIRST_DAY_QUOTA = env.int("ATTACHMENT_FIRST_DAY_QUOTA", default=5)
ATTACHMENT_ALLOWED_KINDS = env.list(
    "ATTACHMENT_ALLOWED_KINDS", default=["image", "pdf", "text"]
)
