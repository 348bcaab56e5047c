import java.sql.Connection

def schema = "${schemaPrefix}_secrets"
Connection pg = new org.postgresql.Driver().connect(pgUrl, [user: 'postgres'] as Properties)
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('[DEBUG]') : 'the -X invocations must have run'
    // Every invocation ran: 2 pipelines, 10 failures of single goals, 1 success of generate.
    assert log.count('Ingested 1 tables, 134 rows') == 2
    assert log.count('BUILD FAILURE') == 10
    // The goals' settings lines show that the passwords arrived, masked, and both URL forms masked.
    assert log.contains('insightflow.source.password=****')
    assert log.contains('insightflow.target.password=****')
    assert log.contains('?password=****')
    assert log.contains('//u:****@127.0.0.1')
    // Failures name what failed without the secret: the driver's echo of the URL is masked too.
    assert log.contains('Unknown host u:****@127.0.0.1') || log.contains('UnknownHostException: u:****@127.0.0.1')
    // -X printed the endpoint parameters, and the settings line shows the endpoints arrived, masked. [#19]
    assert log.contains('(f) s3Endpoint = <s3Endpoint>${insightflow.s3.endpoint}</s3Endpoint>')
    assert log.contains('(f) kinesisEndpoint = <kinesisEndpoint>${insightflow.kinesis.endpoint}</kinesisEndpoint>')
    assert log.contains('insightflow.s3.endpoint=http://key:****@127.0.0.1:9')
    ['CliSecret-7f3a', 'EnvSecret-91c2', 'EnvSecret-0b5e', 'QueryPw-3d1e', 'UserInfoPw-5c6b', 'EndpointPw-8e1d'].each { secret ->
        def line = log.readLines().find { it.contains(secret) }
        assert line == null : "build.log shows ${secret}: ${line}"
    }
    // The first pipeline loaded the run; the second rewrote it with the same content and loaded nothing.
    assert log.count('Synced objects=1 rows=134 ') == 1
    assert log.count('Synced objects=0 rows=0 ') == 1
    def rs = pg.createStatement().executeQuery("SELECT count(*) FROM \"${schema}\".aisles")
    rs.next()
    assert rs.getLong(1) == 134
} finally {
    pg.createStatement().execute("DROP SCHEMA IF EXISTS \"${schema}\" CASCADE")
    pg.close()
}
return true
