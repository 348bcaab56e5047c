package io.insightflow.layout;

import static io.insightflow.config.InsightflowProperties.NAMING;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.Printable;
import io.insightflow.sql.Identifiers;
import io.insightflow.sql.NamingPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one function that decides every table and column name in the lake's manifests, PostgreSQL and
 * the catalog: the {@link NamingPolicy} of {@code insightflow.naming}, or of
 * {@code insightflow.naming.<table>} for a table named there by its source name. Ingest applies it
 * once and records both spellings in the manifest ({@link RunManifest.Column#sourceName()}); sync
 * applies it to the names of objects other writers deliver. [#22]
 *
 * @param policy the policy of every table not named in {@code tables}
 * @param tables policies by the source's table name
 */
@Evolving
public record Naming(NamingPolicy policy, Map<String, NamingPolicy> tables) {

  /** Every name as the source spells it. */
  public static final Naming KEEP = new Naming(NamingPolicy.KEEP, Map.of());

  public Naming {
    Objects.requireNonNull(policy, "policy");
    tables = Map.copyOf(tables);
  }

  /**
   * {@code insightflow.naming} and its {@code insightflow.naming.<table>} entries.
   *
   * @throws io.insightflow.api.InsightflowConfigException naming the key of an unknown policy
   */
  public static Naming fromProperties(Map<String, String> properties) {
    Map<String, NamingPolicy> tables = new HashMap<>();
    NAMING.tableValues(properties).forEach((table, value) -> tables.put(table, NamingPolicy.parse(NAMING.nameFor(table), value)));
    return new Naming(NamingPolicy.parse(NAMING.name(), NAMING.value(properties)), tables);
  }

  /** The policy of the table the source calls {@code sourceTable}. */
  public NamingPolicy policyOf(String sourceTable) {
    NamingPolicy exact = tables.get(sourceTable);
    if (exact != null) {
      return exact;
    }
    // The environment spells keys in upper case (INSIGHTFLOW_NAMING_ORDERS), as for every per-table key.
    return tables.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(sourceTable))
        .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).findFirst().orElse(policy);
  }

  /**
   * The name of the table the source calls {@code sourceTable}: also its folder in the lake, so it
   * must be one path segment.
   *
   * @throws InsightflowException naming the source's name and why the result cannot be a table name
   */
  public String table(String sourceTable) {
    NamingPolicy p = policyOf(sourceTable);
    String name = checked("table", sourceTable, p);
    if (name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new InsightflowException("Table " + shown(name) + " cannot be a folder of the lake: a table name"
          + " holds no '/' and is not '.' or '..'; use insightflow.naming.<table>=snake_case or rename it");
    }
    return name;
  }

  /**
   * The columns of the table the source calls {@code sourceTable}, renamed by its policy, each
   * recording its source name. Fails before anything is written when a name cannot be held or two
   * source names become one.
   *
   * @throws InsightflowException naming the columns (escaped) and the policy
   */
  public List<RunManifest.Column> columns(String sourceTable, List<RunManifest.Column> columns) {
    NamingPolicy p = policyOf(sourceTable);
    Map<String, String> sourceByName = new HashMap<>();
    List<RunManifest.Column> renamed = new ArrayList<>(columns.size());
    for (RunManifest.Column col : columns) {
      String source = col.sourceName();
      String name = checked("column", source, p);
      String earlier = sourceByName.putIfAbsent(name, source);
      if (earlier != null) {
        throw new InsightflowException("Columns " + shown(earlier) + " and " + shown(source)
            + " of table " + shown(sourceTable) + " both become " + shown(name) + " under naming policy "
            + p.value() + "; rename one at the source or choose another policy (insightflow.naming."
            + shown(sourceTable) + ")");
      }
      renamed.add(new RunManifest.Column(name, col.type(), col.sourceType(), col.nullable(), source));
    }
    return renamed;
  }

  /** The names of {@code keys} (source names of {@code sourceTable}) under its policy. */
  public List<String> keys(String sourceTable, List<String> keys) {
    NamingPolicy p = policyOf(sourceTable);
    return keys.stream().map(p::apply).toList();
  }

  private static String checked(String what, String source, NamingPolicy p) {
    String name = p.apply(source);
    Identifiers.problem(name).ifPresent(problem -> {
      throw new InsightflowException("The " + what + " name " + shown(source)
          + (name.equals(source) ? "" : " (" + shown(name) + " under naming policy " + p.value() + ")")
          + " cannot be a PostgreSQL name: " + problem);
    });
    return name;
  }

  /** A name from data for a message: quoted, escaped. */
  static String shown(String name) {
    return "'" + Printable.of(name) + "'";
  }
}
