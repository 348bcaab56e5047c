import java.sql.Connection

def schema = "${schemaPrefix}_stream"
def settings = new Properties()
new File(basedir, 'emulator.properties').withInputStream { settings.load(it) }
def stream = settings.getProperty('insightflow.stream.name')
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains("Published 500 events to stream ${stream}: batches=1 retriedEntries=")
    assert log =~ /Consumed 500 records from stream ${stream} into .*: rows=500 dropped=0 failed=0 objects=\d+ shardsClosed=0 stop=MAX_RECORDS/
    assert log =~ /Synced objects=\d+ rows=500 rejected=0 skipped=0 busy=0 failed=0/
    assert log =~ /order_events +lake=(\d+) loaded=\1 pending=0 failed=0 rows=500 /
    // The re-run: the checkpoints say everything was read, the sync catalog that everything was loaded.
    assert log =~ /Consumed 0 records from stream ${stream} into .*: rows=0 dropped=0 failed=0 objects=0 shardsClosed=0 stop=IDLE/
    assert log =~ /Synced objects=0 rows=0 rejected=0 skipped=\d+ busy=0 failed=0/

    // Stream objects with one manifest each, in the stream layout, in the folder of their table.
    def folder = new File(basedir, "target/lake/data/stream/order_events")
    def manifests = []
    folder.eachFileRecurse { if (it.name.startsWith("_manifest.${stream}.") && it.name.endsWith('.json')) manifests << it }
    assert !manifests.isEmpty()
    assert manifests.every { it.parentFile.path =~ /year=\d{4}\/month=\d\d\/day=\d\d\/hhmm=\d{4}$/ }

    def rs = pg.createStatement().executeQuery(
            "SELECT count(*), count(DISTINCT order_id), min(order_id), max(order_id) FROM \"${schema}\".order_events")
    rs.next()
    assert [rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)] == [500L, 500L, 1L, 500L]
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
