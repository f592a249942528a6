"""Tickets remember the danger categories, the name of the consultant who took them and their staff
group (a role's own group); what is left of a ticket whose person used /forget is kept as figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:00:00.000000
"""

from alembic import op
import sqlalchemy as sa

import db.base


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, not batch mode (see 0006: a table copy on SQLite would cascade deletes).


def upgrade() -> None:
    op.add_column('tickets', sa.Column('danger', sa.String(length=64), nullable=True))
    op.add_column('tickets', sa.Column('taken_by_name', sa.String(length=64), nullable=True))
    op.add_column('tickets', sa.Column('staff_chat_id', sa.BigInteger(), nullable=True))
    op.create_table(
        'forgotten_tickets',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('opened_at', db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('first_staff_reply_at', db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_at', db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('closed_by_forget', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forgotten_tickets')),
    )
    op.create_index(op.f('ix_forgotten_tickets_opened_at'), 'forgotten_tickets', ['opened_at'], unique=False)
    op.create_index(op.f('ix_forgotten_tickets_closed_at'), 'forgotten_tickets', ['closed_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_forgotten_tickets_closed_at'), table_name='forgotten_tickets')
    op.drop_index(op.f('ix_forgotten_tickets_opened_at'), table_name='forgotten_tickets')
    op.drop_table('forgotten_tickets')
    op.drop_column('tickets', 'staff_chat_id')
    op.drop_column('tickets', 'taken_by_name')
    op.drop_column('tickets', 'danger')
