package io.insightflow.internal.warehouse;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loads CSV files into warehouse tables, one table per file: the upstream load that fills the
 * warehouse before ingestion. Implementations differ only in how one table is loaded.
 */
public interface WarehouseLoader {

  /**
   * Creates or replaces one table from one CSV file with a header line.
   *
   * @param table the table name; validated
   * @return rows in the table after the load
   * @throws io.insightflow.api.InsightflowConfigException when the table name is not valid
   * @throws io.insightflow.api.InsightflowException when reading the file or the load fails
   */
  long loadTable(String table, Path file);

  /**
   * Loads every {@code *.csv} file of a directory into the table named after the file.
   *
   * @return rows loaded per table, in file-name order
   * @throws io.insightflow.api.InsightflowConfigException naming the file when its name is not a valid
   *     table name
   * @throws io.insightflow.api.InsightflowException when a load fails; tables loaded before stay loaded
   */
  default Map<String, Long> loadDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return loadAll(CsvFiles.scan(directory));
  }

  /**
   * Loads each file into its table.
   *
   * @param files table name → CSV file, loaded in the map's iteration order
   * @return rows loaded per table
   * @throws io.insightflow.api.InsightflowConfigException when a table name is not a valid identifier
   * @throws io.insightflow.api.InsightflowException when a load fails; tables loaded before stay loaded
   */
  default Map<String, Long> load(Map<String, Path> files) {
    Objects.requireNonNull(files, "files");
    return loadAll(CsvFiles.checked(files));
  }

  private Map<String, Long> loadAll(Map<String, Path> files) {
    Map<String, Long> rows = new LinkedHashMap<>();
    files.forEach((table, file) -> rows.put(table, loadTable(table, file)));
    return Collections.unmodifiableMap(rows);
  }
}
