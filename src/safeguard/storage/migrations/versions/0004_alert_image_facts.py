"""alerts: the facts of the images behind an alert (never the images)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 14:00:00

- ``alerts.images`` (JSON, nullable): per image behind the alert, the message id, why it
  counted, its SHA-256, MD5 and PDQ (with quality), the known-image bank match and the nudity
  model's labels. Hashes and labels only: no image data is ever stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("images", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("images")
