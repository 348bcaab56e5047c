package io.insightflow.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.internal.Json;
import io.insightflow.layout.KeyColumns;
import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@code _schema.json} of an external table's folder: what the objects that other writers
 * deliver there hold. Written by whoever sets the writer up (Terraform for Firehose, a person for
 * dropped files), for example:
 *
 * <pre>{@code
 * {"table": "order_events", "format": "csv", "header": false, "compression": "gzip", "partitioned": true,
 *  "columns": [{"name": "order_id", "type": "bigint"}, {"name": "event_time", "type": "timestamp with time zone"}]}
 * }</pre>
 *
 * @param table the target table; null for the folder's table name
 * @param format {@code csv} (default) or {@code jsonl}
 * @param header whether CSV objects start with a header line (default true)
 * @param compression {@code none}, {@code gzip} or {@code auto} (default: by name or magic bytes)
 * @param columns the columns in object order, with PostgreSQL types; empty to take them from the
 *     existing target table
 * @param partitioned true when every object lies in the layout's partition folders (as Firehose's
 *     {@code !{timestamp:}} prefix and an unload into the layout place them): incremental syncs then
 *     list from the watermark on. Otherwise (the default) the table's folder is listed whole on each
 *     sync, so objects dropped anywhere in it are found; those outside the layout take their
 *     last-modified time as partition time
 * @param keys the table's key columns in key order ({@code "keys": ["order_id"]}), or null when the
 *     schema says nothing about a key; {@code []} says the table has none. Each must be a column
 *     (of {@code columns}, or else of the target table), named once, at most 32 [#21]
 */
record ExternalSchema(String table, String format, Boolean header, String compression, List<SchemaColumn> columns,
    Boolean partitioned, List<String> keys) {

  /** The name of the object in a table's folder. */
  static final String FILE_NAME = "_schema.json";

  ExternalSchema {
    columns = columns == null ? List.of() : List.copyOf(columns);
    // Null-tolerant: ["a", null] is refused by name in parse, not as a bare NullPointerException.
    keys = keys == null ? null : Collections.unmodifiableList(new ArrayList<>(keys));
  }

  /** A column: its name and PostgreSQL type (default {@code text}). */
  record SchemaColumn(@JsonProperty("name") String name, @JsonProperty("type") String type) {}

  /**
   * Parses a {@code _schema.json}.
   *
   * @throws LakeException naming the object when it is not one
   */
  static ExternalSchema parse(String key, byte[] json) {
    try {
      ExternalSchema schema = Json.MAPPER.readValue(json, ExternalSchema.class);
      schema.objectFormat();
      schema.keyProblem(schema.columns.isEmpty() ? null : schema.manifestColumns()).ifPresent(problem -> {
        throw new InsightflowException(problem);
      });
      return schema;
    } catch (IOException | InsightflowException e) {
      throw new LakeException(key, "Not a valid table schema (" + e.getMessage()
          + "); expected {\"format\": \"csv|jsonl\", \"header\": true|false, \"columns\": [{\"name\": …, \"type\": …}], \"keys\": [column, …]}", e);
    }
  }

  /**
   * What is wrong with {@link #keys()} against {@code columns} (null: names only), or empty; see
   * {@link KeyColumns}.
   */
  Optional<String> keyProblem(List<RunManifest.Column> columns) {
    return keys == null ? Optional.empty() : KeyColumns.problem(keys, columns);
  }

  /** This schema with other key columns. */
  ExternalSchema withKeys(List<String> keys) {
    return new ExternalSchema(table, format, header, compression, columns, partitioned, keys);
  }

  /** How the table's objects encode rows. */
  ObjectFormat objectFormat() {
    return new ObjectFormat(format == null ? "csv" : format, header == null || header, compression);
  }

  /** The declared columns as manifest columns (nullable, types as given). */
  List<RunManifest.Column> manifestColumns() {
    return columns.stream().map(c -> new RunManifest.Column(c.name(), c.type() == null ? "text" : c.type(),
        "external", true)).toList();
  }
}
