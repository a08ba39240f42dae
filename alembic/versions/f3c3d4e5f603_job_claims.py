"""jobs claimed once across app nodes

- `jobclaim`: one row per scheduled job name with the time it is next due; an app node runs the job only
  after taking the row (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL) and moving `due_at` on, so N nodes
  run each job once per period. Service-wide (no `account_id`), so no tenant policy.

Revision ID: f3c3d4e5f603
Revises: f2b2c3d4e502
Create Date: 2026-12-07 13:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'f3c3d4e5f603'
down_revision: Union[str, None] = 'f2b2c3d4e502'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'jobclaim',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('jobclaim')
