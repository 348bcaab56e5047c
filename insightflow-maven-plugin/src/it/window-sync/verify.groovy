import java.sql.Connection

def schema = "${schemaPrefix}_window"
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    def log = new File(basedir, 'build.log').text
    // scale 0.0005: 1,711 orders per run
    assert log =~ /Synced objects=1 rows=1711 rejected=0 skipped=0 busy=0 failed=0/ : 'the window loads May only'
    assert log =~ /orders +lake=2 loaded=1 pending=1 failed=0 rows=1711 last=2024-05-07T09:30:00Z/
    assert log =~ /Synced objects=1 rows=1711 rejected=0 skipped=1 busy=0 failed=0/ : 'incremental loads June, skips May'

    def rs = pg.createStatement().executeQuery("SELECT count(*) FROM \"${schema}\".orders")
    rs.next()
    assert rs.getLong(1) == 2 * 1711
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
