from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import ExpertCertification, Role, User
from forum.markdown import render_markdown
from forum.models import Board, BoardKind, Category, Post, Thread

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.LazyAttribute(lambda user: user.username.title())
    role = Role.CUSTOMER
    # An established member: new accounts' posts wait for approval, so tests about
    # new accounts pass ``date_joined=timezone.now()`` (or use ``NewUserFactory``).
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


class NewUserFactory(UserFactory):
    """A member who signed up just now."""

    date_joined = factory.LazyFunction(timezone.now)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    description = "Questions about things."
    kind = BoardKind.QUESTIONS


class ExpertCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertCertification

    user = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    title = "Expert"


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its first post; pass ``body=`` for the question text."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do I fix problem number {n}?")
    slug = factory.LazyAttribute(lambda thread: slugify(thread.title)[:80])

    @factory.post_generation
    def body(thread, create, extracted, **kwargs):
        if not create:
            return
        post = PostFactory(
            thread=thread,
            author=thread.author,
            body=extracted or "Here is what I tried so far.",
            created_at=thread.created_at,
        )
        thread.first_post = post
        thread.save(update_fields=["first_post"])


class PostFactory(factory.django.DjangoModelFactory):
    """A post; replies made this way do not touch the thread's counters (use
    ``forum.services.post_reply`` when the counters matter)."""

    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "Have you tried restarting the modem?"
    body_html = factory.LazyAttribute(lambda post: render_markdown(post.body))


# --- Knowledge base (forum.knowledge) ---------------------------------------------


class ArticleCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.ArticleCategory"

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article straight into a state (``state=``), without its version rows:
    use ``forum.knowledge.services`` when the workflow or history matter."""

    class Meta:
        model = "knowledge.Article"

    category = factory.SubFactory(ArticleCategoryFactory)
    title = factory.Sequence(lambda n: f"How to set up service number {n}")
    slug = factory.LazyAttribute(lambda article: slugify(article.title)[:80])
    summary = "The steps, in order."
    body = "1. Restart the modem.\n2. Check the lights."
    body_html = factory.LazyAttribute(lambda article: render_markdown(article.body))
    owner = factory.SubFactory(UserFactory)
    created_by = factory.LazyAttribute(lambda article: article.owner)
    state = "published"
    published_at = factory.LazyAttribute(
        lambda article: timezone.now() if article.state == "published" else None
    )
    last_reviewed_at = factory.LazyAttribute(lambda article: article.published_at)


# --- Idea exchange (forum.ideas) ---------------------------------------------------


class IdeaBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ideas.IdeaBoard"

    name = factory.Sequence(lambda n: f"Idea board {n}")
    slug = factory.Sequence(lambda n: f"idea-board-{n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea with no votes; counters are the services' (``forum.ideas.services``)."""

    class Meta:
        model = "ideas.Idea"

    board = factory.SubFactory(IdeaBoardFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Let us choose idea number {n}")
    slug = factory.LazyAttribute(lambda idea: slugify(idea.title)[:80])
    body = "It would save everyone a call."
    body_html = factory.LazyAttribute(lambda idea: render_markdown(idea.body))


class IdeaCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ideas.IdeaComment"

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Yes please, I would use this every week."
    body_html = factory.LazyAttribute(lambda comment: render_markdown(comment.body))


# --- Social care (forum.care) -------------------------------------------------------


class AgentFactory(UserFactory):
    """A support agent: works the care desk and nothing else beyond a customer."""

    username = factory.Sequence(lambda n: f"agent{n}")
    role = Role.AGENT


class CareTeamFactory(factory.django.DjangoModelFactory):
    """A team at work 8 am to 8 pm, Monday to Friday, in the site's time zone."""

    class Meta:
        model = "care.CareTeam"

    name = factory.Sequence(lambda n: f"Care team {n}")


class ConnectorFactory(factory.django.DjangoModelFactory):
    """A generic webhook connector with no team: its targets run around the clock."""

    class Meta:
        model = "care.Connector"

    name = factory.Sequence(lambda n: f"Connector {n}")
    slug = factory.Sequence(lambda n: f"connector-{n}")
    kind = "webhook"
    network = "twitter"
    inbound_secret = factory.Sequence(lambda n: f"inbound-secret-{n}-abcdefghijkl")
    outbound_secret = factory.Sequence(lambda n: f"outbound-secret-{n}-abcdefghij")


class CareContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.CareContact"

    network = "twitter"
    handle = factory.Sequence(lambda n: f"@customer{n}")
    display_name = factory.Sequence(lambda n: f"Customer {n}")


def make_case(
    *,
    connector=None,
    contact=None,
    text="My nbn drops out every night.",
    opened_at=None,
    external_id=None,
    **fields,
):
    """A case opened through the service (targets set), with its first inbound
    message, as intake files it."""
    from forum.care.models import CaseMessage, Direction
    from forum.care.services.cases import open_case

    connector = connector or ConnectorFactory()
    contact = contact or CareContactFactory(network=connector.network)
    opened_at = opened_at or timezone.now()
    case = open_case(
        connector=connector,
        contact=contact,
        opened_at=opened_at,
        subject=text[:80],
        **fields,
    )
    CaseMessage.objects.create(
        case=case,
        connector=connector,
        direction=Direction.INBOUND,
        external_id=external_id or f"m-{case.reference}",
        author_handle=contact.handle,
        author_name=contact.display_name,
        text=text,
        is_public=case.is_public,
        sent_at=opened_at,
        received_at=opened_at,
    )
    return case
