def log = new File(basedir, 'build.log').text
assert log.contains('insightflow.tables: is required') : 'the failure must name the missing key'
assert log.contains('BUILD FAILURE')
// A configuration problem is a MojoFailureException (the user's to fix), not an internal error.
assert log.contains('MojoFailureException')
assert !new File(basedir, 'target/lake/data').exists()
return true
