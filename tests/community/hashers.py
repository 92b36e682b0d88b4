from django.contrib.auth.hashers import PBKDF2PasswordHasher


class TimingPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Slow enough (~20 ms) that skipping a hash would show in response times."""

    iterations = 40_000
