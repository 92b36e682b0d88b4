"""Moderation pages and actions: thin views over ``forum.moderation.services`` and
``selectors``. Every action is a POST with CSRF and works without JavaScript."""
