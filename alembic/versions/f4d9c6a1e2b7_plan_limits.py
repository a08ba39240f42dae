"""plan limits: the one table of plan limits kept as data on the plan

- `plan.max_stored_bytes`, `plan.max_members` (NULL: unlimited or by agreement), `plan.claim_pack`,
  `plan.qr_labels` (the feature is in the plan). `plan.max_objects` was already there.
- The existing plans get the figures of the seed (`services/billing/plans.py`): Bas 1 000 objects,
  5 GB, one member, no claim pack or labels; Plus unlimited objects, 50 GB, five members, claim pack
  and labels; SuperPro unlimited objects, 500 GB, members by agreement, claim pack and labels.
  The feature lines that repeated a limit in words (`plan.feature.objects_1000`,
  `plan.feature.objects_unlimited`, `plan.feature.claims`) leave `feature_keys`: the pages now write
  those lines from the figures. The downgrade drops the columns and leaves the feature keys as they are.

Revision ID: f4d9c6a1e2b7
Revises: e3c8f5b0d2a1
Create Date: 2026-12-11 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'f4d9c6a1e2b7'
down_revision: Union[str, None] = 'e3c8f5b0d2a1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GB = 1024 ** 3
# code: (max_objects, max_stored_bytes, max_members, claim_pack, qr_labels), as in the seed
LIMITS = {
    "bas": (1_000, 5 * GB, 1, False, False),
    "plus": (None, 50 * GB, 5, True, True),
    "superpro": (None, 500 * GB, None, True, True),
}

FROM_FIGURES = {"plan.feature.objects_1000", "plan.feature.objects_unlimited", "plan.feature.claims"}


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch_op:
        batch_op.add_column(sa.Column("max_stored_bytes", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("max_members", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claim_pack", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("qr_labels", sa.Boolean(), nullable=False, server_default="0"))
    plan = sa.table("plan", sa.column("code", sa.String), sa.column("max_objects", sa.Integer),
                    sa.column("max_stored_bytes", sa.BigInteger), sa.column("max_members", sa.Integer),
                    sa.column("claim_pack", sa.Boolean), sa.column("qr_labels", sa.Boolean))
    for code, (objects, stored, members, claims, labels) in LIMITS.items():
        op.execute(plan.update().where(plan.c.code == code).values(
            max_objects=objects, max_stored_bytes=stored, max_members=members, claim_pack=claims, qr_labels=labels))
    keys = sa.table("plan", sa.column("id", sa.Integer), sa.column("feature_keys", sa.String))
    bind = op.get_bind()
    for row_id, joined in bind.execute(sa.select(keys.c.id, keys.c.feature_keys)).all():
        kept = ",".join(key for key in (joined or "").split(",") if key and key not in FROM_FIGURES)
        if kept != (joined or ""):
            bind.execute(keys.update().where(keys.c.id == row_id).values(feature_keys=kept))


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch_op:
        batch_op.drop_column("qr_labels")
        batch_op.drop_column("claim_pack")
        batch_op.drop_column("max_members")
        batch_op.drop_column("max_stored_bytes")
