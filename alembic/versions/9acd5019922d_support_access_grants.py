"""support access grants: a customer lets support read the register for one thread; every look is kept

Revision ID: 9acd5019922d
Revises: 8d9f8c896d42
Create Date: 2026-12-06 07:44:23.314474
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '9acd5019922d'
down_revision: Union[str, None] = '8d9f8c896d42'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('supportaccessgrant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('granted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('ended_reason', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['supportthread.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supportaccessgrant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supportaccessgrant_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supportaccessgrant_thread_id'), ['thread_id'], unique=False)

    op.create_table('supportaccessview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('admin_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['admin_id'], ['adminuser.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['grant_id'], ['supportaccessgrant.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supportaccessview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supportaccessview_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supportaccessview_admin_id'), ['admin_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supportaccessview_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_supportaccessview_grant_id'), ['grant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('supportaccessview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supportaccessview_grant_id'))
        batch_op.drop_index(batch_op.f('ix_supportaccessview_created_at'))
        batch_op.drop_index(batch_op.f('ix_supportaccessview_admin_id'))
        batch_op.drop_index(batch_op.f('ix_supportaccessview_account_id'))

    op.drop_table('supportaccessview')
    with op.batch_alter_table('supportaccessgrant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supportaccessgrant_thread_id'))
        batch_op.drop_index(batch_op.f('ix_supportaccessgrant_account_id'))

    op.drop_table('supportaccessgrant')
