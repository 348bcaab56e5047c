def log = new File(basedir, 'build.log').text
assert (log =~ /Skipping: insightflow.skip=true/).count == 8
assert !new File(basedir, 'target/generated').exists()
assert !new File(basedir, 'target/warehouse.duckdb').exists()
assert !new File(basedir, 'target/lake').exists()
return true
