"""Walk the URL configuration: every route, its name and its URL filled with unit A's objects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # the route as written, joined from its resolvers
    kwargs: tuple[str, ...]


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            routes += walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            pattern = prefix + str(p.pattern)
            name = ":".join(filter(None, [namespace, p.name or f"<unnamed {pattern}>"]))
            kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern)) + tuple(re.findall(r"\(\?P<(\w+)>", pattern))
            routes.append(Route(name=name, pattern=pattern, kwargs=kwargs))
    return routes


def by_name() -> dict[str, Route]:
    return {r.name: r for r in walk()}
