"""reminder preferences and reminders sent

- `remindersettings`: per customer, each kind of reminder on or off and "at once" or "a monthly summary".
- `remindersent`: each reminder noted once for its occasion (kind, subject, occasion day); a summary's
  lines wait with no `mailed_at`. Both tables have an `account_id`: the tenant row-level-security policy
  on PostgreSQL.

Revision ID: f2b2c3d4e502
Revises: f1a1b2c3d401
Create Date: 2026-12-07 13:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'f2b2c3d4e502'
down_revision: Union[str, None] = 'f1a1b2c3d401'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"
TABLES = ("remindersettings", "remindersent")


def _switch(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default="1")


def upgrade() -> None:
    op.create_table(
        'remindersettings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        _switch('warranty'), _switch('lent'), _switch('policy'), _switch('reinventory'), _switch('card'),
        sa.Column('cadence', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('account_id'),
    )
    op.create_table(
        'remindersent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('occasion', sa.Date(), nullable=False),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column('noted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('mailed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('account_id', 'kind', 'subject', 'occasion', name='uq_remindersent_occasion'),
    )
    op.create_index(op.f('ix_remindersent_account_id'), 'remindersent', ['account_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY {POLICY} ON "{table}" FOR ALL'
                f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
                f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
    op.drop_index(op.f('ix_remindersent_account_id'), table_name='remindersent')
    op.drop_table('remindersent')
    op.drop_table('remindersettings')
