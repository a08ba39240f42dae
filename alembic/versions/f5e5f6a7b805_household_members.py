"""household members

- `registermember`: a person working in another customer's register as editor or viewer.
- `memberinvite`: an invitation by e-mail; its token kept as SHA-256 only.
- `activityevent.actor_id`: the member who did something in the owner's register (no foreign key: the id
  stays after the member's erasure, and the log then says "former member").
Both new tables have an `account_id` (the register): the tenant row-level-security policy on PostgreSQL.

Revision ID: f5e5f6a7b805
Revises: f4d4e5f6a704
Create Date: 2026-12-07 15:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'f5e5f6a7b805'
down_revision: Union[str, None] = 'f4d4e5f6a704'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"
TABLES = ("registermember", "memberinvite")


def upgrade() -> None:
    op.create_table(
        'registermember',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('joined_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_active_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('account_id', 'person_id', name='uq_registermember_person'),
    )
    op.create_index(op.f('ix_registermember_account_id'), 'registermember', ['account_id'], unique=False)
    op.create_index(op.f('ix_registermember_person_id'), 'registermember', ['person_id'], unique=False)
    op.create_table(
        'memberinvite',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_memberinvite_account_id'), 'memberinvite', ['account_id'], unique=False)
    with op.batch_alter_table('activityevent') as batch:
        batch.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
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
    with op.batch_alter_table('activityevent') as batch:
        batch.drop_column('actor_id')
    op.drop_index(op.f('ix_memberinvite_account_id'), table_name='memberinvite')
    op.drop_table('memberinvite')
    op.drop_index(op.f('ix_registermember_person_id'), table_name='registermember')
    op.drop_index(op.f('ix_registermember_account_id'), table_name='registermember')
    op.drop_table('registermember')
