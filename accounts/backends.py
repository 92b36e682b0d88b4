from allauth.account.auth_backends import AuthenticationBackend


class EvenTimingAuthenticationBackend(AuthenticationBackend):
    """allauth's backend (e-mail or username, and Django's permissions), made to spend
    the same number of password hashes on every failed sign-in.

    allauth tries a login as an e-mail address and then as a username, so a member's
    address costs two hash checks where an unknown one costs a single dummy hash: a
    timing difference that tells which addresses are members. Failed attempts are
    padded with dummy hashes up to the most any attempt can cost.
    """

    HASHES_PER_FAILED_ATTEMPT = 2

    def authenticate(self, request, **credentials):
        password = credentials.get("password")
        if not password:
            return None
        self._hashes = 0
        user = self._authenticate(request, **credentials)
        if user is None:
            for _ in range(self.HASHES_PER_FAILED_ATTEMPT - self._hashes):
                self._mitigate_timing_attack(password)
        return user

    def _check_password(self, user, password):
        if user is not None:  # allauth passes None for an unknown username
            self._hashes += 1
        return super()._check_password(user, password)
