package io.insightflow.layout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.insightflow.api.Evolving;
import io.insightflow.api.LakeException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one complete ingest run of one table, written last into its partition folder as
 * {@value #FILE_NAME}. A folder without it holds an incomplete run that sync never loads.
 *
 * @param version format version of this manifest
 * @param runId unique id of the run that wrote it
 * @param table the table name
 * @param triggerTime the run's trigger time (the partition timestamp)
 * @param format data format of the parts ({@code csv}: RFC 4180, UTF-8, header line, empty
 *     unquoted field = NULL)
 * @param source where the rows came from (dialect name)
 * @param query the query that produced the rows
 * @param columns the schema, in column order
 * @param parts the data objects, in order
 * @param rows total rows over all parts
 * @param completedAt when the run finished writing its parts
 * @param compression how the parts are compressed: null (absent) for none, or {@code gzip}
 * @param keys the table's key columns in key order, as the source's primary key reported them
 *     (version 2 on): empty for a table without a key; null when the writer did not record a key
 *     (a version 1 manifest, a stream flush, an unload recorded without one), which is not the same
 *     as "no key" (see {@link #recordsKeys()}) [#21]
 * @param sourceTable the table's name at the source, when the naming policy changed it; null when
 *     {@code table} is the source's name [#22]
 * @param naming the {@link io.insightflow.sql.NamingPolicy} that turned the source's names into
 *     {@code table} and the columns' names ({@code keep}, {@code lower}, {@code snake_case}); null for
 *     a writer that applied none (same as {@code keep}) [#22]
 */
@Evolving
public record RunManifest(
    int version,
    String runId,
    String table,
    Instant triggerTime,
    String format,
    String source,
    String query,
    List<Column> columns,
    List<Part> parts,
    long rows,
    Instant completedAt,
    String compression,
    List<String> keys,
    String sourceTable,
    String naming) {

  /** Compression of gzip parts. */
  public static final String GZIP = "gzip";

  /** A manifest whose writer applied no naming policy. */
  public RunManifest(int version, String runId, String table, Instant triggerTime, String format, String source,
      String query, List<Column> columns, List<Part> parts, long rows, Instant completedAt, String compression,
      List<String> keys) {
    this(version, runId, table, triggerTime, format, source, query, columns, parts, rows, completedAt, compression,
        keys, null, null);
  }

  /** A manifest of uncompressed parts and no key. */
  public RunManifest(int version, String runId, String table, Instant triggerTime, String format, String source,
      String query, List<Column> columns, List<Part> parts, long rows, Instant completedAt) {
    this(version, runId, table, triggerTime, format, source, query, columns, parts, rows, completedAt, null);
  }

  /** A manifest that records no key (its writer knows none: a stream flush, an unload). */
  public RunManifest(int version, String runId, String table, Instant triggerTime, String format, String source,
      String query, List<Column> columns, List<Part> parts, long rows, Instant completedAt, String compression) {
    this(version, runId, table, triggerTime, format, source, query, columns, parts, rows, completedAt, compression,
        null);
  }

  /** Name of the manifest object inside a partition folder; {@code _} hides it from Hive readers. */
  public static final String FILE_NAME = "_manifest.json";

  /** Current format version: 2 added {@link #keys()}; version 1 manifests still load, without keys. */
  public static final int VERSION = 2;

  /** The first version that records the table's key. */
  public static final int KEYS_VERSION = 2;


  public RunManifest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(triggerTime, "triggerTime");
    columns = List.copyOf(columns);
    parts = List.copyOf(parts);
    // Copied null-tolerant: a manifest read from the lake may hold [null], which fromJson then refuses by name.
    keys = keys == null ? null : Collections.unmodifiableList(new ArrayList<>(keys));
  }

  /**
   * Whether this manifest says what the table's key is ({@link #keys()}, possibly none): version 2
   * on, written by a source that knows its keys. A version 1 manifest or one without {@code "keys"}
   * says nothing about keys, which is not the same as "no key".
   */
  public boolean recordsKeys() {
    return version >= KEYS_VERSION && keys != null;
  }

  /**
   * A column of the run's schema.
   *
   * @param name column name in PostgreSQL: the source's name under the run's {@link Naming} policy
   * @param type portable SQL type, written as PostgreSQL spells it ({@code bigint}, {@code text},
   *     {@code numeric(12,2)}, {@code timestamp with time zone}…), so sync can create the table
   * @param sourceType the type name the source reported
   * @param nullable whether the source allows NULL
   * @param sourceName the name as the source reported it, which the CSV header and JSON fields carry;
   *     the same as {@code name} when absent (a manifest written before naming policies) [#22]
   */
  public record Column(String name, String type, String sourceType, boolean nullable, String sourceName) {

    public Column {
      sourceName = sourceName == null ? name : sourceName;
    }

    /** A column the source and PostgreSQL spell alike. */
    public Column(String name, String type, String sourceType, boolean nullable) {
      this(name, type, sourceType, nullable, null);
    }
  }

  /**
   * One data object of the run.
   *
   * @param key object key relative to the lake root
   * @param rows data rows (header excluded), or -1 when the writer could not count them (a Snowflake
   *     unload, whose files insightflow never downloads)
   * @param bytes object size in bytes
   * @param crc32c CRC32C of the object's bytes, 8 lowercase hex digits; null only with an {@code etag}
   * @param etag the object's ETag when the run was recorded, for parts without a checksum: sync loads
   *     such a part only while the lake still lists this ETag; null for parts insightflow wrote
   */
  @JsonInclude(JsonInclude.Include.NON_NULL) // as a run's progress records it, beside ManifestJson
  public record Part(String key, long rows, long bytes, String crc32c, String etag) {

    /** A part insightflow wrote and checksummed. */
    public Part(String key, long rows, long bytes, String crc32c) {
      this(key, rows, bytes, crc32c, null);
    }
  }

  /**
   * Whether {@code key} names a manifest: {@code _manifest.json} of a batch run, or
   * {@code _manifest<anything>.json} (the per-object manifests of stream output).
   */
  public static boolean isManifestKey(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.startsWith("_manifest") && name.endsWith(".json");
  }

  /** The manifest's key for a partition folder. */
  public static String keyIn(String folder) {
    return folder + "/" + FILE_NAME;
  }

  /** This manifest with other key columns (null: none recorded). */
  public RunManifest withKeys(List<String> keys) {
    return new RunManifest(version, runId, table, triggerTime, format, source, query, columns, parts, rows,
        completedAt, compression, keys, sourceTable, naming);
  }

  /** This manifest recording the source's table name and the naming policy applied to it. */
  public RunManifest withNaming(String sourceTable, String naming) {
    return new RunManifest(version, runId, table, triggerTime, format, source, query, columns, parts, rows,
        completedAt, compression, keys, sourceTable, naming);
  }

  /** The manifest as UTF-8 JSON. */
  public byte[] toJson() {
    try {
      return ManifestJson.write(this);
    } catch (IOException e) {
      throw new LakeException(table, "Cannot serialise the manifest of table " + table, e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @param key the object the bytes came from, named in the error
   * @throws LakeException if the bytes are not a manifest
   */
  public static RunManifest fromJson(String key, byte[] json) {
    try {
      RunManifest manifest = ManifestJson.read(json);
      if (manifest.version() > VERSION) {
        throw new LakeException(key, "Manifest version " + manifest.version()
            + " is newer than this insightflow understands (" + VERSION + "); upgrade insightflow");
      }
      if (!manifest.recordsKeys()) {
        // Version 1 had no keys: a "keys" field there is unknown, and unknown fields are ignored.
        return manifest.keys() == null ? manifest : manifest.withKeys(null);
      }
      // The lake is untrusted: a key must name columns of the manifest's own schema. [#21]
      Optional<String> problem = KeyColumns.problem(manifest.keys(), manifest.columns());
      if (problem.isPresent()) {
        throw new LakeException(key, "Not a valid run manifest: " + problem.get()
            + "; \"keys\" lists columns of \"columns\", each once, at most " + KeyColumns.MAX);
      }
      return manifest;
    } catch (IOException e) {
      throw new LakeException(key, "Not a valid run manifest: " + e.getMessage(), e);
    }
  }
}
