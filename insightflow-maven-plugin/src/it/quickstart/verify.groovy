import java.sql.Connection

def schema = "${schemaPrefix}_quickstart"
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    // The lake has one complete run per table: parts and a manifest, in the fixed trigger time's folder.
    def lake = new File(basedir, 'target/lake/data/batch')
    def tables = ['aisles', 'departments', 'products', 'orders', 'order_products__prior', 'order_products__train']
    tables.each { t ->
        def folder = new File(lake, "${t}/year=2024/month=05/day=07/hhmm=0930")
        assert new File(folder, '_manifest.json').isFile() : "no manifest for ${t}"
        assert new File(folder, "${t}_part00001.csv").isFile() : "no first part for ${t}"
    }
    // scale 0.0005 of 32,434,489 rows = 16,217 rows at 10,000 rows per part: two parts
    assert new File(lake, 'order_products__prior/year=2024/month=05/day=07/hhmm=0930/order_products__prior_part00002.csv').isFile()

    def log = new File(basedir, 'build.log').text
    assert log =~ /Generated 6 tables, \d+ rows/
    assert log =~ /Loaded 6 tables, \d+ rows into the warehouse/
    assert log =~ /Ingested 6 tables, \d+ rows, 7 parts/
    // Progress lines come from core's SLF4J logging, shown by Maven.
    assert log.contains('table=orders parts=1')
    assert log =~ /Synced objects=7 rows=\d+ rejected=0 skipped=0 busy=0 failed=0/
    // [#23] The goals print the metrics under the names the Lambda's EMF and Micrometer use.
    assert log =~ /Metrics: insightflow.rows.loaded=\d+ insightflow.bytes.loaded=\d+ insightflow.objects.loaded=7 insightflow.objects.failed=0 insightflow.objects.remaining=0 /
    assert log =~ /table order_products__prior: insightflow.rows.loaded=16217 /
    assert log =~ /Metrics: insightflow.rows.loaded=\d+ insightflow.bytes.loaded=\d+ insightflow.objects.loaded=7 insightflow.duration=/
    // The incremental re-run loads nothing.
    assert log =~ /Synced objects=0 rows=0 rejected=0 skipped=7 busy=0 failed=0/
    assert log.contains("Plan: sync 0 objects, 0 rows from ")
    assert log.contains("(mode incremental, 7 objects already loaded; dry run, nothing written)")
    assert log.contains("Status of 6 tables in schema ${schema}")
    assert log =~ /order_products__prior +lake=2 loaded=2 pending=0 failed=0 rows=16217 last=2024-05-07T09:30:00Z/

    // PostgreSQL holds exactly the warehouse's rows.
    def warehouse = [aisles: 134, departments: 21, order_products__prior: 16217]
    warehouse.each { table, rows ->
        def rs = pg.createStatement().executeQuery("SELECT count(*) FROM \"${schema}\".\"${table}\"")
        rs.next()
        assert rs.getLong(1) == rows : "${table}: ${rs.getLong(1)} rows"
    }
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
