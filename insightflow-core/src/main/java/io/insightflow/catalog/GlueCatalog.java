package io.insightflow.catalog;

import io.insightflow.api.Internal;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.api.Secrets;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.internal.sql.PostgresType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Registers lake runs in the AWS Glue Data Catalog from the same template that wrote their paths,
 * so Athena (and Spark, Trino…) see new data at once, without a crawler guessing the schema.
 *
 * <p>Per table folder of the layout (the template's {@code {table}}, lower-cased, other characters
 * than letters, digits and {@code _} replaced by {@code _}): a Glue table created when
 * absent, its columns and types from the run's manifest, stored as CSV read by the OpenCSV SerDe
 * that skips the header line, partitioned by the layout's Hive folders ({@code year, month, day,
 * hhmm}); columns that later runs add are appended. The table's key, when the run's manifest
 * records one, is the table parameter {@value #KEYS_PARAMETER} ({@code order_id,product_id}, names as
 * Glue's columns spell them), which the latest registered run sets. Per run: its partition, added with
 * {@code BatchCreatePartition}; a partition that exists already is left as it is, so registering
 * again adds nothing twice. Objects named {@code _…} (manifests, checkpoints) are skipped by every
 * Hive reader.
 *
 * <p>Thread-safe; the client is built once and closed with this catalog when it owns it.
 */
@Internal
public final class GlueCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GlueCatalog.class);
  /** The table parameter holding the table's key columns, comma-separated in key order. [#21] */
  public static final String KEYS_PARAMETER = "insightflow_keys";
  private static final String SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
  private static final String INPUT_FORMAT = "org.apache.hadoop.mapred.TextInputFormat";
  private static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

  private final GlueClient glue;
  private final String database;
  private final String lakeLocation;
  private final boolean ownsClient;

  /**
   * @param glue the Glue client
   * @param database the Glue database, which must exist (Terraform creates it)
   * @param lakeLocation the lake's root as readers address it, e.g. {@code s3://bucket/prefix}
   * @param ownsClient whether {@link #close()} closes the client
   */
  public GlueCatalog(GlueClient glue, String database, String lakeLocation, boolean ownsClient) {
    this.glue = Objects.requireNonNull(glue, "glue");
    this.database = Objects.requireNonNull(database, "database");
    this.lakeLocation = stripSlash(Objects.requireNonNull(lakeLocation, "lakeLocation"));
    this.ownsClient = ownsClient;
  }

  /**
   * The catalog of {@code insightflow.catalog.glue.*}, or null when no database is configured. The
   * client uses the default AWS credentials chain.
   *
   * @param lakeLocation the lake's root, e.g. {@code s3://bucket/prefix}
   */
  public static GlueCatalog fromProperties(Map<String, String> settings, String lakeLocation) {
    String database = InsightflowProperties.CATALOG_GLUE_DATABASE.value(settings);
    if (database == null) {
      return null;
    }
    String region = InsightflowProperties.CATALOG_GLUE_REGION.value(settings);
    GlueClientBuilder builder = GlueClient.builder()
        .region(Region.of(region != null ? region : InsightflowProperties.S3_REGION.value(settings)))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    String endpoint = InsightflowProperties.CATALOG_GLUE_ENDPOINT.value(settings);
    if (endpoint != null) {
      try {
        builder.endpointOverride(URI.create(endpoint));
      } catch (IllegalArgumentException e) {
        throw new InsightflowConfigException(InsightflowProperties.CATALOG_GLUE_ENDPOINT.name(),
            "'" + Secrets.mask(endpoint) + "' is not a URI such as http://127.0.0.1:5000", Secrets.scrub(e));
      }
    }
    return new GlueCatalog(builder.build(), database, lakeLocation, true);
  }

  /**
   * Registers one run: its table if absent (or the columns it adds), then its partition.
   *
   * @param folder the run's partition folder
   * @param manifest the run's manifest
   * @param template the layout the folder follows
   * @throws InsightflowConfigException if the layout has no Hive-style partition folders
   * @throws InsightflowException if Glue refuses the request
   */
  public void register(String folder, RunManifest manifest, PartitionTemplate template) {
    List<String> keys = template.hiveKeys();
    PartitionTemplate.Partition partition = template.parse(folder)
        .orElseThrow(() -> new LakeException(folder, "Not a partition folder of " + template));
    // Athena reads lower-case names of letters, digits and '_' only (a stream may be called orders-stream).
    String table = partition.table().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String tableLocation = lakeLocation + "/" + template.tablePrefix(partition.table());
    try {
      ensureTable(table, tableLocation, manifest.columns(), keys, manifest);
      addPartition(table, folder, template.hiveValues(folder), manifest.columns());
    } catch (SdkException e) {
      throw new InsightflowException("Cannot register " + Printable.of(folder) + " in Glue database " + database + ": "
          + e.getMessage(), e);
    }
  }

  private void ensureTable(String table, String location, List<RunManifest.Column> columns, List<String> keys,
      RunManifest manifest) {
    Table existing;
    try {
      existing = glue.getTable(r -> r.databaseName(database).name(table)).table();
    } catch (EntityNotFoundException e) {
      try {
        Map<String, String> parameters = parameters(Map.of(), manifest);
        glue.createTable(r -> r.databaseName(database).tableInput(tableInput(table, location, columns(columns), keys,
            parameters)));
        LOG.info("catalog=glue database={} table={} created at {}", database, table, Printable.of(location));
      } catch (AlreadyExistsException raced) {
        // Another worker created it meanwhile: the same definition.
      }
      return;
    }
    List<Column> current = existing.storageDescriptor().columns();
    Set<String> known = current.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<Column> added = columns(columns).stream().filter(c -> !known.contains(c.name())).toList();
    Map<String, String> parameters = parameters(existing.parameters(), manifest);
    if (!added.isEmpty() || !parameters.equals(existing.parameters())) {
      List<Column> all = new ArrayList<>(current);
      all.addAll(added);
      glue.updateTable(r -> r.databaseName(database).tableInput(tableInput(table, existing.storageDescriptor().location(),
          all, keys, parameters)));
      LOG.info("catalog=glue database={} table={} added columns {}, key {}", database, table,
          Printable.of(added.stream().map(Column::name).toList()), Printable.of(parameters.get(KEYS_PARAMETER)));
    }
  }

  /**
   * The table's parameters after registering {@code manifest}: the CSV ones, and its key when the
   * manifest records one (a manifest that records nothing about keys leaves the parameter as it was). [#21]
   */
  private static Map<String, String> parameters(Map<String, String> current, RunManifest manifest) {
    Map<String, String> parameters = new java.util.TreeMap<>(current);
    parameters.putAll(Map.of("classification", "csv", "skip.header.line.count", "1", "EXTERNAL", "TRUE"));
    if (manifest.recordsKeys()) {
      if (manifest.keys().isEmpty()) {
        parameters.remove(KEYS_PARAMETER);
      } else {
        parameters.put(KEYS_PARAMETER, manifest.keys().stream().map(k -> k.toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(",")));
      }
    }
    return parameters;
  }

  private void addPartition(String table, String folder, List<String> values, List<RunManifest.Column> columns) {
    PartitionInput input = PartitionInput.builder().values(values)
        .storageDescriptor(storage(lakeLocation + "/" + folder + "/", columns(columns))).build();
    BatchCreatePartitionResponse response = glue.batchCreatePartition(r -> r.databaseName(database)
        .tableName(table).partitionInputList(input));
    for (PartitionError error : response.errors()) {
      if (!"AlreadyExistsException".equals(error.errorDetail().errorCode())) {
        throw new InsightflowException("Glue refused partition " + Printable.of(values) + " of " + database + "." + table + ": "
            + error.errorDetail().errorCode() + " " + error.errorDetail().errorMessage());
      }
    }
    LOG.info("catalog=glue database={} table={} partition={} {}", database, table, Printable.of(values),
        response.errors().isEmpty() ? "added" : "exists");
  }

  private static TableInput tableInput(String table, String location, List<Column> columns, List<String> keys,
      Map<String, String> parameters) {
    return TableInput.builder().name(table).tableType("EXTERNAL_TABLE")
        .parameters(parameters)
        .partitionKeys(keys.stream().map(k -> Column.builder().name(k).type("string").build()).toList())
        .storageDescriptor(storage(location, columns)).build();
  }

  private static StorageDescriptor storage(String location, List<Column> columns) {
    return StorageDescriptor.builder().location(location).columns(columns)
        .inputFormat(INPUT_FORMAT).outputFormat(OUTPUT_FORMAT)
        .serdeInfo(SerDeInfo.builder().serializationLibrary(SERDE)
            .parameters(Map.of("separatorChar", ",", "quoteChar", "\"", "escapeChar", "\\",
                "skip.header.line.count", "1")).build())
        .build();
  }

  /**
   * The Glue columns: PostgreSQL's names in lower case, the only case Athena reads. Two names that
   * only case tells apart (possible under {@code insightflow.naming=keep}) fail, naming both. [#22]
   */
  private static List<Column> columns(List<RunManifest.Column> columns) {
    Map<String, String> byLower = new HashMap<>();
    for (RunManifest.Column c : columns) {
      String other = byLower.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c.name());
      if (other != null) {
        throw new InsightflowException("Columns '" + Printable.of(other) + "' and '" + Printable.of(c.name())
            + "' are one column in Glue, which holds lower-case names only: set insightflow.naming=lower or"
            + " snake_case for the table, or rename one");
      }
    }
    return columns.stream().map(c -> Column.builder().name(c.name().toLowerCase(Locale.ROOT))
        .type(hiveType(c.type())).build()).toList();
  }

  /**
   * The Hive (Athena) type of a column type from a manifest: parsed ({@link PostgresType}), never
   * copied, since manifests are untrusted; a type outside the grammar is read as a string.
   */
  static String hiveType(String type) {
    PostgresType t;
    try {
      t = PostgresType.parse(type);
    } catch (PostgresType.InvalidTypeException e) {
      return "string";
    }
    if (t.isArray()) {
      return "string";
    }
    return switch (t.name()) {
      case "numeric" -> t.sql().equals("numeric") ? "decimal(38,10)"
          : t.modifiers().get(0) <= 38 ? t.sql().replace("numeric", "decimal") : "string"; // Hive's decimal stops at 38
      case "smallint" -> "smallint";
      case "integer" -> "int";
      case "bigint" -> "bigint";
      case "real" -> "float";
      case "double precision" -> "double";
      case "boolean" -> "boolean";
      case "date" -> "date";
      case "timestamp" -> "timestamp";
      case "bytea" -> "binary";
      default -> "string";
    };
  }

  private static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  @Override
  public void close() {
    if (ownsClient) {
      glue.close();
    }
  }
}
