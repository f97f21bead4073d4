"""SQLAlchemy repositories: they turn rows into the domain's frozen records and back."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, case, func, select, true, update
from sqlalchemy.orm import Session

from safeguard.casework.alert_images import AlertImage
from safeguard.casework.records import (
    Alert,
    AlertSource,
    AlertStatus,
    Case,
    CaseStatus,
    Child,
    Concern,
    Entry,
    LocalContacts,
    MoveKind,
    OutgoingTransfer,
    Page,
    Setting,
    Signal,
    TransferReceipt,
    TransferStatus,
    User,
)
from safeguard.casework.roles import Role
from safeguard.core.levels import RiskLevel
from safeguard.storage.tables import (
    AlertRow,
    AlertSignalRow,
    CaseRow,
    ChildRow,
    ConcernChildRow,
    ConcernRow,
    EntryRow,
    SettingRow,
    TransferOutRow,
    TransferRow,
    UserRow,
)


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _record(row: UserRow) -> User:
        return User(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            role=Role(row.role),
            password_hash=row.password_hash,
            totp_secret=row.totp_secret,
            active=row.active,
            created_at=row.created_at,
        )

    def add(self, user: User) -> None:
        self.session.add(
            UserRow(
                id=user.id,
                username=user.username,
                display_name=user.display_name,
                role=user.role.value,
                password_hash=user.password_hash,
                totp_secret=user.totp_secret,
                active=user.active,
                created_at=user.created_at,
            )
        )

    def get(self, user_id: str) -> User | None:
        row = self.session.get(UserRow, user_id)
        return self._record(row) if row else None

    def by_username(self, username: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return self._record(row) if row else None

    def list(self) -> Sequence[User]:
        rows = self.session.scalars(select(UserRow).order_by(UserRow.role, UserRow.username))
        return [self._record(r) for r in rows]

    def update(self, user: User) -> None:
        row = self.session.get(UserRow, user.id)
        if row is None:
            raise KeyError(user.id)
        row.display_name = user.display_name
        row.role = user.role.value
        row.password_hash = user.password_hash
        row.totp_secret = user.totp_secret
        row.active = user.active


class SqlChildRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _record(row: ChildRow) -> Child:
        return Child(row.id, row.full_name, row.date_of_birth, row.year_group, row.created_at)

    def add(self, child: Child) -> None:
        self.session.add(
            ChildRow(
                id=child.id,
                full_name=child.full_name,
                name_key=name_key(child.full_name),
                date_of_birth=child.date_of_birth,
                year_group=child.year_group,
                created_at=child.created_at,
            )
        )
        self.session.flush()

    def get(self, child_id: str) -> Child | None:
        row = self.session.get(ChildRow, child_id)
        return self._record(row) if row else None

    def find(self, full_name: str) -> Sequence[Child]:
        rows = self.session.scalars(
            select(ChildRow).where(ChildRow.name_key == name_key(full_name)).order_by(ChildRow.id)
        )
        return [self._record(r) for r in rows]

    def list(self, offset: int, limit: int, query: str = "") -> Page:
        where = ChildRow.name_key.contains(name_key(query)) if query else true()
        total = self.session.scalar(select(func.count()).select_from(ChildRow).where(where)) or 0
        rows = self.session.scalars(
            select(ChildRow).where(where).order_by(ChildRow.name_key).offset(offset).limit(limit)
        )
        return Page(tuple(self._record(r) for r in rows), total, offset, limit)

    def update(self, child: Child) -> None:
        row = self.session.get(ChildRow, child.id)
        if row is None:
            raise KeyError(child.id)
        row.date_of_birth = child.date_of_birth
        row.year_group = child.year_group


class SqlConcernRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _record(self, row: ConcernRow) -> Concern:
        linked = self.session.scalars(
            select(ConcernChildRow.child_id)
            .where(ConcernChildRow.concern_id == row.id)
            .order_by(ConcernChildRow.position)
        )
        return Concern(
            id=row.id,
            child_id=row.child_id,
            author_id=row.author_id,
            category=row.category,
            account=row.account,
            opinion=row.opinion,
            dsl_told_in_person=row.dsl_told_in_person,
            device_secured=row.device_secured,
            device_notes=row.device_notes,
            linked_child_ids=tuple(linked),
            created_at=row.created_at,
            case_id=row.case_id,
        )

    def add(self, concern: Concern) -> None:
        self.session.add(
            ConcernRow(
                id=concern.id,
                child_id=concern.child_id,
                author_id=concern.author_id,
                category=concern.category,
                account=concern.account,
                opinion=concern.opinion,
                dsl_told_in_person=concern.dsl_told_in_person,
                device_secured=concern.device_secured,
                device_notes=concern.device_notes,
                created_at=concern.created_at,
                case_id=concern.case_id,
            )
        )
        self.session.flush()
        for position, child_id in enumerate(concern.linked_child_ids):
            self.session.add(
                ConcernChildRow(concern_id=concern.id, child_id=child_id, position=position)
            )

    def get(self, concern_id: str) -> Concern | None:
        row = self.session.get(ConcernRow, concern_id)
        return self._record(row) if row else None

    def by_author(self, author_id: str, offset: int, limit: int) -> Page:
        where = ConcernRow.author_id == author_id
        total = self.session.scalar(select(func.count()).select_from(ConcernRow).where(where)) or 0
        rows = self.session.scalars(
            select(ConcernRow)
            .where(where)
            .order_by(ConcernRow.created_at.desc())
            .offset(offset)
            .limit(limit)
        )
        return Page(tuple(self._record(r) for r in rows), total, offset, limit)

    def for_child(self, child_id: str) -> Sequence[Concern]:
        linked = select(ConcernChildRow.concern_id).where(ConcernChildRow.child_id == child_id)
        rows = self.session.scalars(
            select(ConcernRow)
            .where((ConcernRow.child_id == child_id) | ConcernRow.id.in_(linked))
            .order_by(ConcernRow.created_at)
        )
        return [self._record(r) for r in rows]

    def link_case(self, concern_id: str, case_id: str) -> None:
        self.session.execute(
            update(ConcernRow).where(ConcernRow.id == concern_id).values(case_id=case_id)
        )


class SqlAlertRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _record(self, row: AlertRow, signals: Sequence[AlertSignalRow] | None = None) -> Alert:
        if signals is None:
            signals = list(
                self.session.scalars(
                    select(AlertSignalRow)
                    .where(AlertSignalRow.alert_id == row.id)
                    .order_by(AlertSignalRow.id)
                )
            )
        return Alert(
            id=row.id,
            source=AlertSource(row.source),
            level=row.level,
            category=row.category,
            summary=row.summary,
            created_at=row.created_at,
            origin=row.origin,
            signals=tuple(Signal(s.name, s.level, s.why) for s in signals),
            images=tuple(AlertImage.from_data(item) for item in row.images or ()),
            status=AlertStatus(row.status),
            child_id=row.child_id,
            concern_id=row.concern_id,
            conversation_id=row.conversation_id,
            case_id=row.case_id,
            triaged_by=row.triaged_by,
            triaged_at=row.triaged_at,
            triage_reason=row.triage_reason,
        )

    def add(self, alert: Alert) -> None:
        self.session.add(
            AlertRow(
                id=alert.id,
                source=alert.source.value,
                origin=alert.origin[:200],
                level=alert.level,
                level_rank=RiskLevel.parse(alert.level).rank,
                category=alert.category,
                summary=alert.summary,
                created_at=alert.created_at,
                status=alert.status.value,
                child_id=alert.child_id,
                concern_id=alert.concern_id,
                conversation_id=alert.conversation_id,
                case_id=alert.case_id,
                triaged_by=alert.triaged_by,
                triaged_at=alert.triaged_at,
                triage_reason=alert.triage_reason,
                images=[image.to_data() for image in alert.images] or None,
            )
        )
        self.session.flush()
        for signal in alert.signals:
            self.session.add(
                AlertSignalRow(
                    alert_id=alert.id, name=signal.name, level=signal.level, why=signal.why
                )
            )

    def get(self, alert_id: str) -> Alert | None:
        row = self.session.get(AlertRow, alert_id)
        return self._record(row) if row else None

    def list(self, status: AlertStatus | None, offset: int, limit: int) -> Page:
        where = AlertRow.status == status.value if status else true()
        total = self.session.scalar(select(func.count()).select_from(AlertRow).where(where)) or 0
        rows = list(
            self.session.scalars(
                select(AlertRow)
                .where(where)
                .order_by(AlertRow.level_rank.desc(), AlertRow.created_at.desc(), AlertRow.id)
                .offset(offset)
                .limit(limit)
            )
        )
        signals: dict[str, list[AlertSignalRow]] = {row.id: [] for row in rows}
        if rows:
            for signal in self.session.scalars(
                select(AlertSignalRow)
                .where(AlertSignalRow.alert_id.in_(list(signals)))
                .order_by(AlertSignalRow.id)
            ):
                signals[signal.alert_id].append(signal)
        return Page(tuple(self._record(r, signals[r.id]) for r in rows), total, offset, limit)

    def triage(
        self,
        alert_id: str,
        status: AlertStatus,
        by: str,
        at: datetime,
        reason: str,
        case_id: str | None,
        child_id: str | None,
    ) -> None:
        row = self.session.get(AlertRow, alert_id)
        if row is None:
            raise KeyError(alert_id)
        row.status = status.value
        row.triaged_by = by
        row.triaged_at = at
        row.triage_reason = reason
        row.case_id = case_id
        if child_id and not row.child_id:
            row.child_id = child_id

    def signal_stats(self) -> Sequence[tuple[str, int, int, int]]:
        dismissed = func.sum(case((AlertRow.status == AlertStatus.DISMISSED.value, 1), else_=0))
        acted = func.sum(
            case(
                (AlertRow.status.in_([AlertStatus.ESCALATED.value, AlertStatus.MERGED.value]), 1),
                else_=0,
            )
        )
        query = (
            select(
                AlertSignalRow.name,
                func.count(func.distinct(AlertRow.id)),
                dismissed.cast(Integer),
                acted.cast(Integer),
            )
            .join(AlertRow, AlertRow.id == AlertSignalRow.alert_id)
            .group_by(AlertSignalRow.name)
            .order_by(func.count(func.distinct(AlertRow.id)).desc(), AlertSignalRow.name)
        )
        return [
            (str(n), int(c), int(d or 0), int(a or 0)) for n, c, d, a in self.session.execute(query)
        ]

    def for_child(self, child_id: str) -> Sequence[Alert]:
        rows = self.session.scalars(
            select(AlertRow).where(AlertRow.child_id == child_id).order_by(AlertRow.created_at)
        )
        return [self._record(r) for r in rows]


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _record(row: CaseRow) -> Case:
        return Case(
            id=row.id,
            child_id=row.child_id,
            title=row.title,
            category=row.category,
            opened_by=row.opened_by,
            opened_at=row.opened_at,
            status=CaseStatus(row.status),
            closed_at=row.closed_at,
            outcome=row.outcome,
            imported_from=row.imported_from,
        )

    def add(self, case_: Case) -> None:
        self.session.add(
            CaseRow(
                id=case_.id,
                child_id=case_.child_id,
                title=case_.title,
                category=case_.category,
                opened_by=case_.opened_by,
                opened_at=case_.opened_at,
                status=case_.status.value,
                closed_at=case_.closed_at,
                outcome=case_.outcome,
                imported_from=case_.imported_from,
            )
        )
        self.session.flush()

    def get(self, case_id: str) -> Case | None:
        row = self.session.get(CaseRow, case_id)
        return self._record(row) if row else None

    def list(self, status: CaseStatus | None, offset: int, limit: int) -> Page:
        where = CaseRow.status == status.value if status else true()
        total = self.session.scalar(select(func.count()).select_from(CaseRow).where(where)) or 0
        rows = self.session.scalars(
            select(CaseRow)
            .where(where)
            .order_by(CaseRow.opened_at.desc(), CaseRow.id)
            .offset(offset)
            .limit(limit)
        )
        return Page(tuple(self._record(r) for r in rows), total, offset, limit)

    def for_child(self, child_id: str) -> Sequence[Case]:
        rows = self.session.scalars(
            select(CaseRow).where(CaseRow.child_id == child_id).order_by(CaseRow.opened_at)
        )
        return [self._record(r) for r in rows]

    def close(self, case_id: str, at: datetime, outcome: str) -> None:
        row = self.session.get(CaseRow, case_id)
        if row is None:
            raise KeyError(case_id)
        row.status = CaseStatus.CLOSED.value
        row.closed_at = at
        row.outcome = outcome


class SqlEntryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _record(row: EntryRow) -> Entry:
        return Entry(
            id=row.id,
            case_id=row.case_id,
            kind=row.kind,
            data=dict(row.data),
            author_id=row.author_id,
            author_name=row.author_name,
            created_at=row.created_at,
            supersedes=row.supersedes,
            correction_reason=row.correction_reason,
            version=row.version,
        )

    def add(self, entry: Entry) -> None:
        self.session.add(
            EntryRow(
                id=entry.id,
                case_id=entry.case_id,
                kind=entry.kind,
                data=entry.data,
                author_id=entry.author_id,
                author_name=entry.author_name,
                created_at=entry.created_at,
                supersedes=entry.supersedes,
                correction_reason=entry.correction_reason,
                version=entry.version,
            )
        )
        self.session.flush()

    def get(self, entry_id: str) -> Entry | None:
        row = self.session.get(EntryRow, entry_id)
        return self._record(row) if row else None

    def for_case(self, case_id: str) -> Sequence[Entry]:
        rows = self.session.scalars(
            select(EntryRow)
            .where(EntryRow.case_id == case_id)
            .order_by(EntryRow.created_at, EntryRow.version, EntryRow.id)
        )
        return [self._record(r) for r in rows]


class SqlSettingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self) -> Setting:
        row = self.session.get(SettingRow, 1)
        if row is None:
            return Setting()
        contacts = LocalContacts(row.mash_phone, row.edt_phone, row.lado_phone, row.police_contact)
        return Setting(row.name, row.jurisdiction, contacts, row.device_rule)

    def save(self, setting: Setting) -> None:
        row = self.session.get(SettingRow, 1)
        if row is None:
            row = SettingRow(id=1)
            self.session.add(row)
        row.name = setting.name
        row.jurisdiction = setting.jurisdiction
        row.mash_phone = setting.contacts.mash_phone
        row.edt_phone = setting.contacts.edt_phone
        row.lado_phone = setting.contacts.lado_phone
        row.police_contact = setting.contacts.police_contact
        row.device_rule = setting.device_rule

    def signing_key(self) -> bytes:
        row = self.session.get(SettingRow, 1)
        if row is None:
            self.save(Setting())
            row = self.session.get(SettingRow, 1)
            assert row is not None
        if not row.signing_key:
            row.signing_key = secrets.token_hex(32)
            self.session.flush()
        return bytes.fromhex(row.signing_key)


class SqlTransferRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _record(row: TransferRow) -> TransferReceipt:
        return TransferReceipt(
            row.id,
            row.direction,
            row.child_id,
            row.sha256,
            row.other_setting,
            row.at,
            dict(row.receipt),
        )

    def add(self, receipt: TransferReceipt) -> None:
        self.session.add(
            TransferRow(
                id=receipt.id,
                direction=receipt.direction,
                child_id=receipt.child_id,
                sha256=receipt.sha256,
                other_setting=receipt.other_setting,
                at=receipt.at,
                receipt=receipt.details,
            )
        )

    def get(self, receipt_id: str) -> TransferReceipt | None:
        row = self.session.get(TransferRow, receipt_id)
        return self._record(row) if row else None

    def by_sha256(self, sha256: str, direction: str) -> TransferReceipt | None:
        row = self.session.scalar(
            select(TransferRow).where(
                TransferRow.sha256 == sha256, TransferRow.direction == direction
            )
        )
        return self._record(row) if row else None

    def receipts_for_child(self, child_id: str) -> Sequence[TransferReceipt]:
        rows = self.session.scalars(
            select(TransferRow).where(TransferRow.child_id == child_id).order_by(TransferRow.at)
        )
        return [self._record(r) for r in rows]

    @staticmethod
    def _outgoing(row: TransferOutRow) -> OutgoingTransfer:
        return OutgoingTransfer(
            id=row.id,
            child_id=row.child_id,
            new_setting=row.new_setting,
            move=MoveKind(row.move),
            starts_on=row.starts_on,
            due_on=row.due_on,
            status=TransferStatus(row.status),
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
            details=dict(row.details),
            sent_at=row.sent_at,
            acknowledged_at=row.acknowledged_at,
        )

    def add_outgoing(self, transfer: OutgoingTransfer) -> None:
        self.session.add(
            TransferOutRow(
                id=transfer.id,
                child_id=transfer.child_id,
                new_setting=transfer.new_setting,
                move=transfer.move.value,
                starts_on=transfer.starts_on,
                due_on=transfer.due_on,
                status=transfer.status.value,
                recorded_by=transfer.recorded_by,
                recorded_at=transfer.recorded_at,
                sent_at=transfer.sent_at,
                acknowledged_at=transfer.acknowledged_at,
                details=transfer.details,
            )
        )
        self.session.flush()

    def get_outgoing(self, transfer_id: str) -> OutgoingTransfer | None:
        row = self.session.get(TransferOutRow, transfer_id)
        return self._outgoing(row) if row else None

    def update_outgoing(self, transfer: OutgoingTransfer) -> None:
        row = self.session.get(TransferOutRow, transfer.id)
        if row is None:
            raise KeyError(transfer.id)
        row.status = transfer.status.value
        row.sent_at = transfer.sent_at
        row.acknowledged_at = transfer.acknowledged_at
        row.details = dict(transfer.details)

    def outgoing_for_child(self, child_id: str) -> Sequence[OutgoingTransfer]:
        rows = self.session.scalars(
            select(TransferOutRow)
            .where(TransferOutRow.child_id == child_id)
            .order_by(TransferOutRow.recorded_at)
        )
        return [self._outgoing(r) for r in rows]

    def count_needing_action(self, overdue_if_due_before: date, chase_if_sent_by: date) -> int:
        sent_before = datetime.combine(chase_if_sent_by + timedelta(days=1), time.min, UTC)
        overdue = (TransferOutRow.status == TransferStatus.TO_SEND.value) & (
            TransferOutRow.due_on < overdue_if_due_before
        )
        chase = (TransferOutRow.status == TransferStatus.SENT.value) & (
            TransferOutRow.sent_at < sent_before
        )
        query = select(func.count()).select_from(TransferOutRow).where(overdue | chase)
        return int(self.session.scalar(query) or 0)

    def outgoing(self, offset: int, limit: int, open_only: bool) -> Page:
        where = TransferOutRow.status != TransferStatus.RECEIVED.value if open_only else true()
        total = (
            self.session.scalar(select(func.count()).select_from(TransferOutRow).where(where)) or 0
        )
        rows = self.session.scalars(
            select(TransferOutRow)
            .where(where)
            .order_by(TransferOutRow.due_on, TransferOutRow.id)
            .offset(offset)
            .limit(limit)
        )
        return Page(tuple(self._outgoing(r) for r in rows), total, offset, limit)


__all__ = [
    "SqlAlertRepository",
    "SqlCaseRepository",
    "SqlChildRepository",
    "SqlConcernRepository",
    "SqlEntryRepository",
    "SqlSettingRepository",
    "SqlTransferRepository",
    "SqlUserRepository",
]
