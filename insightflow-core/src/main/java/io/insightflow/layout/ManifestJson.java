package io.insightflow.layout;

import static io.insightflow.internal.StrictJson.bool;
import static io.insightflow.internal.StrictJson.integer;
import static io.insightflow.internal.StrictJson.objects;
import static io.insightflow.internal.StrictJson.problem;
import static io.insightflow.internal.StrictJson.string;
import static io.insightflow.internal.StrictJson.strings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.insightflow.internal.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@link RunManifest} as JSON with jackson-core's streaming API alone. Every ingest writes a
 * manifest and every sync reads them as it starts, and databind's first use costs a fresh JVM (a
 * Maven goal, a Lambda's cold start) ~0.3 s of class loading and introspection against ~0.05 s
 * here. [#24]
 *
 * <p>The text is what databind wrote before (its default pretty printer, components in declaration
 * order, nulls left out, instants as ISO-8601). Reading is strict, as the lake is untrusted
 * ({@link StrictJson}); {@code null} or absent is allowed where a field is optional, and unknown
 * fields are skipped, for a newer writer may add some.
 */
final class ManifestJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private ManifestJson() {}

  static byte[] write(RunManifest m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("version", m.version());
      g.writeStringField("runId", m.runId());
      g.writeStringField("table", m.table());
      g.writeStringField("triggerTime", m.triggerTime().toString());
      optional(g, "format", m.format());
      optional(g, "source", m.source());
      optional(g, "query", m.query());
      g.writeArrayFieldStart("columns");
      for (RunManifest.Column c : m.columns()) {
        g.writeStartObject();
        optional(g, "name", c.name());
        optional(g, "type", c.type());
        optional(g, "sourceType", c.sourceType());
        g.writeBooleanField("nullable", c.nullable());
        optional(g, "sourceName", c.sourceName());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("parts");
      for (RunManifest.Part p : m.parts()) {
        g.writeStartObject();
        optional(g, "key", p.key());
        g.writeNumberField("rows", p.rows());
        g.writeNumberField("bytes", p.bytes());
        optional(g, "crc32c", p.crc32c());
        optional(g, "etag", p.etag());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("rows", m.rows());
      optional(g, "completedAt", m.completedAt() == null ? null : m.completedAt().toString());
      optional(g, "compression", m.compression());
      if (m.keys() != null) {
        g.writeArrayFieldStart("keys");
        for (String k : m.keys()) {
          g.writeString(k);
        }
        g.writeEndArray();
      }
      optional(g, "sourceTable", m.sourceTable());
      optional(g, "naming", m.naming());
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** A field databind's NON_NULL left out when null. */
  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  /**
   * Parses a manifest, leaving the checks of its content to {@link RunManifest#fromJson}.
   *
   * @throws IOException if the bytes are not a manifest: the message names the field and its line
   *     and column, never the text found there
   */
  static RunManifest read(byte[] json) throws IOException {
    return StrictJson.readObject(json, "the manifest", ManifestJson::manifest);
  }

  private static RunManifest manifest(JsonParser p) throws IOException {
    int version = 0;
    long rows = 0;
    String runId = null;
    String table = null;
    Instant triggerTime = null;
    String format = null;
    String source = null;
    String query = null;
    List<RunManifest.Column> columns = null;
    List<RunManifest.Part> parts = null;
    Instant completedAt = null;
    String compression = null;
    List<String> keys = null;
    String sourceTable = null;
    String naming = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "version" -> version = (int) integer(p, value, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case "runId" -> runId = string(p, value, field);
        case "table" -> table = string(p, value, field);
        case "triggerTime" -> triggerTime = instant(p, value, field);
        case "format" -> format = string(p, value, field);
        case "source" -> source = string(p, value, field);
        case "query" -> query = string(p, value, field);
        case "columns" -> columns = objects(p, value, field, ManifestJson::column);
        case "parts" -> parts = objects(p, value, field, ManifestJson::part);
        case "rows" -> rows = integer(p, value, field, Long.MIN_VALUE, Long.MAX_VALUE);
        case "completedAt" -> completedAt = instant(p, value, field);
        case "compression" -> compression = string(p, value, field);
        case "keys" -> keys = strings(p, value, field);
        case "sourceTable" -> sourceTable = string(p, value, field);
        case "naming" -> naming = string(p, value, field);
        default -> p.skipChildren(); // a newer writer's field
      }
    }
    required(runId, "runId");
    required(table, "table");
    required(triggerTime, "triggerTime");
    required(columns, "columns");
    required(parts, "parts");
    return new RunManifest(version, runId, table, triggerTime, format, source, query, columns, parts, rows,
        completedAt, compression, keys, sourceTable, naming);
  }

  private static RunManifest.Column column(JsonParser p) throws IOException {
    String name = null;
    String type = null;
    String sourceType = null;
    boolean nullable = false;
    String sourceName = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "name" -> name = string(p, value, "columns[].name");
        case "type" -> type = string(p, value, "columns[].type");
        case "sourceType" -> sourceType = string(p, value, "columns[].sourceType");
        case "nullable" -> nullable = bool(p, value, "columns[].nullable");
        case "sourceName" -> sourceName = string(p, value, "columns[].sourceName");
        default -> p.skipChildren();
      }
    }
    return new RunManifest.Column(name, type, sourceType, nullable, sourceName);
  }

  private static RunManifest.Part part(JsonParser p) throws IOException {
    String key = null;
    long rows = 0;
    long bytes = 0;
    String crc32c = null;
    String etag = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "key" -> key = string(p, value, "parts[].key");
        case "rows" -> rows = integer(p, value, "parts[].rows", Long.MIN_VALUE, Long.MAX_VALUE);
        case "bytes" -> bytes = integer(p, value, "parts[].bytes", Long.MIN_VALUE, Long.MAX_VALUE);
        case "crc32c" -> crc32c = string(p, value, "parts[].crc32c");
        case "etag" -> etag = string(p, value, "parts[].etag");
        default -> p.skipChildren();
      }
    }
    return new RunManifest.Part(key, rows, bytes, crc32c, etag);
  }

  private static Instant instant(JsonParser p, JsonToken value, String field) throws IOException {
    String text = string(p, value, field);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw problem(p, "\"" + field + "\" must be an ISO-8601 instant such as 2024-05-07T09:30:00Z");
    }
  }

  private static void required(Object value, String field) throws IOException {
    if (value == null) {
      throw new IOException("\"" + field + "\" is missing or null");
    }
  }
}
