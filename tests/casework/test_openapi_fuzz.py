"""Schemathesis against the API's own OpenAPI: generated requests, signed in as a prosecutor who is
a member of a real case, never get a server error (bounded: a fixed number of examples per operation)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.casework.conftest import Unit, draft, new_case

EXAMPLES = 25


def test_generated_requests_never_cause_a_server_error(unit: Unit) -> None:
    case_id = new_case(unit)
    draft(unit, case_id)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", unit.client.app)
    headers = unit.headers("prosecutor")
    failures: list[str] = []
    codes: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    # Signing out would end the session the rest of the run uses; it is tested on its own.
    operations = [o for o in operations if o.label != "DELETE /api/session"]
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            codes.append(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    f"{case.operation.label}: {response.status_code} {response.text[:200]}"
                )

        call()
    assert failures == []
    assert {200, 201, 404, 409, 422} <= set(codes)  # the fuzzing reached the endpoints
    assert unit.verify().ok
