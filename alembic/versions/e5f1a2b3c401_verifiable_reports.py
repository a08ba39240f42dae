"""file fingerprints, report verification and history by actor id

- `itemfile.sha256`, `received_at`, `captured_on`: the fingerprint of each stored file (NULL for files
  stored before: unknown, and the reports say so).
- `reportverification`: one row per issued report (id, SHA-256 of the PDF, day, object count). No
  `account_id` and nothing personal: it outlives the report purge and an erasure.
- `itemchange.actor_account_id`, `actor_admin_id`: who made a change, by id. On PostgreSQL a trigger
  refuses any UPDATE of a history row.

Revision ID: e5f1a2b3c401
Revises: d8b4fa05a234
Create Date: 2026-12-07 12:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'e5f1a2b3c401'
down_revision: Union[str, None] = 'd8b4fa05a234'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION itemchange_never_updated() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'itemchange rows are never updated';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    with op.batch_alter_table('itemfile') as batch_op:
        batch_op.add_column(sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('captured_on', sqlmodel.sql.sqltypes.AutoString(length=19), nullable=True))
    with op.batch_alter_table('itemchange') as batch_op:
        batch_op.add_column(sa.Column('actor_account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('actor_admin_id', sa.Integer(), nullable=True))
    op.create_table(
        'reportverification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('object_count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_reportverification_report_id'), 'reportverification', ['report_id'], unique=True)
    op.create_index(op.f('ix_reportverification_sha256'), 'reportverification', ['sha256'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_TRIGGER_FUNCTION)
        op.execute("CREATE TRIGGER itemchange_never_updated BEFORE UPDATE ON itemchange "
                   "FOR EACH ROW EXECUTE FUNCTION itemchange_never_updated()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS itemchange_never_updated ON itemchange")
        op.execute("DROP FUNCTION IF EXISTS itemchange_never_updated()")
    op.drop_index(op.f('ix_reportverification_sha256'), table_name='reportverification')
    op.drop_index(op.f('ix_reportverification_report_id'), table_name='reportverification')
    op.drop_table('reportverification')
    with op.batch_alter_table('itemchange') as batch_op:
        batch_op.drop_column('actor_admin_id')
        batch_op.drop_column('actor_account_id')
    with op.batch_alter_table('itemfile') as batch_op:
        batch_op.drop_column('captured_on')
        batch_op.drop_column('received_at')
        batch_op.drop_column('sha256')
