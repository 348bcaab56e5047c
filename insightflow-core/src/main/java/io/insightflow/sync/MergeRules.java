package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_DELETE_MARKER;
import static io.insightflow.config.InsightflowProperties.SYNC_ORDER_BY;
import static io.insightflow.config.InsightflowProperties.SYNC_SOFT_DELETE;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.ConfigKey;
import io.insightflow.sql.Identifiers;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a merge does besides upserting, per table: deletes ({@code insightflow.sync.deleteMarker}),
 * soft deletes ({@code insightflow.sync.softDelete}) and an ordering column ({@code insightflow.sync.orderBy}),
 * each set for every table or as {@code <key>.<table>}. Immutable; every value is checked when built. [#21]
 *
 * @param settings the settings of those three keys (other entries are left out), by dotted name
 */
@Evolving
public record MergeRules(Map<String, String> settings) {

  private static final List<ConfigKey<String>> KEYS = List.of(SYNC_DELETE_MARKER, SYNC_SOFT_DELETE, SYNC_ORDER_BY);
  private static final MergeRules NONE = new MergeRules(Map.of());

  /**
   * Keeps the entries of the three keys, checking each: a marker parses, a column is an identifier, a
   * table is an identifier, and a soft delete has a delete marker.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public MergeRules {
    Map<String, String> kept = new TreeMap<>();
    Objects.requireNonNull(settings, "settings").forEach((key, value) -> {
      if (KEYS.stream().anyMatch(k -> k.names(key)) && value != null && !value.isBlank()) {
        kept.put(key, value);
      }
    });
    settings = Map.copyOf(kept);
    for (ConfigKey<String> key : KEYS) {
      key.tableValues(settings).keySet().forEach(table -> Identifiers.validate(key.nameFor(table), table));
    }
    settings.forEach((key, value) -> {
      if (SYNC_DELETE_MARKER.names(key)) {
        DeleteMarker.parse(key, value);
      } else {
        Identifiers.validate(key, value.strip());
      }
    });
    for (Map.Entry<String, String> soft : scoped(SYNC_SOFT_DELETE, settings).entrySet()) {
      String table = soft.getKey();
      String marker = table.isEmpty() ? SYNC_DELETE_MARKER.value(settings) : SYNC_DELETE_MARKER.value(settings, table);
      if (marker == null) {
        throw new InsightflowConfigException(soft.getValue(), "A soft delete needs a delete marker: set "
            + (table.isEmpty() ? SYNC_DELETE_MARKER.name() : SYNC_DELETE_MARKER.nameFor(table))
            + "=<column>=<value> (such as Op=D) or =<boolean column>");
      }
      String column = (table.isEmpty() ? SYNC_SOFT_DELETE.value(settings) : SYNC_SOFT_DELETE.value(settings, table))
          .strip();
      String order = table.isEmpty() ? SYNC_ORDER_BY.value(settings) : SYNC_ORDER_BY.value(settings, table);
      if (column.equals(DeleteMarker.parse(soft.getValue(), marker).column()) || column.equals(
          order == null ? null : order.strip())) {
        throw new InsightflowConfigException(soft.getValue(), "The soft delete column " + column + " is set by sync"
            + " (a timestamptz); it cannot also be the delete marker or the ordering column: name another column");
      }
    }
  }

  /** No deletes, no ordering column. */
  public static MergeRules none() {
    return NONE;
  }

  /** The rules in {@code settings} (merged settings, where the environment form is already dotted). */
  public static MergeRules fromProperties(Map<String, String> settings) {
    return new MergeRules(settings);
  }

  /** Whether {@code dotted} names one of the three keys. */
  static boolean names(String dotted) {
    return KEYS.stream().anyMatch(k -> k.names(dotted));
  }

  /** What a merge of {@code table} does: its own values, else every table's. */
  TableMerge forTable(String table) {
    String marker = SYNC_DELETE_MARKER.value(settings, table);
    String soft = SYNC_SOFT_DELETE.value(settings, table);
    String order = SYNC_ORDER_BY.value(settings, table);
    return new TableMerge(marker == null ? null : DeleteMarker.parse(SYNC_DELETE_MARKER.nameFor(table), marker),
        soft == null ? null : soft.strip(), order == null ? null : order.strip());
  }

  /**
   * Refuses a rule that applies to a table whose write mode is not merge: append and replace keep
   * every row an object holds, so a delete row would silently load as a row and an ordering column
   * would order nothing. A rule for every table therefore needs merge for every table named in
   * {@code tableModes} as well.
   *
   * @throws InsightflowConfigException naming the rule's key and the write mode to set
   */
  void checkWriteModes(WriteMode all, Map<String, WriteMode> tableModes, Function<String, WriteMode> modeOf) {
    for (ConfigKey<String> key : KEYS) {
      for (Map.Entry<String, String> rule : scoped(key, settings).entrySet()) {
        String table = rule.getKey();
        if (!table.isEmpty()) {
          refuseUnlessMerge(key, rule.getValue(), table, modeOf.apply(table));
          continue;
        }
        refuseUnlessMerge(key, rule.getValue(), null, all);
        new TreeMap<>(tableModes).forEach((t, mode) -> {
          if (key.value(settings, t).equals(key.value(settings))) {
            refuseUnlessMerge(key, rule.getValue(), t, mode);
          }
        });
      }
    }
  }

  private static void refuseUnlessMerge(ConfigKey<String> rule, String key, String table, WriteMode mode) {
    if (mode != WriteMode.MERGE) {
      throw new InsightflowConfigException(key, key + " applies to write mode merge only, and "
          + (table == null ? "the write mode of every table (" + SYNC_WRITE_MODE.name() + ")"
              : "table " + table + "'s write mode") + " is " + mode.name().toLowerCase(java.util.Locale.ROOT)
          + ", which keeps every row an object holds; set " + (table == null ? SYNC_WRITE_MODE.name()
              : SYNC_WRITE_MODE.nameFor(table)) + "=merge, or set the rule per merge table as " + rule.name()
          + ".<table>");
    }
  }

  /** The key's entries as table ("" for every table) → dotted key name. */
  private static Map<String, String> scoped(ConfigKey<String> key, Map<String, String> settings) {
    Map<String, String> out = new TreeMap<>();
    if (key.value(settings) != null) {
      out.put("", key.name());
    }
    key.tableValues(settings).keySet().forEach(table -> out.put(table, key.nameFor(table)));
    return out;
  }

  /**
   * The rules of one table.
   *
   * @param deleteMarker which rows are deletes, or null for none
   * @param softDelete the column a delete sets instead of removing the row, or null to remove it
   * @param orderBy the column whose greatest value wins per key, or null for lake order alone
   */
  record TableMerge(DeleteMarker deleteMarker, String softDelete, String orderBy) {
    static final TableMerge NONE = new TableMerge(null, null, null);
  }
}
