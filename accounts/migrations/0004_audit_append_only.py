"""The audit trail is append-only in the database itself (PostgreSQL): a trigger refuses every
UPDATE and DELETE of an audit row, whoever sends it (the admin, a shell, a bug, a raw SQL
session). INSERT is untouched; TRUNCATE (the test runner's flush, a restore drill) is a
statement of its own and not covered by these row triggers.

Plain SQL rather than django-pgtrigger or django-pghistory: one trigger needs no new
dependency, and pghistory records history (event tables), it does not forbid changes.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only (% refused on accounts_auditentry)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_auditentry_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_auditentry_append_only ON accounts_auditentry;
DROP FUNCTION IF EXISTS accounts_auditentry_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: the % are PL/pgSQL's

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_outgoing_email")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
