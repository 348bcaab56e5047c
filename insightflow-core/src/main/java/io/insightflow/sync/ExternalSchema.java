package io.insightflow.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.internal.Json;
import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.util.List;

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
 */
record ExternalSchema(String table, String format, Boolean header, String compression, List<SchemaColumn> columns,
    Boolean partitioned) {

  /** The name of the object in a table's folder. */
  static final String FILE_NAME = "_schema.json";

  ExternalSchema {
    columns = columns == null ? List.of() : List.copyOf(columns);
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
      return schema;
    } catch (IOException | InsightflowException e) {
      throw new LakeException(key, "Not a valid table schema (" + e.getMessage()
          + "); expected {\"format\": \"csv|jsonl\", \"header\": true|false, \"columns\": [{\"name\": …, \"type\": …}]}", e);
    }
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
