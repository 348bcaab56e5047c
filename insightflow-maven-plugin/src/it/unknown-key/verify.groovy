def log = new File(basedir, 'build.log').text
// 1: ran, with one warning line about the unknown variable per goal execution.
assert log.count('Generated 1 tables') == 1
assert log.count('Ignoring environment variables that name no insightflow key: INSIGHTFLOW_GENERATE_SCAEL'
        + ' (did you mean INSIGHTFLOW_GENERATE_SCALE?)') == 5
// 2-5: failed before doing anything, naming the key, where it came from and the nearest known one.
assert log.count('BUILD FAILURE') == 4
assert log.contains('insightflow.ingest.compresion: Unknown key in -D; did you mean insightflow.ingest.')
assert log.contains('insightflow.generate.sead: Unknown key in the configuration file')
assert log.contains('typo.properties; did you mean insightflow.generate.seed?')
assert log.contains("<generateSeeds>: Unknown parameter in the pom's <configuration> of insightflow-maven-plugin;"
        + ' did you mean <generateSeed>?')
assert log.contains("insightflow.generate.scal: Unknown key in the pom's <properties>; did you mean insightflow.generate.scale?")
assert !new File(basedir, 'target/from-file').exists()
return true
