package io.insightflow.internal.warehouse;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.generate.InstacartTable;
import io.insightflow.api.Printable;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finding CSV files, naming their tables and reading their headers; shared by the loaders. */
final class CsvFiles {

  static final String DIR_KEY = "insightflow.load.dir";
  static final String TABLE_KEY = "insightflow.tables";
  private static final String SUFFIX = ".csv";

  private CsvFiles() {}

  /**
   * The {@code *.csv} files of {@code directory} (not recursive), keyed by table name, sorted by
   * name. Names starting with '.' or '_' (temporary and marker files) are skipped.
   */
  static Map<String, Path> scan(Path directory) {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(Files::isRegularFile)
          .filter(p -> {
            String name = p.getFileName().toString();
            return name.endsWith(SUFFIX) && !name.startsWith(".") && !name.startsWith("_");
          })
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new InsightflowConfigException(DIR_KEY, "cannot list CSV files in " + directory + ": "
          + e.getMessage(), e);
    }
    Map<String, Path> tables = new LinkedHashMap<>();
    for (Path file : files) {
      tables.put(tableName(file), file);
    }
    return tables;
  }

  /** The table name of a file: its name without {@code .csv}, validated as an identifier. */
  static String tableName(Path file) {
    String name = file.getFileName().toString();
    String table = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    Identifiers.problem(table).ifPresent(problem -> {
      throw new InsightflowConfigException(TABLE_KEY, "file " + Printable.of(file) + " gives the table name '"
          + Printable.of(table) + "', which is not a valid identifier: " + problem + "; rename the file");
    });
    return table;
  }

  /** Checks every table name of an explicit table → file map, before anything is loaded. */
  static Map<String, Path> checked(Map<String, Path> files) {
    Map<String, Path> copy = new LinkedHashMap<>();
    files.forEach((table, file) -> copy.put(Identifiers.validate(TABLE_KEY, table),
        Objects.requireNonNull(file, "file of table " + table)));
    return copy;
  }

  /** The header fields of a CSV file; empty for an empty file. */
  static List<String> header(Path file) {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file, StandardCharsets.UTF_8)) {
      Iterator<CsvRecord> it = reader.iterator();
      return it.hasNext() ? it.next().getFields() : List.of();
    } catch (IOException | RuntimeException e) {
      throw new InsightflowException("Cannot read the CSV header of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The Instacart table whose column types apply: {@code table} must be one of the six and the file's
   * header must be exactly its header. Otherwise the loader falls back to generic handling.
   */
  static Optional<InstacartTable> instacart(String table, List<String> header) {
    return InstacartTable.byName(table).filter(t -> t.columnNames().equals(header));
  }
}
