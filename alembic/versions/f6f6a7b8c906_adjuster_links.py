"""adjuster links

- `sharedlink`: a read-only link the owner gives an adjuster, broker or lawyer; its token and access code
  kept as keyed SHA-256 only.
- `sharedlinkitem`: the objects a link shows (or the link names a place).
- `sharedlinkvisit`: every opening and download through a link, with the coarse address.
All three have an `account_id` (the register): the tenant row-level-security policy on PostgreSQL, and the
rows go with the account (ON DELETE CASCADE).

Revision ID: f6f6a7b8c906
Revises: f5e5f6a7b805
Create Date: 2026-12-07 15:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'f6f6a7b8c906'
down_revision: Union[str, None] = 'f5e5f6a7b805'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"
TABLES = ("sharedlink", "sharedlinkitem", "sharedlinkvisit")


def upgrade() -> None:
    op.create_table(
        'sharedlink',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=True),
        sa.Column('show_prices', sa.Boolean(), nullable=False),
        sa.Column('show_receipts', sa.Boolean(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['location_id'], ['location.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_sharedlink_account_id'), 'sharedlink', ['account_id'], unique=False)
    op.create_index(op.f('ix_sharedlink_location_id'), 'sharedlink', ['location_id'], unique=False)
    op.create_index(op.f('ix_sharedlink_expires_at'), 'sharedlink', ['expires_at'], unique=False)
    op.create_table(
        'sharedlinkitem',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['item_id'], ['item.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['link_id'], ['sharedlink.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_sharedlinkitem_account_id'), 'sharedlinkitem', ['account_id'], unique=False)
    op.create_index(op.f('ix_sharedlinkitem_item_id'), 'sharedlinkitem', ['item_id'], unique=False)
    op.create_index(op.f('ix_sharedlinkitem_link_id'), 'sharedlinkitem', ['link_id'], unique=False)
    op.create_table(
        'sharedlinkvisit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('detail', sa.String(length=200), nullable=False),
        sa.Column('address_prefix', sa.String(length=50), nullable=False),
        sa.Column('cookie_hash', sa.String(length=64), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['link_id'], ['sharedlink.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_sharedlinkvisit_account_id'), 'sharedlinkvisit', ['account_id'], unique=False)
    op.create_index(op.f('ix_sharedlinkvisit_link_id'), 'sharedlinkvisit', ['link_id'], unique=False)
    op.create_index(op.f('ix_sharedlinkvisit_cookie_hash'), 'sharedlinkvisit', ['cookie_hash'], unique=False)
    op.create_index(op.f('ix_sharedlinkvisit_created_at'), 'sharedlinkvisit', ['created_at'], unique=False)
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
    for index in ('created_at', 'cookie_hash', 'link_id', 'account_id'):
        op.drop_index(op.f(f'ix_sharedlinkvisit_{index}'), table_name='sharedlinkvisit')
    op.drop_table('sharedlinkvisit')
    for index in ('link_id', 'item_id', 'account_id'):
        op.drop_index(op.f(f'ix_sharedlinkitem_{index}'), table_name='sharedlinkitem')
    op.drop_table('sharedlinkitem')
    for index in ('expires_at', 'location_id', 'account_id'):
        op.drop_index(op.f(f'ix_sharedlink_{index}'), table_name='sharedlink')
    op.drop_table('sharedlink')
