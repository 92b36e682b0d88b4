from django.urls import path

from forum.api.helpdesk import LegacyHelpdeskTicketView
from forum.deflection.views import contact, report, tickets, tracking

app_name = "deflection"

urlpatterns = [
    path("support/contact/", contact.contact, name="contact"),
    path("support/contact/ticket/", contact.contact_ticket, name="contact_ticket"),
    path("support/contact/sent/", contact.contact_sent, name="contact_sent"),
    # The tickets kept in the product when no helpdesk is configured.
    path("support/tickets/", tickets.ticket_list, name="tickets"),
    path("support/tickets/<str:reference>/", tickets.ticket_detail, name="ticket"),
    path(
        "support/tickets/<str:reference>/handled/",
        tickets.ticket_handled,
        name="ticket_handled",
    ),
    path("go/<int:thread_id>/", tracking.go, name="go"),
    path("go/a/<int:article_id>/", tracking.go_article, name="go_article"),
    path("helpful/<int:thread_id>/", tracking.helpful, name="helpful"),
    # Deprecated: answers with Deprecation/Sunset headers until 2027-06-30.
    path(
        "api/helpdesk/tickets/",
        LegacyHelpdeskTicketView.as_view(),
        name="helpdesk_tickets",
    ),
    path("reports/deflection/", report.report, name="report"),
    path("reports/deflection/settings/", report.edit_settings, name="settings"),
    path("reports/deflection/<slug:table>.csv", report.export_csv, name="export_csv"),
]
