"""plan changes and the notice's cost

Revision ID: b6f2d8c3e012
Revises: a5e1c7b2d901
Create Date: 2026-12-12 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'b6f2d8c3e012'
down_revision: Union[str, None] = 'a5e1c7b2d901'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Plus → Bas at the renewal: the Stripe subscription schedule and the plan it switches to
    with op.batch_alter_table('billingaccount', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_schedule_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('scheduled_plan_code', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('billingaccount', schema=None) as batch_op:
        batch_op.drop_column('scheduled_plan_code')
        batch_op.drop_column('plan_schedule_id')
