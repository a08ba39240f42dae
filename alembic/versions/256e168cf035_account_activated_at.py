"""Account activation: a sign-up logs in only after its first e-mailed link is used

Accounts that exist already count as activated (they could log in before), so
nobody is locked out by the upgrade.

Revision ID: 256e168cf035
Revises: 3e7dce2c1eff
Create Date: 2026-12-06 07:48:20.828148
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '256e168cf035'
down_revision: Union[str, None] = '3e7dce2c1eff'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('activated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute("UPDATE account SET activated_at = created_at WHERE activated_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('activated_at')
