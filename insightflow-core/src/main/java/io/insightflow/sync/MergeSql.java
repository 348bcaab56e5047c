package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The statements that apply one staged object to a merge table ({@link MergeTransaction}), set-based
 * whatever the object's size: one upsert, or with a delete marker a handful of statements over the
 * object's deduplicated rows. [#21]
 *
 * <p>Each key's winner is the greatest of its versions by (ordering column when configured, then
 * lake position: partition time, manifest key, object key, then row order in the object). A version
 * the table holds is a row (its object in the provenance column) or, after a hard delete, a
 * tombstone in {@link SyncCatalog#DELETED} (the deleting object's id); at most one of the two per
 * key. An incoming version replaces the held one unless the held one is greater. A maximum does not
 * depend on the order its elements arrive in, so the table ends the same whatever order objects load
 * in; reloading an object first removes its rows and tombstones, then applies it again.
 *
 * <p>Tombstone keys are the jsonb array of the key's typed values, so one table serves every merge
 * table. Rendering a value depends on session settings (a timestamptz in {@code TimeZone}, a float
 * in {@code extra_float_digits}): the statements run under fixed ones, set after the COPY has
 * parsed the object (which must use the session's).
 */
final class MergeSql {

  /** The values a statement binds, in the order of its placeholders. */
  enum Param {
    /** This object's lake position, three values: partition time, manifest key ('' for none), object key. */
    PARTITION_TIME, MANIFEST_KEY, OBJECT_KEY,
    /** The table's name (tombstones). */
    TABLE,
    /** This object's ledger id (tombstones). */
    OBJECT_ID,
    /** The delete marker's value ({@link DeleteMarker#value()}). */
    MARKER
  }

  /**
   * One statement and its parameters.
   *
   * @param countsUnseen whether its one result is the number of deletes whose key no row holds
   */
  record Step(String sql, List<Param> params, boolean countsUnseen) {}

  /** The object's last version of each key, with whether it is a delete (with a delete marker only). */
  static final String LAST = "pg_temp.\"_insightflow_last\"";
  static final String IS_DELETE = "\"_insightflow_delete\"";

  private final SyncCatalog catalog;
  private final String table;
  private final String qualified;
  private final List<RunManifest.Column> columns;
  private final List<String> keys;
  private final MergeRules.TableMerge rules;
  private final String orderType;
  private final Collection<String> plain;

  /**
   * @param columns the object's columns (the staging table's)
   * @param orderType the table's type of the ordering column, to compare tombstones' text with; used
   *     only with an ordering column and hard deletes
   * @param plain the table's columns without default, identity or generation ({@link #plain})
   */
  MergeSql(SyncCatalog catalog, String table, List<RunManifest.Column> columns, List<String> keys,
      MergeRules.TableMerge rules, String orderType, Collection<String> plain) {
    this.catalog = catalog;
    this.table = table;
    this.qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), table);
    this.columns = columns.stream().filter(col -> !col.name().equals(rules.softDelete())).toList();
    this.keys = keys;
    this.rules = rules;
    this.orderType = orderType;
    this.plain = new TreeSet<>(plain);
  }

  /**
   * The statements for the object staged in {@link MergeTransaction#STAGE} on {@code c}, whose type
   * of the ordering column (when there is one) tombstones' text is cast to.
   */
  static MergeSql forStage(Connection c, SyncCatalog catalog, String table, List<RunManifest.Column> columns,
      List<String> keys, MergeRules.TableMerge rules) throws SQLException {
    String orderType = null;
    if (rules.orderBy() != null) {
      try (PreparedStatement ps = c.prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
          + " WHERE attrelid = to_regclass(?) AND attname = ?")) {
        ps.setString(1, MergeTransaction.STAGE);
        ps.setString(2, rules.orderBy());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          orderType = rs.getString(1);
        }
      }
    }
    String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), table);
    return new MergeSql(catalog, table, columns, keys, rules, orderType,
        plain(c, qualified, TableDdl.columns(c, qualified).keySet()));
  }

  /**
   * {@code columns} of the table {@code qualified} but those with a default, identity or generation
   * (the provenance column among them): the user's own (a surrogate key, a load time), which an
   * upsert leaves to PostgreSQL when the object lacks them.
   */
  static Set<String> plain(Connection c, String qualified, Collection<String> columns) throws SQLException {
    Set<String> out = new HashSet<>(columns);
    try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?)"
        + " AND attnum > 0 AND NOT attisdropped AND (atthasdef OR attidentity <> '' OR attgenerated <> '')")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.remove(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Runs the {@link #steps} on {@code c}, in the transaction that staged {@code o}, which the ledger
   * records as {@code objectId} at {@code o}'s lake position.
   *
   * @return how many deletes named a key no row held
   */
  long apply(Connection c, LakeObject o, int objectId) throws SQLException {
    long unseen = 0;
    for (Step step : steps()) {
      try (PreparedStatement ps = c.prepareStatement(step.sql())) {
        for (int i = 0; i < step.params().size(); i++) {
          bind(ps, i + 1, step.params().get(i), o, objectId);
        }
        if (step.countsUnseen()) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            unseen = rs.getLong(1);
          }
        } else {
          ps.execute();
        }
      }
    }
    return unseen;
  }

  private void bind(PreparedStatement ps, int index, Param param, LakeObject o, int objectId) throws SQLException {
    switch (param) {
      case PARTITION_TIME -> ps.setTimestamp(index, Timestamp.from(o.partitionTime()));
      case MANIFEST_KEY -> ps.setString(index, o.manifestKey() == null ? "" : o.manifestKey());
      case OBJECT_KEY -> ps.setString(index, o.key());
      case TABLE -> ps.setString(index, table);
      case OBJECT_ID -> ps.setInt(index, objectId);
      case MARKER -> ps.setString(index, rules.deleteMarker().value());
    }
  }

  /** The statements, in the order they run, after the COPY into {@link MergeTransaction#STAGE}. */
  List<Step> steps() {
    if (rules.deleteMarker() == null) {
      return List.of(upsert("(SELECT DISTINCT ON (" + key("") + ") * FROM " + MergeTransaction.STAGE + " ORDER BY "
          + key("") + order("") + ") s", false));
    }
    List<Step> steps = new ArrayList<>();
    boolean hard = rules.softDelete() == null;
    if (hard) {
      steps.add(new Step("SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),"
          + " set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '1', true)",
          List.of(), false));
    }
    steps.add(new Step("CREATE TEMP TABLE \"_insightflow_last\" ON COMMIT DROP AS SELECT DISTINCT ON (" + key("s.")
        + ") s.*, " + rules.deleteMarker().sql("s") + " AS " + IS_DELETE + " FROM " + MergeTransaction.STAGE
        + " s ORDER BY " + key("s.") + order("s."), rules.deleteMarker().value() == null ? List.of()
            : List.of(Param.MARKER), false));
    // Statistics, so that the few deletes of a large object are joined through the table's key index:
    // without, PostgreSQL guesses a third of the rows and hashes the whole table for every object.
    steps.add(new Step("ANALYZE " + LAST, List.of(), false));
    steps.add(new Step("SELECT count(*) FROM " + LAST + " s WHERE s." + IS_DELETE + " AND NOT EXISTS (SELECT 1 FROM "
        + qualified + " t WHERE " + sameKey("t.", "s.") + ")", List.of(), true));
    if (!hard) {
      steps.add(upsert(LAST + " s", false));
      return steps;
    }
    String deleted = catalog.table(SyncCatalog.DELETED);
    // A rewritten or reloaded object starts again from its position: its earlier tombstones go, as its rows did.
    steps.add(new Step("DELETE FROM " + deleted + " WHERE table_name = ? AND object_id = ?",
        List.of(Param.TABLE, Param.OBJECT_ID), false));
    steps.add(upsert(LAST + " s", true));
    List<Param> params = new ArrayList<>(List.of(Param.TABLE));
    steps.add(new Step("DELETE FROM " + deleted + " d USING " + LAST + " s WHERE d.table_name = ? AND NOT s."
        + IS_DELETE + " AND d.key = " + json("s.") + " AND NOT " + tombstoneHolds("s." + quotedOrder(), params),
        params, false));
    params = new ArrayList<>();
    steps.add(new Step("DELETE FROM " + qualified + " t USING " + LAST + " s WHERE s." + IS_DELETE + " AND "
        + sameKey("t.", "s.") + " AND NOT " + rowHolds("s." + quotedOrder(), params), params, false));
    params = new ArrayList<>(List.of(Param.TABLE, Param.OBJECT_ID));
    boolean ordered = rules.orderBy() != null;
    String sql = "INSERT INTO " + deleted + " AS d (table_name, key, object_id" + (ordered ? ", ordering" : "")
        + ") SELECT ?, " + json("s.") + ", ?" + (ordered ? ", s." + quotedOrder() + "::text" : "") + " FROM " + LAST
        + " s WHERE s." + IS_DELETE + " AND NOT EXISTS (SELECT 1 FROM " + qualified + " t WHERE " + sameKey("t.", "s.")
        + ") ON CONFLICT (table_name, key) DO UPDATE SET object_id = EXCLUDED.object_id"
        + (ordered ? ", ordering = EXCLUDED.ordering" : "") + " WHERE NOT ";
    steps.add(new Step(sql + tombstoneHolds(ordered ? "EXCLUDED.ordering::" + orderType : null, params), params,
        false));
    return steps;
  }

  /**
   * The upsert of {@code source}'s rows (aliased {@code s}): all of them, or with {@code hard} those
   * that are no delete and whose key no greater tombstone holds; with a soft delete column, a delete
   * sets it to this object's partition time and any other row clears it.
   */
  private Step upsert(String source, boolean hard) {
    List<Param> params = new ArrayList<>();
    String soft = rules.softDelete() == null ? "" : ", " + Identifiers.quote(rules.softDelete());
    StringBuilder sql = new StringBuilder("INSERT INTO " + qualified + " AS t (" + names("") + soft + ") SELECT "
        + names("s."));
    if (!soft.isEmpty()) {
      // The partition time, not now(): a reload, or another worker, sets the same value, so reloading
      // changes nothing and the table stays a function of the lake.
      sql.append(", CASE WHEN s.").append(IS_DELETE).append(" THEN ?::timestamptz END");
      params.add(Param.PARTITION_TIME);
    }
    sql.append(" FROM ").append(source);
    if (hard) {
      sql.append(" WHERE NOT s.").append(IS_DELETE).append(" AND NOT EXISTS (SELECT 1 FROM ")
          .append(catalog.table(SyncCatalog.DELETED)).append(" d WHERE d.table_name = ? AND d.key = ")
          .append(json("s.")).append(" AND ");
      params.add(Param.TABLE);
      sql.append(tombstoneHolds("s." + quotedOrder(), params)).append(")");
    }
    sql.append(" ON CONFLICT (").append(key("")).append(") DO UPDATE SET ");
    for (RunManifest.Column col : columns) {
      if (!keys.contains(col.name())) {
        sql.append(Identifiers.quote(col.name())).append(" = EXCLUDED.").append(Identifiers.quote(col.name()))
            .append(", ");
      }
    }
    // A plain column the object lacks is NULL, as the insert of the row leaves it: the row is the object's
    // whole row, so the table does not depend on whether an earlier object with that column loaded before.
    Set<String> present = columns.stream().map(RunManifest.Column::name).collect(Collectors.toSet());
    for (String absent : plain) {
      if (!present.contains(absent) && !absent.equals(rules.softDelete()) && !absent.equals(SyncCatalog.PROVENANCE)) {
        sql.append(Identifiers.quote(absent)).append(" = NULL, ");
      }
    }
    if (!soft.isEmpty()) {
      sql.append(soft.substring(2)).append(" = EXCLUDED.").append(soft.substring(2)).append(", ");
    }
    String provenance = '"' + SyncCatalog.PROVENANCE + '"';
    sql.append(provenance).append(" = EXCLUDED.").append(provenance).append(" WHERE NOT ")
        .append(rowHolds("EXCLUDED." + quotedOrder(), params));
    return new Step(sql.toString(), params, false);
  }

  /** Whether the table's row {@code t} is greater than the incoming version (ordering value {@code incoming}). */
  private String rowHolds(String incoming, List<Param> params) {
    return holds("t." + quotedOrder(), "t.\"" + SyncCatalog.PROVENANCE + "\"", incoming, params);
  }

  /** Whether tombstone {@code d} is greater than the incoming version. */
  private String tombstoneHolds(String incoming, List<Param> params) {
    return holds("d.ordering::" + orderType, "d.object_id", incoming, params);
  }

  /**
   * Whether a held version (its ordering value and object) is greater than this object's: a greater
   * ordering value, or an equal one from an object later in lake order. A held row without an
   * ordering value, or whose object the ledger does not know (rows there before sync), gives way.
   */
  private String holds(String heldOrder, String heldObject, String incomingOrder, List<Param> params) {
    String later = "EXISTS (SELECT 1 FROM " + catalog.table(SyncCatalog.LOADED) + " l WHERE l.object_id = "
        + heldObject + " AND (l.partition_time, coalesce(l.manifest_key, '') COLLATE \"C\", l.object_key COLLATE \"C\")"
        + " > (?::timestamptz, ?::text COLLATE \"C\", ?::text COLLATE \"C\"))";
    params.addAll(List.of(Param.PARTITION_TIME, Param.MANIFEST_KEY, Param.OBJECT_KEY));
    if (rules.orderBy() == null) {
      return later;
    }
    return "coalesce(" + heldOrder + " > " + incomingOrder + " OR " + heldOrder + " = " + incomingOrder + " AND "
        + later + ", false)";
  }

  /** The dedup order after the key: greatest ordering value, then last row, first. */
  private String order(String prefix) {
    return (rules.orderBy() == null ? "" : ", " + prefix + quotedOrder() + " DESC") + ", " + prefix + "\""
        + MergeTransaction.ROW + "\" DESC";
  }

  private String quotedOrder() {
    return rules.orderBy() == null ? null : Identifiers.quote(rules.orderBy());
  }

  private String key(String prefix) {
    return keys.stream().map(k -> prefix + Identifiers.quote(k)).collect(Collectors.joining(", "));
  }

  private String json(String prefix) {
    return "jsonb_build_array(" + key(prefix) + ")";
  }

  private String sameKey(String a, String b) {
    return keys.stream().map(k -> a + Identifiers.quote(k) + " = " + b + Identifiers.quote(k))
        .collect(Collectors.joining(" AND "));
  }

  private String names(String prefix) {
    return columns.stream().map(col -> prefix + Identifiers.quote(col.name())).collect(Collectors.joining(", "));
  }
}
