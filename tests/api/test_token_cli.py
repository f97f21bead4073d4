"""`safeguard api-token create | list | revoke`: the secret is printed once, never stored."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from safeguard.api.app import api_engine
from safeguard.api.tokens import token_hash
from safeguard.cli.api_command import api_token
from safeguard.storage.ingest_tables import ApiTokenRow
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork


def test_when_token_created_listed_and_revoked_then_only_the_hash_is_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    created = runner.invoke(
        api_token,
        ["create", "--source", "chat-app", "--scope", "messages:write", "--database", url],
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    token_id = created.output.split("token id:")[1].split()[0]
    assert secret.startswith("sgk_")
    engine = api_engine(url)
    with IngestUnitOfWork.for_engine(engine) as uow:
        (row,) = uow.session.scalars(select(ApiTokenRow)).all()
        assert row.token_hash == token_hash(secret)
        assert secret not in (row.id, row.note, row.scopes)
    listed = runner.invoke(api_token, ["list", "--database", url])
    assert token_id in listed.output and "active" in listed.output
    assert secret not in listed.output
    revoked = runner.invoke(api_token, ["revoke", token_id, "--database", url])
    assert revoked.exit_code == 0
    again = runner.invoke(api_token, ["revoke", token_id, "--database", url])
    assert again.exit_code == 3 and "no active token" in again.output
    assert "revoked" in runner.invoke(api_token, ["list", "--database", url]).output
    engine.dispose()


def test_when_scope_or_source_is_wrong_then_exit_3_naming_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    bad_scope = runner.invoke(
        api_token, ["create", "--source", "x", "--scope", "everything", "--database", url]
    )
    assert bad_scope.exit_code == 3 and "unknown scope 'everything'" in bad_scope.output
    bad_source = runner.invoke(
        api_token, ["create", "--source", "Bad Name!", "--scope", "alerts:write", "--database", url]
    )
    assert bad_source.exit_code == 3 and "bad source name" in bad_source.output
