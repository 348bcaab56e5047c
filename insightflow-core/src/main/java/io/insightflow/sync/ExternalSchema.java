package io.insightflow.sync;

import static io.insightflow.internal.StrictJson.objects;
import static io.insightflow.internal.StrictJson.optionalBool;
import static io.insightflow.internal.StrictJson.string;
import static io.insightflow.internal.StrictJson.strings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.internal.StrictJson;
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
  record SchemaColumn(String name, String type) {}

  /**
   * Parses a {@code _schema.json}, strictly as the lake is untrusted ({@link StrictJson}): each
   * field has one JSON type ({@code "header": "false"} is refused), appears once, and unknown fields
   * are skipped.
   *
   * @throws LakeException naming the object when it is not one; the message names the field and
   *     its line and column, never the text found there
   */
  static ExternalSchema parse(String key, byte[] json) {
    try {
      ExternalSchema schema = StrictJson.readObject(json, "the schema", ExternalSchema::read);
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

  private static ExternalSchema read(JsonParser p) throws IOException {
    String table = null;
    String format = null;
    Boolean header = null;
    String compression = null;
    List<SchemaColumn> columns = null;
    Boolean partitioned = null;
    List<String> keys = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "table" -> table = string(p, value, field);
        case "format" -> format = string(p, value, field);
        case "header" -> header = optionalBool(p, value, field);
        case "compression" -> compression = string(p, value, field);
        case "columns" -> columns = value == JsonToken.VALUE_NULL ? null : objects(p, value, field, ExternalSchema::column);
        case "partitioned" -> partitioned = optionalBool(p, value, field);
        case "keys" -> keys = strings(p, value, field);
        default -> p.skipChildren(); // a newer version's field
      }
    }
    return new ExternalSchema(table, format, header, compression, columns, partitioned, keys);
  }

  private static SchemaColumn column(JsonParser p) throws IOException {
    String name = null;
    String type = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "name" -> name = string(p, value, "columns[].name");
        case "type" -> type = string(p, value, "columns[].type");
        default -> p.skipChildren();
      }
    }
    return new SchemaColumn(name, type);
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
