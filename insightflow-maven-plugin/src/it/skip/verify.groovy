def log = new File(basedir, 'build.log').text
assert (log =~ /Skipping: insightflow.skip=true/).count == 8
// 2: refused before doing anything, naming the key and what it accepts.
assert log.count('BUILD FAILURE') == 1
assert log.contains("insightflow.skip: 'yes' is not a boolean; use true or false")
assert !new File(basedir, 'target/generated').exists()
assert !new File(basedir, 'target/warehouse.duckdb').exists()
assert !new File(basedir, 'target/lake').exists()
return true
