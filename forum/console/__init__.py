"""The community manager's settings area: the site's name, look and defaults, and
the board list, edited in the interface (with environment variables as the first
defaults) and audited."""
