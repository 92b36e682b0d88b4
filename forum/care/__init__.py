"""The social care desk: cases from social networks and e-mail, worked by support
agents against response targets and answered with community content."""
