"""Date formats where the site differs from Django's locale defaults
(``FORMAT_MODULE_PATH``): times on a 24-hour clock, as the community has always shown
them, and a date-and-time format for Arabic, which Django's locale lacks. Anything not
set here comes from Django's own locale data."""
