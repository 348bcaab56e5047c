package io.insightflow.maven;

import io.insightflow.Insightflow;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Loads CSV files (one table per file, named after it) into the warehouse at
 * {@code insightflow.source.url}: DuckDB or PostgreSQL. Existing tables of the same name are
 * replaced. {@code insightflow.tables} restricts the files.
 *
 * <pre>mvn insightflow:load-warehouse -Dinsightflow.load.dir=data/generated</pre>
 */
@GoalKeys({"insightflow.source.", "insightflow.load."})
@Mojo(name = "load-warehouse", threadSafe = true, requiresProject = false)
public class LoadWarehouseMojo extends LoadWarehouseParameters {

  @Override
  protected String run(Insightflow flow) {
    Map<String, Long> rows = flow.loadWarehouse();
    return "Loaded " + rows.size() + " tables, " + rows.values().stream().mapToLong(Long::longValue).sum()
        + " rows into the warehouse: " + rows;
  }
}
