def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]') : 'the build must run with -X'
assert log.contains('Ingested 1 tables, 134 rows')
// The settings line shows that the passwords arrived, masked.
assert log.contains('insightflow.source.password=****')
assert log.contains('insightflow.target.password=****')
['CliSecret-7f3a', 'EnvSecret-91c2', 'EnvSecret-0b5e'].each { secret ->
    assert !log.contains(secret) : "build.log shows ${secret}"
}
return true
