package io.insightflow.sync;

import io.insightflow.lake.LocalObjectStore;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A local lake in a temporary directory and a reserved PostgreSQL schema for each sync test. */
abstract class LakeSyncFixture {

  static final Instant T1 = Instant.parse("2024-05-07T09:30:00Z");

  @TempDir Path dir;
  PostgresTestDatabase pg;
  LocalObjectStore store;
  TestLake lake;
  LakeSync sync;

  @BeforeEach
  void setUp() {
    pg = PostgresTestDatabase.reserve();
    store = new LocalObjectStore(dir);
    lake = new TestLake(store);
    sync = new LakeSync(pg.targetOptions());
  }

  @AfterEach
  void tearDown() {
    pg.close();
  }

  /** A table of the test schema, quoted for SQL. */
  String t(String table) {
    return "\"" + pg.schema() + "\".\"" + table + "\"";
  }
}
