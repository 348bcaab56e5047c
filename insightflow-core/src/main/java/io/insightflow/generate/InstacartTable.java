package io.insightflow.generate;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The six tables of the Instacart Market Basket data set: names, CSV headers, column types and the
 * real row counts (scale 1.0).
 */
@Evolving
public enum InstacartTable {
  AISLES("aisles", 134, false,
      col("aisle_id", ColumnType.INTEGER), col("aisle", ColumnType.VARCHAR)),
  DEPARTMENTS("departments", 21, false,
      col("department_id", ColumnType.INTEGER), col("department", ColumnType.VARCHAR)),
  PRODUCTS("products", 49_688, true,
      col("product_id", ColumnType.INTEGER), col("product_name", ColumnType.VARCHAR),
      col("aisle_id", ColumnType.INTEGER), col("department_id", ColumnType.INTEGER)),
  ORDERS("orders", 3_421_083, true,
      col("order_id", ColumnType.INTEGER), col("user_id", ColumnType.INTEGER),
      col("eval_set", ColumnType.VARCHAR), col("order_number", ColumnType.INTEGER),
      col("order_dow", ColumnType.INTEGER), col("order_hour_of_day", ColumnType.INTEGER),
      col("days_since_prior_order", ColumnType.DOUBLE)),
  ORDER_PRODUCTS_PRIOR("order_products__prior", 32_434_489, true, orderProductColumns()),
  ORDER_PRODUCTS_TRAIN("order_products__train", 1_384_617, true, orderProductColumns());

  /** Column types, mapped by each loader onto its database's types. */
  public enum ColumnType {
    /** 32-bit integer. */
    INTEGER,
    /** 64-bit floating point; an empty CSV field is NULL. */
    DOUBLE,
    /** Text. */
    VARCHAR
  }

  /**
   * One column of a table.
   *
   * @param name column name as in the CSV header
   * @param type column type
   */
  public record Column(String name, ColumnType type) {}

  private final String tableName;
  private final long realRows;
  private final boolean scaled;
  private final List<Column> columns;

  InstacartTable(String tableName, long realRows, boolean scaled, Column... columns) {
    this.tableName = tableName;
    this.realRows = realRows;
    this.scaled = scaled;
    this.columns = List.of(columns);
  }

  private static Column col(String name, ColumnType type) {
    return new Column(name, type);
  }

  private static Column[] orderProductColumns() {
    return new Column[] {col("order_id", ColumnType.INTEGER), col("product_id", ColumnType.INTEGER),
        col("add_to_cart_order", ColumnType.INTEGER), col("reordered", ColumnType.INTEGER)};
  }

  /** The table name, such as {@code order_products__prior}. */
  public String tableName() {
    return tableName;
  }

  /** The CSV file name, such as {@code order_products__prior.csv}. */
  public String fileName() {
    return tableName + ".csv";
  }

  /** The row count of the real data set (scale 1.0), header excluded. */
  public long realRows() {
    return realRows;
  }

  /**
   * The row count at {@code scale}: {@code max(1, round(realRows * scale))}, except for aisles and
   * departments, which keep their real counts at every scale.
   *
   * @param scale positive scale factor
   * @return rows, header excluded
   * @throws InsightflowConfigException (key {@code insightflow.generate.scale}) when scale is not a positive finite number
   */
  public long rows(double scale) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new InsightflowConfigException(InsightflowProperties.GENERATE_SCALE.name(),
          "scale must be a positive number, got " + scale);
    }
    return scaled ? Math.max(1, Math.round(realRows * scale)) : realRows;
  }

  /** The columns, in CSV order. */
  public List<Column> columns() {
    return columns;
  }

  /** The column names, in CSV order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).collect(Collectors.toUnmodifiableList());
  }

  /** The CSV header line without line terminator, such as {@code aisle_id,aisle}. */
  public String header() {
    return String.join(",", columnNames());
  }

  /**
   * Finds a table by its name.
   *
   * @param tableName a name such as {@code orders}; matched exactly
   * @return the table, or empty when the name is not one of the six
   */
  public static Optional<InstacartTable> byName(String tableName) {
    return Arrays.stream(values()).filter(t -> t.tableName.equals(tableName)).findFirst();
  }
}
