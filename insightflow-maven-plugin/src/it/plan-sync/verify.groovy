import java.sql.Connection

def schema = "${schemaPrefix}_plansync"
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains("Plan: sync 2 objects, 1845 rows from ")
    assert log.contains("into schema ${schema} (mode incremental, 0 objects already loaded; dry run, nothing written)")
    assert log.contains('object data/batch/aisles/year=2024/month=05/day=07/hhmm=0930/aisles_part00001.csv -> table aisles: 134 rows')
    assert log.contains("COPY \"${schema}\".\"aisles\" (\"aisle_id\", \"aisle\") FROM STDIN (FORMAT csv, HEADER")

    // Nothing was written: not even the schema or the catalog exists.
    def rs = pg.createStatement().executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '${schema}'")
    rs.next()
    assert rs.getLong(1) == 0 : "plan created schema ${schema}"
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
