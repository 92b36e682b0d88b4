"""Input limits in one place, checked before anything is rendered or stored."""

TITLE_MIN_LENGTH = 8
TITLE_MAX_LENGTH = 150
BODY_MIN_LENGTH = 2
BODY_MAX_LENGTH = 20_000
TAGS_MAX_COUNT = 5
TAG_MAX_LENGTH = 30
SLUG_MAX_LENGTH = 80

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20

# A second identical submission by the same author within this many seconds is the
# same post (a double click or a resent form), not a new one.
DUPLICATE_SUBMIT_SECONDS = 30
