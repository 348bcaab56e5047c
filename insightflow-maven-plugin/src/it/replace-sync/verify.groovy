import java.sql.Connection

def schema = "${schemaPrefix}_replace"
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    def log = new File(basedir, 'build.log').text
    // scale 0.0005: 1,711 orders per run
    assert log =~ /table orders: write mode replace, run data\/batch\/orders\/year=2024\/month=05\/\S+ is older than run data\/batch\/orders\/year=2024\/month=06\/\S+ that the table holds: nothing loads/
    assert log =~ /Synced objects=0 rows=0 rejected=0 skipped=2 busy=0 failed=0/ : 'May superseded, June already loaded'
    assert log =~ /orders +lake=2 loaded=2 pending=0 failed=0 rows=1711 last=2024-06-07T09:30:00Z writeMode=replace/

    def rs = pg.createStatement().executeQuery("SELECT count(*), min(l.manifest_key), max(l.manifest_key) FROM \"${schema}\".orders o"
        + " JOIN \"${schema}\"._insightflow_loaded l ON l.object_id = o._insightflow_object")
    rs.next()
    assert rs.getLong(1) == 1711
    assert rs.getString(2).contains('month=06') && rs.getString(3).contains('month=06')
    rs = pg.createStatement().executeQuery("SELECT state FROM \"${schema}\"._insightflow_loaded WHERE manifest_key LIKE '%month=05%'")
    rs.next()
    assert rs.getString(1) == 'superseded'
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
