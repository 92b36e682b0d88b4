DATETIME_FORMAT = "j F Y، H:i"  # 25 أكتوبر 2006، 14:30
# Django's own Arabic short date, right-to-left marks included (written escaped, so
# no invisible direction character hides in the source).
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
