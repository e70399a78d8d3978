"""Who may do what: one table from action to roles, checked on every endpoint.

Case data is need-to-know: besides the role, a user must belong to the case's authority and be a
member of the case. Another authority's case does not exist for a user (404, so that its existence
does not leak); a case of one's own authority without membership is forbidden (403).
"""

from __future__ import annotations

from enum import StrEnum

from lexbridge.casework.models import Role


class Action(StrEnum):
    CREATE_CASE = "create_case"
    READ_CASE = "read_case"
    EDIT_CASE = "edit_case"
    MANAGE_MEMBERS = "manage_members"
    DRAFT_REQUEST = "draft_request"
    ASSESS_PROPORTIONALITY = "assess_proportionality"
    RECORD_AUTHORISATION = "record_authorisation"
    SUBMIT_REQUEST = "submit_request"
    APPROVE_REQUEST = "approve_request"
    TRACK_REQUEST = "track_request"
    """Mark sent, acknowledged, executed, refused by the requested state, closed; record events."""
    REGISTER_INCOMING = "register_incoming"
    READ_AUDIT = "read_audit"
    MANAGE_USERS = "manage_users"


R = Role
_CASEWORKERS = {R.INVESTIGATOR, R.PROSECUTOR, R.FORENSIC_EXAMINER, R.FINANCIAL_INVESTIGATOR}

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.CREATE_CASE: frozenset(_CASEWORKERS | {R.FOREIGN_LIAISON}),
    Action.READ_CASE: frozenset(_CASEWORKERS | {R.FOREIGN_LIAISON, R.JUDGE, R.ANALYST}),
    Action.EDIT_CASE: frozenset(_CASEWORKERS),
    Action.MANAGE_MEMBERS: frozenset({R.PROSECUTOR, R.INVESTIGATOR, R.FOREIGN_LIAISON}),
    Action.DRAFT_REQUEST: frozenset(_CASEWORKERS | {R.FOREIGN_LIAISON}),
    Action.ASSESS_PROPORTIONALITY: frozenset(_CASEWORKERS | {R.FOREIGN_LIAISON}),
    Action.RECORD_AUTHORISATION: frozenset(
        {R.PROSECUTOR, R.INVESTIGATOR, R.FOREIGN_LIAISON, R.JUDGE}
    ),
    Action.SUBMIT_REQUEST: frozenset(_CASEWORKERS | {R.FOREIGN_LIAISON}),
    Action.APPROVE_REQUEST: frozenset({R.PROSECUTOR, R.JUDGE}),
    Action.TRACK_REQUEST: frozenset({R.PROSECUTOR, R.INVESTIGATOR, R.FOREIGN_LIAISON}),
    Action.REGISTER_INCOMING: frozenset({R.FOREIGN_LIAISON, R.PROSECUTOR}),
    Action.READ_AUDIT: frozenset({R.DATA_PROTECTION_OFFICER, R.ADMIN}),
    Action.MANAGE_USERS: frozenset({R.ADMIN}),
}


def allowed(role: str, action: Action) -> bool:
    return role in PERMISSIONS[action]


def roles_for(action: Action) -> list[str]:
    return sorted(r.value for r in PERMISSIONS[action])
