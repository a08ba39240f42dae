"""Company registers for SuperPro: a link table and the session's active register.

Revision ID: 3e7dce2c1eff
Revises: 9acd5019922d
Create Date: 2026-12-06 07:44:26.486289
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '3e7dce2c1eff'
down_revision: Union[str, None] = '9acd5019922d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('companyregister',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('register_account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['register_account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('register_account_id')
    )
    with op.batch_alter_table('companyregister', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_companyregister_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active_register_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_authsession_active_register_id', 'account', ['active_register_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('authsession', schema=None) as batch_op:
        batch_op.drop_constraint('fk_authsession_active_register_id', type_='foreignkey')
        batch_op.drop_column('active_register_id')

    with op.batch_alter_table('companyregister', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_companyregister_account_id'))

    op.drop_table('companyregister')
