"""replicas: outbox rows carry their owner and lease, named leases, inbox rows their chat key

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import db.base


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD COLUMN on both databases (see 0006 for why not batch mode on SQLite).


def upgrade() -> None:
    op.add_column('outbox', sa.Column('claimed_by', sa.String(length=64), nullable=True))
    op.add_column('outbox', sa.Column('lease_until', db.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('inbox_updates', sa.Column('chat_key', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_inbox_updates_chat_key'), 'inbox_updates', ['chat_key'], unique=False)
    op.create_table(
        'leases',
        sa.Column('name', sa.String(length=96), nullable=False),
        sa.Column('owner', sa.String(length=64), nullable=False),
        sa.Column('expires_at', db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_leases')),
    )
    op.create_index(op.f('ix_leases_expires_at'), 'leases', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_leases_expires_at'), table_name='leases')
    op.drop_table('leases')
    op.drop_index(op.f('ix_inbox_updates_chat_key'), table_name='inbox_updates')
    op.drop_column('inbox_updates', 'chat_key')
    op.drop_column('outbox', 'lease_until')
    op.drop_column('outbox', 'claimed_by')
