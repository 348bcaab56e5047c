package io.insightflow.maven;

import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings goal tests share: a DuckDB warehouse and a lake under {@code dir}, the test's PostgreSQL schema. */
final class GoalSettings {

  private GoalSettings() {}

  /** {@code tables} of {@code dir}/warehouse.duckdb, ingested at one trigger time into {@code dir}/lake, synced into {@code pg}. */
  static Map<String, String> of(Path dir, PostgresTestDatabase pg, String tables) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("insightflow.source.url", "jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
    settings.put("insightflow.tables", tables);
    settings.put("insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z");
    settings.put("insightflow.lake", dir.resolve("lake").toString());
    settings.put("insightflow.target.url", pg.url());
    settings.put("insightflow.target.user", pg.user());
    settings.put("insightflow.target.schema", pg.schema());
    return settings;
  }
}
