"""tickets.user_blocked is gone: whether a person blocked the bot is users.blocked_bot_at

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite has DROP COLUMN since 3.35). Not batch mode: on
# SQLite it copies the table and drops the old one, and with foreign keys on, that drop cascades
# to every ticket message and outbox row.


def upgrade() -> None:
    op.drop_column('tickets', 'user_blocked')


def downgrade() -> None:
    op.add_column('tickets', sa.Column('user_blocked', sa.Boolean(), server_default=sa.false(), nullable=False))
