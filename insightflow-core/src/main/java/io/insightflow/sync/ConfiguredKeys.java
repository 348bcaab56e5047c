package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_KEYS;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.layout.KeyColumns;
import io.insightflow.sql.Identifiers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The key columns that configuration sets ({@code insightflow.sync.keys.<table>=col1,col2}, or
 * {@code INSIGHTFLOW_SYNC_KEYS_<TABLE>}), which override what the lake records. Immutable. Each list
 * is checked when built (valid identifiers, each once, at most {@value KeyColumns#MAX}); whether the
 * columns exist is only known against a table's schema ({@link TableKeys#resolve}). [#21]
 *
 * @param everyTable the key of every table without one of its own ({@code insightflow.sync.keys}),
 *     or empty
 * @param tables key columns by table ({@code insightflow.sync.keys.<table>})
 */
@Evolving
public record ConfiguredKeys(List<String> everyTable, Map<String, List<String>> tables) {

  private static final ConfiguredKeys NONE = new ConfiguredKeys(List.of(), Map.of());

  /**
   * Checks every list, naming the key at fault.
   *
   * @throws InsightflowConfigException naming {@code insightflow.sync.keys[.<table>]}
   */
  public ConfiguredKeys {
    everyTable = List.copyOf(check(SYNC_KEYS.name(), everyTable));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    new TreeMap<>(Objects.requireNonNull(tables, "tables")).forEach((table, keys) -> {
      Identifiers.validate(SYNC_KEYS.nameFor(String.valueOf(table)), table);
      copy.put(table, List.copyOf(check(SYNC_KEYS.nameFor(table), keys)));
    });
    tables = Collections.unmodifiableMap(copy);
  }

  /** No key configured. */
  public static ConfiguredKeys none() {
    return NONE;
  }

  /**
   * The {@code insightflow.sync.keys} and {@code insightflow.sync.keys.<table>} values of
   * {@code settings} (merged settings, where the environment form is already dotted); blank values
   * count as unset.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static ConfiguredKeys fromProperties(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    Map<String, List<String>> tables = new LinkedHashMap<>(SYNC_KEYS.tableValues(settings));
    tables.values().removeIf(List::isEmpty);
    return new ConfiguredKeys(SYNC_KEYS.value(settings), tables);
  }

  /**
   * The configured key of {@code table} and the setting it comes from: the table's own (matched
   * exactly, else ignoring case, as environment names are upper case), else every table's; empty
   * when neither is set.
   */
  public Optional<TableKeys> forTable(String table) {
    Objects.requireNonNull(table, "table");
    String match = tables.containsKey(table) ? table
        : tables.keySet().stream().filter(t -> t.equalsIgnoreCase(table)).findFirst().orElse(null);
    if (match != null) {
      return Optional.of(new TableKeys(table, tables.get(match), TableKeys.Origin.CONFIG, SYNC_KEYS.nameFor(match),
          List.of()));
    }
    return everyTable.isEmpty() ? Optional.empty()
        : Optional.of(new TableKeys(table, everyTable, TableKeys.Origin.CONFIG, SYNC_KEYS.name(), List.of()));
  }

  private static List<String> check(String key, List<String> columns) {
    Objects.requireNonNull(columns, key);
    KeyColumns.problem(columns, null).ifPresent(problem -> {
      throw new InsightflowConfigException(key, "Invalid key: " + problem + "; list the key's columns in key"
          + " order, comma-separated, such as " + key + "=order_id,product_id");
    });
    return columns;
  }
}
