def log = new File(basedir, 'build.log').text
assert log.contains('Plan: ingest 2 tables into ')
assert log.contains('(dry run, nothing written)')
// scale 0.0002: 684 orders (1 part), 6,487 prior rows (2 parts of 5,000)
assert log.contains('table order_products__prior: 6487 rows -> 2 parts in data/batch/order_products__prior/year=2024/month=05/day=07/hhmm=0930')
assert log.contains('part     data/batch/order_products__prior/year=2024/month=05/day=07/hhmm=0930/order_products__prior_part00002.csv')
assert log.contains('manifest data/batch/orders/year=2024/month=05/day=07/hhmm=0930/_manifest.json')
assert log.contains('sql      COPY (SELECT * FROM "order_products__prior" WHERE rowid >= 5000 AND rowid < 10000)')

// Nothing was written: the lake does not even exist.
assert !new File(basedir, 'target/lake').exists()

// The same goal runs outside any project, like a command-line tool, from an empty directory.
def standalone = new File(basedir, 'target/standalone')
standalone.mkdirs()
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
// -llr: the IT repository's artifacts came from a file: mirror, which offline mode would otherwise refuse.
def command = [mvn, '-B', '-o', '-llr', "-Dmaven.repo.local=${localRepositoryPath}", "${pluginCoordinates}:plan",
               "-Dinsightflow.source.url=jdbc:duckdb:${new File(basedir, 'target/warehouse.duckdb').absolutePath}",
               '-Dinsightflow.tables=orders']
def process = command.collect { it.toString() }.execute(null, standalone)
def output = new StringBuilder()
process.consumeProcessOutput(output, output)
assert process.waitFor() == 0 : output
assert output.contains('@ standalone-pom')
assert output.contains('Plan: ingest 1 tables into ')
assert output.contains('table orders: 684 rows -> 1 parts')
assert standalone.list() as List == [] : "plan wrote ${standalone.list()}"
return true
