"""Search, journey events and the managers' report data: the API doorways into
forum.search and forum.deflection (the helpdesk's is ``forum.api.helpdesk``).

Widgets that can't keep cookies carry their journey as the opaque ``journey`` token
each answer returns; browsers on the site's own origin keep using the cookie.
"""

from dataclasses import asdict

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import permissions
from forum.api.params import check_boolean, check_not_empty, whole_number
from forum.api.serializers import StrictSerializer, ThreadSerializer
from forum.deflection import services as deflection
from forum.deflection.forms import ReportFilterForm
from forum.deflection.models import EventKind, EventSource
from forum.deflection.selectors.dashboard import deflection_report
from forum.deflection.services import journey_store
from forum.knowledge.models import Article, ArticleState
from forum.permissions import articles_visible_to, threads_visible_to
from forum.search import search_threads
from forum.search.documents import DOCUMENT_KINDS
from forum.search.forms import SearchForm

WIDGET_EVENTS = {
    EventKind.RESULT_CLICK,
    EventKind.THREAD_VIEW,
    EventKind.ARTICLE_VIEW,
    EventKind.HELPFUL_YES,
    EventKind.HELPFUL_NO,
}


def _use_journey(request, token: str) -> None:
    try:
        journey_store.use_token(request._request, token)
    except journey_store.InvalidJourneyToken:
        message = _("Unknown or forged journey token.")
        raise ValidationError({"journey": [message]}) from None


class SearchArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The article's page.")
    category = serializers.CharField(help_text="The article's category, by name.")


class SearchHitSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    type = serializers.ChoiceField(
        choices=DOCUMENT_KINDS,
        help_text="Which of `thread` and `article` is set (the other is null).",
    )
    thread = ThreadSerializer(allow_null=True)
    article = SearchArticleSerializer(
        allow_null=True, help_text="A published knowledge article."
    )
    title_html = serializers.CharField(help_text="HTML: matches wrapped in <mark>.")
    snippet = serializers.CharField(help_text="HTML: matches wrapped in <mark>.")
    recommended = serializers.BooleanField(
        help_text="Promoted for this query by a manager: shown first."
    )


class SearchAnswerSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestion = serializers.CharField(
        allow_blank=True,
        help_text="The query with misspelt words corrected (“Did you mean”), or ''.",
    )
    total = serializers.IntegerField()
    total_is_capped = serializers.BooleanField()
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    results = SearchHitSerializer(many=True)
    journey = serializers.CharField(
        help_text="Pass back as `journey` with later searches and events."
    )


def _check_search_params(params) -> None:
    """The typed parameters are what the schema says, or a 400 naming them (the
    search page instead reads any link as well as it can)."""
    check_boolean(params, "solved")
    if "page" in params:
        whole_number(params["page"], name="page")


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="What to look for."),
            OpenApiParameter("board", str, description="A board's slug."),
            OpenApiParameter("solved", bool, description="`true` or `false`."),
            OpenApiParameter("tag", str, description="A tag's slug or name."),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter("journey", str, description="A token from an answer."),
        ],
        responses=SearchAnswerSerializer,
    )
    def get(self, request):
        """Search threads and knowledge articles (the same ranking as the search
        page: every word helps, typos and synonyms count, meaning too), logged on
        the visitor's journey like the search page."""
        _check_search_params(request.query_params)
        if request.query_params.get("journey"):
            _use_journey(request, request.query_params["journey"])
        arguments = SearchForm(request.query_params).search_arguments()
        results = search_threads(**arguments) if arguments["query"] else None
        if results is not None:
            deflection.record_search(
                request._request,
                query=arguments["query"],
                results=results,
                source=EventSource.API,
                board=arguments["board"],
            )
        hits = results.hits if results else []
        # The search page shows no authors, so the engine does not load them.
        prefetch_related_objects([hit.thread for hit in hits if hit.thread], "author")
        context = {"request": request}
        return Response(
            {
                "query": arguments["query"],
                "suggestion": results.suggestion if results else "",
                "total": results.total if results else 0,
                "total_is_capped": bool(results and results.total_is_capped),
                "page": arguments["page"],
                "has_next": bool(results and results.has_next),
                "results": [
                    {
                        "rank": (results.first_rank + index),
                        "type": hit.kind,
                        "thread": ThreadSerializer(hit.thread, context=context).data
                        if hit.thread
                        else None,
                        "article": _article_data(hit.article) if hit.article else None,
                        "title_html": str(hit.title_html),
                        "snippet": str(hit.snippet),
                        "recommended": hit.promoted,
                    }
                    for index, hit in enumerate(hits)
                ],
                "journey": journey_store.token(request._request),
            }
        )


def _article_data(article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.get_absolute_url(),
        "category": article.category.name,
    }


class EventSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=sorted(WIDGET_EVENTS))
    thread = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The thread clicked, viewed or answered about; or give ``article``.",
    )
    article = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The published knowledge article clicked, viewed or answered "
        "about (``article_view`` needs one); or give ``thread``.",
    )
    rank = serializers.IntegerField(min_value=1, max_value=999, required=False)
    journey = serializers.CharField(required=False, max_length=4000)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if ("thread" in attrs) == ("article" in attrs):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give either a thread or an article.")]}
            )
        if attrs["kind"] == EventKind.ARTICLE_VIEW and "article" not in attrs:
            raise serializers.ValidationError(
                {"article": [_("An article view names its article.")]}
            )
        if attrs["kind"] == EventKind.THREAD_VIEW and "thread" not in attrs:
            raise serializers.ValidationError(
                {"thread": [_("A thread view names its thread; use article_view.")]}
            )
        return attrs


class JourneyTokenSerializer(serializers.Serializer):
    journey = serializers.CharField()


class EventView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=EventSerializer, responses=JourneyTokenSerializer)
    def post(self, request):
        """A widget reports a result click, a thread or article view, or a "did this
        help?" answer, on a thread or a published knowledge article."""
        serializer = EventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("journey"):
            _use_journey(request, data["journey"])
        thread = article = None
        if "article" in data:
            article = _published_article(request.user, data["article"])
        else:
            thread = threads_visible_to(request.user).filter(pk=data["thread"]).first()
            if thread is None:
                raise NotFound(_("No such thread."))
        deflection.record_event(
            request._request,
            data["kind"],
            thread=thread,
            article=article,
            rank=data.get("rank"),
            source=EventSource.API,
        )
        return Response({"journey": journey_store.token(request._request)})


def _published_article(user, pk: int) -> Article:
    """The published article an event names; a 400 for any other id, as a draft
    or an archived article is no answer a visitor could have found."""
    articles = articles_visible_to(user).filter(state=ArticleState.PUBLISHED)
    article = articles.filter(pk=pk).first()
    if article is None:
        raise ValidationError({"article": [_("No such published article.")]})
    return article


class CanViewReports(BasePermission):
    def has_permission(self, request, view) -> bool:
        return permissions.can_view_reports(request.user)


class DeflectionReportView(APIView):
    permission_classes = [CanViewReports]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=["7", "30", "90", "custom"]),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("board", int),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """The managers' deflection report: the same numbers as /reports/deflection/.

        Beside the thread tables, ``deflecting_articles``, ``failed_articles`` and
        ``article_helpfulness`` list knowledge articles (``article_id``, ``title``,
        ``url``, ``opened``, ``deflected``, ``confirmed``, ``failed``,
        ``helpful_yes``, ``helpful_no``, ``answers``, ``helpful_share``).

        ``social_care`` counts social deflections apart from the web journeys: care
        cases answered with community content in the period (``deflections``,
        ``savings``, ``change``), ``by_network`` and the ``answers`` agents linked
        most (``kind``, ``id``, ``title``, ``url``, ``cases``), for every board."""
        # The report page reads an empty field as "not given"; the API says so.
        check_not_empty(request.query_params, "period", "start", "end", "board")
        form = ReportFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data(escape_html=True))
        report = deflection_report(form.report_filter())
        tables = (
            "top_queries",
            "zero_result_queries",
            "low_click_through_queries",
            "ticket_queries",
        )
        return Response(
            {
                "period": {
                    "start": form.cleaned_data["start"],
                    "end": form.cleaned_data["end"],
                },
                "summary": report["summary"],
                "changes": {
                    name: None if change is None else asdict(change)
                    for name, change in report["changes"].items()
                },
                "ticket_matching": report["ticket_matching"],
                "trend": report["trend"],
                **{name: asdict(report[name]) for name in tables},
                "deflecting_threads": report["deflecting_threads"],
                "failed_threads": report["failed_threads"],
                "question_threads": report["question_threads"],
                "deflecting_articles": report["deflecting_articles"],
                "failed_articles": report["failed_articles"],
                "article_helpfulness": report["article_helpfulness"],
                "social_care": _social_care(report["social"]),
                "health": {
                    **report["health"],
                    "busiest_experts": [
                        {
                            "username": row.user.username,
                            "replies": row.replies,
                            "solutions": row.solutions,
                        }
                        for row in report["health"]["busiest_experts"]
                    ],
                },
            }
        )


def _social_care(social) -> dict:
    return {
        "deflections": social.deflections,
        "savings": social.savings,
        "change": None if social.change is None else asdict(social.change),
        "by_network": social.by_network,
        "answers": social.answers,
    }
