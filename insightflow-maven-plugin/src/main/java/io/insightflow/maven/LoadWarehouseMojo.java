package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * Loads CSV files (one table per file, named after it) into the warehouse at
 * {@code insightflow.source.url}: DuckDB or PostgreSQL. Existing tables of the same name are
 * replaced. {@code insightflow.tables} restricts the files.
 *
 * <pre>mvn insightflow:load-warehouse -Dinsightflow.load.dir=data/generated</pre>
 */
@Mojo(name = "load-warehouse", threadSafe = true, requiresProject = false)
public class LoadWarehouseMojo extends AbstractInsightflowMojo {

  /**
   * Warehouse JDBC URL ({@code insightflow.source.url}): {@code jdbc:duckdb:<file>} (relative to the
   * project) or {@code jdbc:postgresql://…} (tables go to schema {@code public}). Default
   * {@code jdbc:duckdb:warehouse.duckdb}. The password goes in {@code insightflow.source.password}.
   */
  @Parameter(property = "insightflow.source.url")
  private PlexusConfiguration sourceUrl;

  /** Warehouse user ({@code insightflow.source.user}). */
  @Parameter(property = "insightflow.source.user")
  private String sourceUser;

  /** Directory of CSV files, relative to the project ({@code insightflow.load.dir}). Default {@code data/generated}. */
  @Parameter(property = "insightflow.load.dir")
  private String loadDir;

  /** Schema to fill when the warehouse is PostgreSQL ({@code insightflow.load.schema}). Default {@code public}. */
  @Parameter(property = "insightflow.load.schema")
  private String loadSchema;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.SOURCE_URL, evaluate(sourceUrl));
    values.put(InsightflowProperties.SOURCE_USER, sourceUser);
    values.put(InsightflowProperties.LOAD_DIR, loadDir);
    values.put(InsightflowProperties.LOAD_SCHEMA, loadSchema);
  }

  @Override
  protected String run(Insightflow flow) {
    Map<String, Long> rows = flow.loadWarehouse();
    return "Loaded " + rows.size() + " tables, " + rows.values().stream().mapToLong(Long::longValue).sum()
        + " rows into the warehouse: " + rows;
  }
}
