"""Numbers in the staff "explain" view of search results."""

from django import template

register = template.Library()


@register.filter
def score(value) -> str:
    """A score part to three decimals ('—' when absent)."""
    if value is None:
        return "—"
    return f"{float(value):.3f}"


@register.filter
def percent_boost(value) -> str:
    """A multiplier's boost as a percentage: 0.03 → '3.0%'."""
    return f"{float(value or 0) * 100:.1f}%"
