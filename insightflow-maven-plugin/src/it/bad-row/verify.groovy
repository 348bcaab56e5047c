import java.sql.Connection

def schema = "${schemaPrefix}_badrow"
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    // A bad row is the data's fault: MojoFailureException, with object, line and column.
    def failure = log.readLines().find { it.contains('Sync failed for 1 objects') }
    assert failure != null
    assert failure.contains('data/batch/aisles/year=2024/month=05/day=07/hhmm=0930/aisles_part00001.csv')
    assert failure.contains('line 2')
    assert failure.contains('column aisle')
    assert log.contains('MojoFailureException')
    // [#23] The metrics are printed before the failure, the failed object counted.
    assert log =~ /Metrics: insightflow.rows.loaded=0 insightflow.bytes.loaded=0 insightflow.objects.loaded=0 insightflow.objects.failed=1 /

    // Nothing of the object was committed.
    def rs = pg.createStatement().executeQuery("SELECT count(*) FROM \"${schema}\".aisles")
    rs.next()
    assert rs.getLong(1) == 0
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
