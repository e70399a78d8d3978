"""The workspace's pages, one module per area; each module has a ``router``."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    from lexbridge.web.pages import audit, cases, evidence, gaps, law, requests, session, trail

    return [
        session.router,
        cases.router,
        requests.router,
        evidence.router,
        trail.router,
        law.router,
        gaps.router,
        audit.router,
    ]
