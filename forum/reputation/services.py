"""Writes about reputation: awarding badges, crediting knowledge articles."""

from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import User
from forum.reputation import KNOWLEDGE_ARTICLE_POINTS
from forum.reputation.badges import CATALOGUE
from forum.reputation.models import BadgeAward, KnowledgeCredit


@transaction.atomic
def award_badges(user: User, **facts) -> list[BadgeAward]:
    """Award every badge whose rule the member now meets and return the new awards;
    calling it again awards nothing twice (one row per member and badge)."""
    if user is None or user.pk is None:
        return []
    member = User.objects.only(
        "id", "solution_count", "kudos_received", "reputation"
    ).get(pk=user.pk)
    earned = set(BadgeAward.objects.filter(user=member).values_list("badge", flat=True))
    awarded = []
    for badge in CATALOGUE:
        if badge.slug in earned or not badge.earned(member, facts):
            continue
        try:
            with transaction.atomic():
                awarded.append(BadgeAward.objects.create(user=member, badge=badge.slug))
        except IntegrityError:
            continue  # a parallel request awarded it first
    return awarded


@transaction.atomic
def credit_knowledge_article(article) -> KnowledgeCredit | None:
    """Give the member an article is credited to (``Article.credited_to``) their
    points and badges for it, once per article whatever its later states; returns
    the credit, or None when there is nobody to credit or it was given before."""
    if article.credited_to_id is None:
        return None
    try:
        # A savepoint: a parallel publish that credited first leaves this one as
        # a no-op instead of breaking the caller's transaction.
        with transaction.atomic():
            credit = KnowledgeCredit.objects.create(
                article=article,
                user_id=article.credited_to_id,
                points=KNOWLEDGE_ARTICLE_POINTS,
            )
    except IntegrityError:
        return None
    User.objects.filter(pk=article.credited_to_id).update(
        reputation=F("reputation") + KNOWLEDGE_ARTICLE_POINTS
    )
    credit.awards = award_badges(credit.user, article_credited=True)
    return credit
