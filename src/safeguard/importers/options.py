"""Options that change how chat exports are read (CSV column mapping, WhatsApp date order)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from safeguard.core.errors import InputError


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV header names hold each message field.

    ``sender`` and ``text`` must be in the header. The others are used when present; a
    column you renamed from its default must be present (a typo is an error, not ignored).
    Without a conversation id column the whole file is one conversation named after it.
    """

    conversation_id: str = "conversation_id"
    message_id: str = "message_id"
    sender: str = "sender"
    text: str = "text"
    time: str = "time"
    role: str = "role"

    @classmethod
    def from_spec(cls, spec: str) -> CsvColumns:
        """Parse ``"sender=from,text=body"`` (field=column pairs, comma-separated)."""
        known = {f.name for f in fields(cls)}
        changes: dict[str, str] = {}
        for part in spec.split(","):
            if not part.strip():
                continue
            key, sep, column = part.partition("=")
            key, column = key.strip(), column.strip()
            if not sep or not column:
                raise InputError(f"CSV column mapping {part.strip()!r}: expected FIELD=COLUMN")
            if key not in known:
                raise InputError(
                    f"CSV column mapping {part.strip()!r}: unknown field {key!r}; "
                    f"expected one of {', '.join(sorted(known))}"
                )
            changes[key] = column
        return replace(cls(), **changes)

    def is_default(self, field_name: str) -> bool:
        """True when ``field_name`` still has its default column name."""
        return bool(getattr(self, field_name) == getattr(_DEFAULT_COLUMNS, field_name))


_DEFAULT_COLUMNS = CsvColumns()


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Per-run choices for the importers; the defaults suit most exports."""

    csv_columns: CsvColumns = CsvColumns()
    day_first: bool | None = None
    """WhatsApp date order: ``True`` dd/mm, ``False`` mm/dd, ``None`` infer from the file."""
