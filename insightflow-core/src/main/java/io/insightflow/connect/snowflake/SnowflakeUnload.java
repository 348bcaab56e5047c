package io.insightflow.connect.snowflake;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.LakeException;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates Snowflake's server-side unload of a query into a stage under a partition path:
 * {@code COPY INTO @stage/<partition>/<table>_part FROM (query) … HEADER = TRUE MAX_FILE_SIZE = n}.
 * Snowflake then writes the CSV files in parallel straight to the stage's bucket; the files are
 * bounded by bytes (MAX_FILE_SIZE) rather than rows. The CSV options match the lake format: NULL
 * is an empty unquoted field, empty strings are {@code ""}.
 */
@Evolving
public final class SnowflakeUnload {

  private static final Pattern STAGE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_=/.\\-]+");

  private SnowflakeUnload() {}

  /**
   * The unload statement.
   *
   * @param stage a named stage, optionally qualified ({@code db.schema.stage})
   * @param partitionPath the partition folder inside the stage, e.g. {@code data/batch/orders/year=2024/…}
   * @param table the table name, used for the file name prefix
   * @param query the SELECT to unload (trusted SQL from the caller's configuration)
   * @param maxFileSizeBytes upper bound per file (Snowflake allows up to 5 GB)
   */
  public static String sql(String stage, String partitionPath, String table, String query, long maxFileSizeBytes) {
    return sql(stage, partitionPath, table, query, maxFileSizeBytes, false);
  }

  /**
   * The unload statement, writing {@code .csv.gz} files when {@code gzip} is set.
   *
   * @see #sql(String, String, String, String, long)
   */
  public static String sql(String stage, String partitionPath, String table, String query, long maxFileSizeBytes,
      boolean gzip) {
    Objects.requireNonNull(query, "query");
    if (!STAGE.matcher(Objects.requireNonNull(stage, "stage")).matches()) {
      throw new InsightflowConfigException("SnowflakeUnload.stage", "Invalid stage name: " + stage);
    }
    if (!PATH.matcher(Objects.requireNonNull(partitionPath, "partitionPath")).matches()
        || partitionPath.contains("..") || !PATH.matcher(Objects.requireNonNull(table, "table")).matches()) {
      throw new InsightflowConfigException("SnowflakeUnload.partitionPath", "Invalid stage path: " + partitionPath + "/" + table);
    }
    if (maxFileSizeBytes <= 0 || maxFileSizeBytes > 5_000_000_000L) {
      throw new InsightflowConfigException("SnowflakeUnload.maxFileSizeBytes",
          "MAX_FILE_SIZE must be in 1..5000000000: " + maxFileSizeBytes);
    }
    return "COPY INTO @" + stage + "/" + partitionPath + "/" + table + "_part"
        + " FROM (" + query + ")"
        + " FILE_FORMAT = (TYPE = CSV COMPRESSION = " + (gzip ? "GZIP" : "NONE") + " FIELD_DELIMITER = ','"
        + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('') EMPTY_FIELD_AS_NULL = FALSE)"
        + " HEADER = TRUE MAX_FILE_SIZE = " + maxFileSizeBytes + " OVERWRITE = TRUE";
  }

  /**
   * Records an unload as a run, so sync loads its files like any insightflow run, without insightflow
   * ever downloading them: lists the data files Snowflake wrote into {@code folder} of the lake (the
   * stage's bucket) and writes the folder's manifest last, with each file's size and ETag (the rows
   * are unknown: -1). Sync then loads each file while the lake lists that ETag and size, through gzip
   * decompression for {@code .gz} files. Call it after the {@link #sql unload} succeeded.
   *
   * @param lake the lake the stage writes to
   * @param folder the partition folder the unload wrote ({@code partitionPath} of {@link #sql})
   * @param columns the unloaded query's columns (from the source's {@code describe})
   * @return the manifest written
   * @throws io.insightflow.api.LakeException when the folder holds no data file
   */
  public static RunManifest writeManifest(ObjectStore lake, String folder, String table, List<RunManifest.Column> columns,
      Instant triggerTime, String query) {
    return writeManifest(lake, folder, table, columns, triggerTime, query, null);
  }

  /**
   * {@link #writeManifest(ObjectStore, String, String, List, Instant, String)} recording the table's
   * key columns ({@link SnowflakeDialect}'s {@code SHOW PRIMARY KEYS}) in key order: empty for a
   * table without a key, null to record nothing about keys. [#21]
   */
  public static RunManifest writeManifest(ObjectStore lake, String folder, String table, List<RunManifest.Column> columns,
      Instant triggerTime, String query, List<String> keys) {
    List<RunManifest.Part> parts;
    try (Stream<ObjectInfo> listing = lake.list(folder + "/")) {
      parts = listing.filter(o -> ObjectKeys.parent(o.key()).equals(folder) && !ObjectKeys.isMetadata(o.key()))
          .map(o -> new RunManifest.Part(o.key(), -1, o.size(), null, o.etag())).toList();
    }
    if (parts.isEmpty()) {
      throw new LakeException(folder, "The unload wrote no file into this folder; nothing to record");
    }
    boolean gzip = parts.stream().allMatch(p -> p.key().endsWith(".gz"));
    RunManifest manifest = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(), table, triggerTime,
        "csv", "snowflake-unload", query, columns, parts, -1, Instant.now(), gzip ? RunManifest.GZIP : null, keys);
    lake.put(RunManifest.keyIn(folder), manifest.toJson());
    return manifest;
  }
}
