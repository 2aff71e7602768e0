"""SQL conditions over the plugin's tables, shared by lists, loaders, the scorecard and metrics.

A metric's number and the list behind it are built from the same conditions here, so they
cannot disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

from core.sdk import Scope
from plugins.relocation_sites.models import facility, site, site_post


def sites_in(scope: Scope) -> Select[Any]:
    """Site rows the scope may see."""
    return select(site).where(scope.where(site.c.township_code))


def in_scope(scope: Scope) -> ColumnElement[bool]:
    """The (joined) site row lies within the scope."""
    return scope.where(site.c.township_code)


def facility_active_on(day: date) -> ColumnElement[bool]:
    """A facility is running on `day`: opened on or before it, not closed before it."""
    return and_(
        facility.c.opened_on <= day,
        or_(facility.c.closed_on.is_(None), facility.c.closed_on >= day),
    )


def post_filled_on(day: date) -> ColumnElement[bool]:
    """A post has its holder at work on `day` (both ends inclusive)."""
    return and_(
        site_post.c.holder_id.is_not(None),
        site_post.c.start_date <= day,
        or_(site_post.c.end_date.is_(None), site_post.c.end_date >= day),
    )


def post_vacant_on(day: date) -> ColumnElement[bool]:
    """A post exists on `day` but nobody holds it."""
    return and_(
        site_post.c.holder_id.is_(None),
        site_post.c.opened_on <= day,
        or_(site_post.c.end_date.is_(None), site_post.c.end_date >= day),
    )
