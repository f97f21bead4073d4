"""Seed a demo setting: people with known logins, and alerts from the example scan.

Demo data only: fictional names, a test phone range (01632 960xxx is reserved for drama),
and passwords printed on purpose so a visitor can sign in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safeguard.casework import child_file, handlers, transfer
from safeguard.casework.records import Actor, LocalContacts, Setting, User, new_id
from safeguard.casework.roles import Role
from safeguard.core.assessment import Assessment
from safeguard.storage.unit_of_work import SqlUnitOfWork
from safeguard.web.passwords import hash_password


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    name: str
    totp_secret: str | None


# Fixed base32 secrets so the printed codes work in any authenticator app.
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "dsl", "demo-dsl-pass-2026", Role.DSL, "Dana Shah", "DEMODSLDEMODSLDEMODSLDEMODSLAAAA"
    ),
    DemoLogin(
        "deputy",
        "demo-deputy-2026",
        Role.DEPUTY_DSL,
        "Ravi Patel",
        "DEMODEPUTYDEMODEPUTYDEMODEPUTYAA",
    ),
    DemoLogin("staff", "demo-staff-pass-2026", Role.STAFF, "Sam Taylor", None),
    DemoLogin("admin", "demo-admin-pass-2026", Role.ADMIN, "Alex Morgan", None),
    DemoLogin("auditor", "demo-audit-pass-2026", Role.AUDITOR, "Jo Evans", None),
)

DEMO_SETTING = Setting(
    name="Hillside Academy (demo)",
    jurisdiction="england",
    contacts=LocalContacts("01632 960001", "01632 960002", "01632 960003", "101"),
)

DEMO_CONCERNS = (
    {
        "child_name": "Mia Jones",
        "category": "image_solicitation",
        "account": "Mia said a boy online keeps asking for a photo and told her \"don't tell "
        'your mum". She showed me the chat on her phone; I did not scroll through it.',
        "dsl_told": "yes",
        "device": "flight_mode",
        "device_notes": "Phone in the office safe, flight mode on.",
    },
    {
        "child_name": "Leo Brown",
        "category": "threats_abuse",
        "account": 'Leo said a group chat keeps posting "nobody wants you here" about him.',
        "dsl_told": "no",
        "opinion": "He seemed withdrawn all week.",
    },
)


def users_exist(uow: SqlUnitOfWork) -> bool:
    with uow:
        return bool(uow.users.list())


def seed(
    make_uow: Callable[[], SqlUnitOfWork], assessments: Sequence[Assessment], raw_scan: bytes
) -> int:
    """Create the demo people, setting, concerns, scan alerts and one worked case.

    Returns the number of alerts raised by the scan.
    """
    now = datetime.now(UTC)
    users: dict[str, User] = {}
    uow = make_uow()
    with uow:
        uow.settings.save(DEMO_SETTING)
        for login in DEMO_LOGINS:
            user = User(
                new_id(), login.username, login.name, login.role,
                hash_password(login.password), login.totp_secret,
            )  # fmt: skip
            uow.users.add(user)
            users[login.username] = user
        uow.commit()
    staff, dsl = Actor.of(users["staff"]), Actor.of(users["dsl"])
    for number, form in enumerate(DEMO_CONCERNS):
        handlers.log_concern(make_uow(), staff, form, now - timedelta(days=3 - number))
    alerts = handlers.ingest_scan(
        make_uow(), dsl, assessments, raw_scan, now - timedelta(days=1), origin="examples (demo)"
    )
    queue = handlers.alert_queue(make_uow(), dsl)
    concern_alert = next((a for a in queue.items if a.concern_id), None)
    if concern_alert is not None:
        case = handlers.escalate_alert(
            make_uow(), dsl, concern_alert.id,
            {"child_name": "Mia Jones", "title": "Asked for images online"},
            now - timedelta(days=2),
        )  # fmt: skip
        decision = {
            "decision": "manage_in_setting",
            "reasons": "No image was sent and no trigger applies on what Mia told us. "
            "Review after talking with her parents.",
            "consulted": "Head teacher",
        }
        action = {
            "description": "Meet Mia's parents",
            "owner": "Dana Shah",
            "due": (now + timedelta(days=2)).date().isoformat(),
            "status": "open",
        }
        when = now - timedelta(days=2)
        handlers.add_entry(
            make_uow(), dsl, case.id, "decision", decision, when + timedelta(hours=1)
        )
        handlers.add_entry(make_uow(), dsl, case.id, "action", action, when + timedelta(hours=2))
    _seed_transfer(make_uow, dsl, now)
    return len(alerts)


def _seed_transfer(make_uow: Callable[[], SqlUnitOfWork], dsl: Actor, now: datetime) -> None:
    """Leo Brown is moving school this week: a transfer waiting to be sent."""
    with make_uow() as uow:
        found = uow.children.find("Leo Brown")
    if not found:
        return
    leo = found[0]
    child_file.update_child_details(
        make_uow(), dsl, leo.id, {"date_of_birth": "2013-06-14", "year_group": "Year 8"}, now
    )
    moving = {
        "new_setting": "Riverside High School (demo)",
        "new_setting_contact": "Ms Lee, DSL, 01632 960100",
        "move": "in_year",
        "starts_on": (now - timedelta(days=1)).date().isoformat(),
        "shared_before_move": "yes",
    }
    transfer.start_transfer(make_uow(), dsl, leo.id, moving, now)


def demo_assessments(examples: Path) -> tuple[list[Assessment], bytes]:
    """Scan the example conversations with the detection engine."""
    import orjson

    from safeguard.core.engine import build_engine
    from safeguard.importers.registry import discover_inputs, read_conversations

    engine = build_engine()
    assessments: list[Assessment] = []
    for path in discover_inputs([examples]):
        assessments.extend(engine.assess_all(read_conversations(path, skip_bad=True)))
    raw = b"\n".join(orjson.dumps(a.to_dict()) for a in assessments)
    return assessments, raw
