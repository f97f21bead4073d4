"""Contract fuzzing: schemathesis generates valid and invalid requests from the OpenAPI document.

No request may cause a server error; every response matches the document; invalid data is
refused with a 4xx whose JSON body says what is wrong and names the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from safeguard.api.app import api_engine, create_api_app
from safeguard.api.config import ApiConfig
from safeguard.api.token_admin import create_token
from safeguard.api.tokens import Scope
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
from safeguard.storage.migrate import upgrade

pytestmark = pytest.mark.slow

EXAMPLES = 40


def _app(tmp: Path) -> tuple[Any, str]:
    url = f"sqlite:///{tmp / 'fuzz.sqlite3'}"
    engine = api_engine(url)
    upgrade(engine)
    _id, token = create_token(
        IngestUnitOfWork.for_engine(engine),
        "fuzz",
        [Scope.MESSAGES_WRITE, Scope.ASSESSMENTS_READ, Scope.ALERTS_WRITE],
    )
    return create_api_app(ApiConfig(database_url=url, max_body_bytes=64 * 1024), engine), token


def _tmp() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="safeguard-fuzz-"))


APP, TOKEN = _app(_tmp())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
)
# Invalid data may also be refused for its size (413) before any field is read.
schema.config.checks.negative_data_rejection.expected_statuses = [
    *schema.config.checks.negative_data_rejection.expected_statuses,
    "413",
]


def _explains_itself(response: Any, case: Any) -> None:
    """A 4xx answers in JSON with an ``error``; a 422 names each field it refuses."""
    if not 400 <= response.status_code < 500:
        return
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    if response.status_code == 422:
        assert body["problems"], body
        assert all(p["field"] and p["problem"] for p in body["problems"]), body


@schema.parametrize()
def test_fuzzed_requests_never_cause_a_server_error(case: Any) -> None:
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
    _explains_itself(response, case)
