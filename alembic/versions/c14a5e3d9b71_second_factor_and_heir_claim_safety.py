"""second factor and heir claim safety: admin code steps, heir reviewers, claim decision time

- `adminuser.totp_last_step`: the time step of the last admin code accepted (no replay).
- `adminuser.heir_reviewer`: only these admins open the evidence of heir claims.
- `heirclaim.decided_at`: when a claim was decided; its evidence is deleted a while after.

No new table, so no row-level-security policy to add.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'c14a5e3d9b71'
down_revision: Union[str, None] = 'b7e4c2a91d53'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('adminuser') as batch:
        batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('heir_reviewer', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('heirclaim') as batch:
        batch.add_column(sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('heirclaim') as batch:
        batch.drop_column('decided_at')
    with op.batch_alter_table('adminuser') as batch:
        batch.drop_column('heir_reviewer')
        batch.drop_column('totp_last_step')
