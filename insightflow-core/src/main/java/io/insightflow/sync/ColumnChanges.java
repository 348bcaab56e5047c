package io.insightflow.sync;

import io.insightflow.api.Printable;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.sql.NamingPolicy;
import io.insightflow.internal.sql.PostgresType;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The changes a table needs before an object's COPY: its new columns and safe widenings
 * ({@link TypeWidening}), or, when any column cannot be taken, a {@link SchemaChangeException}
 * naming every such column with both types. Pure: the table's columns come in as a map. [#21]
 */
final class ColumnChanges {

  /**
   * One change.
   *
   * @param column the column
   * @param type the type it gets (rendered from the grammar, never as the lake spelled it)
   * @param from the table's type before, or null for a new column
   */
  record Change(String column, PostgresType type, String from) {
    boolean added() {
      return from == null;
    }

    /**
     * The statement on {@code qualified}; an added column stays nullable: rows loaded before have no
     * value. A {@code real} becomes {@code double precision} through its text (shortest exact, as the
     * driver's {@code extra_float_digits} asks), so 0.1 stays 0.1 as when loaded after the widening,
     * not 0.10000000149011612: the table does not depend on the order objects load in. [#21]
     */
    String sql(String qualified) {
      String name = Identifiers.quote(column);
      if (added()) {
        return "ALTER TABLE " + qualified + " ADD COLUMN " + name + " " + type.sql();
      }
      String using = from.equals("real") && type.sql().equals("double precision")
          ? " USING " + name + "::text::double precision" : "";
      return "ALTER TABLE " + qualified + " ALTER COLUMN " + name + " TYPE " + type.sql() + using;
    }
  }

  private ColumnChanges() {
  }

  /**
   * The table's column that spells {@code col}'s source name under another naming policy (or as the
   * source does), unless the object has that column too; null when there is none. [#22]
   */
  private static String otherSpelling(RunManifest.Column col, Map<String, String> existing,
      List<RunManifest.Column> objectColumns) {
    for (NamingPolicy policy : NamingPolicy.values()) {
      String name = policy.apply(col.sourceName());
      if (!name.equals(col.name()) && existing.containsKey(name)
          && objectColumns.stream().noneMatch(other -> other.name().equals(name))) {
        return name;
      }
    }
    return null;
  }

  private static String shown(String name) {
    return "'" + Printable.of(name) + "'";
  }

  /**
   * The changes {@code o} needs from a table with columns {@code existing} (name → {@code format_type}).
   *
   * @throws SchemaChangeException naming the table, the object, and each column it cannot take
   */
  static List<Change> of(LakeObject o, Map<String, String> existing, SchemaChangeMode mode) {
    List<Change> changes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String first = null;
    for (RunManifest.Column col : o.columns()) {
      PostgresType type = PostgresType.parse(col.type());
      String have = existing.get(col.name());
      String spelledOtherwise = have == null ? otherSpelling(col, existing, o.columns()) : null;
      if (spelledOtherwise != null) {
        // [#22] Never a second column for the same source column: the table was named under another policy.
        problems.add("the object's column " + shown(col.name()) + " (source name " + shown(col.sourceName())
            + ") is the table's column " + shown(spelledOtherwise) + " under another naming policy: the table was"
            + " created under another one; set " + InsightflowProperties.NAMING.name() + " (or its .<table> entry) back"
            + " to it, or rename the table's column");
        first = first == null ? col.name() : first;
        continue;
      }
      if (have == null) {
        if (mode == SchemaChangeMode.FREEZE) {
          problems.add("the object has column " + col.name() + " (" + type.sql() + ") that the table lacks");
          first = first == null ? col.name() : first;
        } else {
          changes.add(new Change(col.name(), type, null));
        }
        continue;
      }
      TypeWidening.Decision d = TypeWidening.decide(have, type);
      String both = "column " + col.name() + " is " + have + " in the table and " + type.sql() + " in the object";
      if (d.kind() == TypeWidening.Kind.REFUSE) {
        problems.add(both + ": no safe widening (" + d.reason() + ")");
      } else if (mode == SchemaChangeMode.FREEZE && (d.kind() == TypeWidening.Kind.WIDEN
          || d.kind() == TypeWidening.Kind.FITS || d.kind() == TypeWidening.Kind.PARSED)) {
        problems.add(both);
      } else if (d.kind() == TypeWidening.Kind.WIDEN) {
        changes.add(new Change(col.name(), d.to(), have));
        continue;
      } else {
        continue;
      }
      first = first == null ? col.name() : first;
    }
    if (!problems.isEmpty()) {
      String key = InsightflowProperties.SYNC_SCHEMA_CHANGES.nameFor(o.table());
      throw new SchemaChangeException(first, "Cannot load object into table " + o.table() + ": "
          + String.join("; ", problems) + (mode == SchemaChangeMode.FREEZE
              ? "; schema changes of the table are frozen (" + key + "=freeze): change the table yourself, or set "
                  + key + "=evolve"
              : "; change the column yourself (ALTER TABLE ... ALTER COLUMN ... TYPE ...) or the source")
          + ". Nothing of the object was loaded and the table is unchanged");
    }
    return changes;
  }
}
