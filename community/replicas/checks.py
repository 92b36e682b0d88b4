"""``manage.py check --deploy`` asks every replica what the router would: a URL
that cannot be a replica, a replica that is a primary, one that cannot be reached,
is not streaming or lags beyond the bound. The site serves from the primary in
each case; the check is where an operator hears of it."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from community.replicas import health


@register("replicas", deploy=True)
def check_replicas(app_configs=None, **kwargs):
    messages = [
        Error(problem, id="replicas.E001")
        for problem in getattr(settings, "REPLICA_CONFIG_ERRORS", [])
    ]
    for alias in health.replica_aliases():
        status = health.check(alias)
        if status.usable:
            continue
        where = _address(alias)
        text = f"Replica {alias} ({where}) {status.reason} Reads go to the primary."
        if "primary" in status.reason:
            messages.append(Error(text, id="replicas.E002"))
        else:
            messages.append(Warning(text, id="replicas.W001"))
    return messages


def _address(alias: str) -> str:
    config = settings.DATABASES[alias]
    return f"{config.get('HOST')}:{config.get('PORT') or 5432}/{config.get('NAME')}"
