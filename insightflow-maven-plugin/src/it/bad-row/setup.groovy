def schema = "${schemaPrefix}_badrow"
def pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    pg.createStatement().execute("CREATE SCHEMA \"${schema}\"")
    pg.createStatement().execute("CREATE TABLE \"${schema}\".aisles (aisle_id INTEGER, aisle INTEGER)")
} finally {
    pg.close()
}
return true
