"""agreements and company details

- `plan.agreement_product_id`: the Stripe product that agreed prices of a plan sold by agreement
  (SuperPro) are made on; made at the first agreement, reused after.
- `billingaccount.vat_number` and `invoice_reference`: a company customer's VAT number (derived from the
  org nr unless entered) and "er referens", both sent to the Stripe customer and so onto its invoices.

Revision ID: c7a3e9d4f123
Revises: b6f2d8c3e012
Create Date: 2026-12-12 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'c7a3e9d4f123'
down_revision: Union[str, None] = 'b6f2d8c3e012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('plan') as batch_op:
        batch_op.add_column(sa.Column('agreement_product_id', sqlmodel.sql.sqltypes.AutoString(length=100),
                                      nullable=True))
    with op.batch_alter_table('billingaccount') as batch_op:
        batch_op.add_column(sa.Column('vat_number', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True))
        batch_op.add_column(sa.Column('invoice_reference', sqlmodel.sql.sqltypes.AutoString(length=60),
                                      nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('billingaccount') as batch_op:
        batch_op.drop_column('invoice_reference')
        batch_op.drop_column('vat_number')
    with op.batch_alter_table('plan') as batch_op:
        batch_op.drop_column('agreement_product_id')
