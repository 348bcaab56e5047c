package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the lake says about one table's key, gathered while scanning: each run manifest of version 2
 * on and each {@code _schema.json} with {@code "keys"} declares one (possibly none), and the newest
 * complete object's columns are kept to check configured keys against. Only the newest declaration
 * of each distinct key is kept, so a long history costs a few entries. Confined to one thread. [#21]
 */
final class LakeKeys {

  /**
   * One declaration.
   *
   * @param object the manifest or {@code _schema.json} that declares it
   * @param time its partition time (an external table's schema: none, {@link Instant#MIN})
   * @param keys the key columns, empty for "no key"
   * @param origin {@link TableKeys.Origin#MANIFEST} or {@link TableKeys.Origin#SCHEMA}
   * @param runs how many declarations of this key were seen
   */
  record Declared(String object, Instant time, List<String> keys, TableKeys.Origin origin, int runs) {}

  /** Lake order: partition time, then object key. */
  private static final Comparator<Declared> LAKE_ORDER =
      Comparator.comparing(Declared::time).thenComparing(Declared::object);

  private final Map<List<String>, Declared> newestByKey = new LinkedHashMap<>();
  private Instant columnsTime;
  private List<RunManifest.Column> columns;

  /** Records a declaration of {@code keys} by {@code object}. */
  void declare(String object, Instant time, List<String> keys, TableKeys.Origin origin) {
    add(new Declared(object, time, List.copyOf(keys), origin, 1));
  }

  /** Records the columns of a complete object at {@code time}; the newest are kept. */
  void columns(Instant time, List<RunManifest.Column> objectColumns) {
    if (columnsTime == null || !time.isBefore(columnsTime)) {
      columnsTime = time;
      columns = objectColumns;
    }
  }

  /** Adds what {@code other} gathered (the same table in another layout). */
  void addAll(LakeKeys other) {
    other.newestByKey.values().forEach(this::add);
    if (other.columns != null) {
      columns(other.columnsTime, other.columns);
    }
  }

  /** The newest declaration in lake order, if any. */
  Optional<Declared> newest() {
    return newestByKey.values().stream().max(LAKE_ORDER);
  }

  /** The newest declaration of each other key than the newest one's, oldest first. */
  List<Declared> disagreeing() {
    Optional<Declared> newest = newest();
    List<Declared> others = new ArrayList<>();
    newestByKey.values().stream().filter(d -> newest.isPresent() && !d.keys().equals(newest.get().keys()))
        .sorted(LAKE_ORDER).forEach(others::add);
    return others;
  }

  /** The newest complete object's columns, or null when no object was seen. */
  List<RunManifest.Column> columns() {
    return columns;
  }

  private void add(Declared d) {
    newestByKey.merge(d.keys(), d, (a, b) -> {
      Declared newer = LAKE_ORDER.compare(a, b) >= 0 ? a : b;
      return new Declared(newer.object(), newer.time(), newer.keys(), newer.origin(), a.runs() + b.runs());
    });
  }
}
