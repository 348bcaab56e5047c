package io.insightflow.connect.jdbc;

import io.insightflow.api.Evolving;
import io.insightflow.layout.RunManifest;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Maps a source's JDBC column types onto portable types, spelled as PostgreSQL spells them. */
@Evolving
public final class ColumnTypes {

  private ColumnTypes() {}

  /** The manifest schema of a result set. */
  public static List<RunManifest.Column> columns(ResultSetMetaData meta) throws SQLException {
    List<RunManifest.Column> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(new RunManifest.Column(meta.getColumnLabel(i),
          portable(meta.getColumnType(i), meta.getPrecision(i), meta.getScale(i), meta.getColumnTypeName(i)),
          meta.getColumnTypeName(i), meta.isNullable(i) != ResultSetMetaData.columnNoNulls));
    }
    return columns;
  }

  /**
   * The portable type of a JDBC type.
   *
   * @param typeName the source's own type name, consulted where the JDBC type is ambiguous
   */
  public static String portable(int jdbcType, int precision, int scale, String typeName) {
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> "boolean";
      case Types.TINYINT, Types.SMALLINT -> "smallint";
      case Types.INTEGER -> "integer";
      case Types.BIGINT -> "bigint";
      case Types.REAL -> "real";
      case Types.FLOAT, Types.DOUBLE -> "double precision";
      case Types.NUMERIC, Types.DECIMAL -> decimal(precision, scale);
      case Types.DATE -> "date";
      case Types.TIME -> "time";
      case Types.TIME_WITH_TIMEZONE -> "time with time zone";
      case Types.TIMESTAMP -> typeName != null && typeName.toLowerCase().contains("tz")
          ? "timestamp with time zone" : "timestamp";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp with time zone";
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "bytea";
      default -> "text";
    };
  }

  private static String decimal(int precision, int scale) {
    if (scale == 0 && precision > 0 && precision <= 18) {
      return "bigint"; // Snowflake's NUMBER(38,0)-style integers with small precision load faster as bigint
    }
    if (precision <= 0 || precision > 1000 || scale < 0 || scale > precision) {
      return "numeric";
    }
    return "numeric(" + precision + "," + scale + ")";
  }
}
