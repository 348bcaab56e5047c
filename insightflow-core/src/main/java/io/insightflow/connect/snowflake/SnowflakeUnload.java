package io.insightflow.connect.snowflake;

import io.insightflow.InsightflowConfigException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Generates Snowflake's server-side unload of a query into a stage under a partition path:
 * {@code COPY INTO @stage/<partition>/<table>_part FROM (query) … HEADER = TRUE MAX_FILE_SIZE = n}.
 * Snowflake then writes the CSV files in parallel straight to the stage's bucket; the files are
 * bounded by bytes (MAX_FILE_SIZE) rather than rows. The CSV options match the lake format: NULL
 * is an empty unquoted field, empty strings are {@code ""}.
 */
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
        + " FILE_FORMAT = (TYPE = CSV COMPRESSION = NONE FIELD_DELIMITER = ','"
        + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('') EMPTY_FIELD_AS_NULL = FALSE)"
        + " HEADER = TRUE MAX_FILE_SIZE = " + maxFileSizeBytes + " OVERWRITE = TRUE";
  }
}
