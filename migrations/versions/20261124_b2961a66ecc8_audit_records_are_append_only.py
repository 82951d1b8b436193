"""audit records are append-only

Revision ID: b2961a66ecc8
Revises: 56e5249036f9
Create Date: 2026-11-24 01:17:29.517047

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2961a66ecc8'
down_revision = '56e5249036f9'
branch_labels = None
depends_on = None


# the statements as examsvc.models.audit.APPEND_ONLY_SQL had them when this revision was written
APPEND_ONLY_SQL = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit_records is append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
        FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()""",
    ],
    "sqlite": [
        """CREATE TRIGGER audit_records_append_only BEFORE UPDATE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END""",
    ],
}


def upgrade():
    for statement in APPEND_ONLY_SQL.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_records_append_only ON audit_records")
        op.execute("DROP FUNCTION IF EXISTS audit_records_append_only()")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_records_append_only")
