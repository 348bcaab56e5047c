package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a CSV record looks loadable into a manifest's columns, checked before COPY by the
 * rejecting path ({@link RejectingCopy}): column count, NOT NULL, UTF-8, and the
 * syntax and range of integer, boolean, floating-point and numeric values. PostgreSQL may still
 * refuse a record that passes (a date, a constraint), which that path handles.
 */
final class RecordCheck {

  private static final Set<String> BOOLEANS =
      Set.of("t", "f", "true", "false", "y", "n", "yes", "no", "on", "off", "1", "0");

  private RecordCheck() {}

  /** The reason {@code rec} cannot load into {@code columns}, or null when it looks loadable. */
  static String reason(CsvRecord rec, List<RunManifest.Column> columns) {
    if (rec.fields().size() != columns.size()) {
      return "expected " + columns.size() + " columns, found " + rec.fields().size();
    }
    for (int i = 0; i < columns.size(); i++) {
      String value = rec.fields().get(i);
      RunManifest.Column col = columns.get(i);
      if (value == null) {
        if (!col.nullable()) {
          return "column " + col.name() + ": null value in a NOT NULL column";
        }
        continue;
      }
      if (value.indexOf(CsvRecord.BAD_BYTE) >= 0) {
        return "column " + col.name() + ": invalid byte sequence for encoding UTF8";
      }
      if (value.indexOf('\0') >= 0) {
        return "column " + col.name() + ": invalid byte sequence for encoding UTF8: 0x00";
      }
      String problem = checkType(value.strip(), col.type().toLowerCase(Locale.ROOT));
      if (problem != null) {
        return "column " + col.name() + ": " + problem;
      }
    }
    return null;
  }

  private static String checkType(String v, String type) {
    try {
      switch (type) {
        case "smallint", "int2" -> {
          long n = Long.parseLong(v);
          if (n < Short.MIN_VALUE || n > Short.MAX_VALUE) {
            return "value out of range for type smallint";
          }
        }
        case "integer", "int", "int4" -> Integer.parseInt(v);
        case "bigint", "int8" -> Long.parseLong(v);
        case "boolean", "bool" -> {
          if (!BOOLEANS.contains(v.toLowerCase(Locale.ROOT))) {
            return "invalid input syntax for type boolean";
          }
        }
        case "real", "float4", "double precision", "float8" -> {
          if (!v.matches("(?i)[+-]?(nan|infinity|inf|(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?)")) {
            return "invalid input syntax for type " + type;
          }
        }
        default -> {
          if (type.startsWith("numeric") || type.startsWith("decimal")) {
            if (!v.equalsIgnoreCase("nan")) {
              new BigDecimal(v);
            }
          }
        }
      }
      return null;
    } catch (NumberFormatException e) {
      return "invalid input syntax for type " + type;
    }
  }
}
