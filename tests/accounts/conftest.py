# The real OpenID Connect provider and the settings that use it (tests/sso.py).
from tests.sso import company_sso, oidc_provider  # noqa: F401
