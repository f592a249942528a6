"""banned_people (bans outlive /forget), quarantined_updates, users.slowed_down_at and last_seen_at

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import db.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'banned_people',
        sa.Column('tg_hash', sa.String(length=64), nullable=False),
        sa.Column('banned_at', db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('tg_hash', name=op.f('pk_banned_people')),
    )
    op.create_table(
        'quarantined_updates',
        sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.Column('received_at', db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('update_id', name=op.f('pk_quarantined_updates')),
    )
    op.add_column('users', sa.Column('slowed_down_at', db.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('last_seen_at', db.base.UTCDateTime(timezone=True), nullable=True))
    op.execute('UPDATE users SET last_seen_at = updated_at')  # nullable: batch mode would cascade deletes
    # Bans given before this table existed.
    op.execute('INSERT INTO banned_people (tg_hash, banned_at) SELECT tg_hash, banned_at FROM users WHERE banned_at IS NOT NULL')


def downgrade() -> None:
    op.drop_column('users', 'last_seen_at')
    op.drop_column('users', 'slowed_down_at')
    op.drop_table('quarantined_updates')
    op.drop_table('banned_people')
