package io.insightflow.sync;

import io.insightflow.internal.sql.PostgresType;
import java.util.Map;
import java.util.Set;

/**
 * What a column of a target table must become to take an object whose manifest gives the column
 * another type: nothing (the same type, or a wider one the table has already), a safe widening
 * that keeps every value of both, or a refusal saying why. A pure rule over {@link PostgresType}s;
 * {@link SchemaChanges} applies it per column. [#21]
 *
 * <p>Safe widenings: {@code smallint → integer → bigint → numeric}, {@code real → double precision}
 * (through the value's text: {@link ColumnChanges.Change#sql}),
 * {@code character varying(n) → character varying(m > n) → text}, {@code character(n) →
 * character(m > n)}, {@code numeric(p,s)} to the precision and scale that hold the integer digits
 * and the scale of both, and a larger fractional precision of {@code time}, {@code timestamp} and
 * {@code interval}. Everything else is refused, among them:
 * <ul>
 *   <li>{@code timestamp → timestamp with time zone}: PostgreSQL would read the table's values in
 *       the server's {@code TimeZone} setting, which the data does not carry;</li>
 *   <li>{@code date → timestamp}: dates would become midnights no one can tell from real ones, and
 *       queries change meaning ({@code date - date} is a number of days, {@code timestamp -
 *       timestamp} an interval);</li>
 *   <li>exact numbers to {@code real}/{@code double precision}: binary floating point does not
 *       hold every decimal (nor every bigint) exactly;</li>
 * </ul>
 *
 * <p>A string on one side only (a {@code text} object into an {@code integer} column, or the other
 * way; or {@code character(n)} and {@code varchar}) is no type change either way: the table keeps its type and PostgreSQL parses each value as
 * COPY reads it, a value that does not parse failing the object at its line and column. Text is
 * how a lake carries values whose type the source did not know (CSV, a warehouse's VARCHAR), and a
 * table the user created with stricter types loads such objects as before.
 */
final class TypeWidening {

  /** What the column needs. */
  enum Kind {
    /** The table's type is the object's. */
    SAME,
    /** The table's type already holds every value of the object's: nothing changes. */
    FITS,
    /** The table's type is outside insightflow's grammar (an enum, a domain): left alone, COPY checks each value. */
    UNCHECKED,
    /** A string on one side only: the table keeps its type and COPY parses each value into it. */
    PARSED,
    /** The column widens to {@link Decision#to()}. */
    WIDEN,
    /** No safe widening: the object fails, {@link Decision#reason()} says why. */
    REFUSE
  }

  /**
   * @param kind what the column needs
   * @param to the type to widen to ({@link Kind#WIDEN}), else null
   * @param reason why it is refused ({@link Kind#REFUSE}), else null
   */
  record Decision(Kind kind, PostgresType to, String reason) {
    /** Whether the table stays as it is and the object loads. */
    boolean loads() {
      return kind != Kind.WIDEN && kind != Kind.REFUSE;
    }
  }

  /** Integer digits of the integer types (the digits of their largest value). */
  private static final Map<String, Integer> INTEGER_DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);
  /** numeric's largest declarable precision; a join beyond it is unconstrained {@code numeric}. */
  private static final int MAX_PRECISION = 1000;
  /** Types whose only modifier is a fractional precision, absent meaning the largest (6). */
  private static final Set<String> FRACTIONAL = Set.of("time without time zone", "time with time zone",
      "timestamp without time zone", "timestamp with time zone", "interval");
  private static final Set<String> VARYING = Set.of("character varying", "text");
  private static final Set<String> BLANK_PADDED = Set.of("character", "bpchar");

  private TypeWidening() {
  }

  /**
   * Decides for one column.
   *
   * @param tableType the column's type as {@code format_type()} spells it in the table
   * @param objectType the object's type (already checked against the grammar)
   */
  static Decision decide(String tableType, PostgresType objectType) {
    PostgresType table;
    try {
      table = PostgresType.parse(tableType);
    } catch (PostgresType.InvalidTypeException e) {
      return new Decision(Kind.UNCHECKED, null, null);
    }
    return decide(table, objectType);
  }

  /** {@link #decide(String, PostgresType)} of a parsed table type. */
  static Decision decide(PostgresType table, PostgresType object) {
    if (table.equals(object)) {
      return new Decision(Kind.SAME, null, null);
    }
    if (table.isArray() || object.isArray()) {
      return refuse("an array type changes only to the same type");
    }
    String t = table.base();
    String o = object.base();
    if (isExact(t) && isExact(o)) {
      return exact(table, object);
    }
    if (isFloat(t) && isFloat(o)) {
      return t.equals("double precision") ? fits() : widen(object);
    }
    if (VARYING.contains(t) && VARYING.contains(o)) {
      return varying(table, object);
    }
    if (BLANK_PADDED.contains(t) && BLANK_PADDED.contains(o)) {
      return longer(table, object, t.equals("bpchar"), o.equals("bpchar"));
    }
    if (t.equals(o) && FRACTIONAL.contains(t)) {
      return fractional(table, object);
    }
    if (isString(t) || isString(o)) {
      return new Decision(Kind.PARSED, null, null);
    }
    return refuse(whyNot(t, o));
  }

  /** Integers and numeric: the join holds the integer digits and the scale of both. */
  private static Decision exact(PostgresType table, PostgresType object) {
    int[] td = digits(table);
    int[] od = digits(object);
    if (td == null) {
      return fits(); // unconstrained numeric holds every exact number
    }
    if (od == null) {
      return widen(object);
    }
    int integerDigits = Math.max(td[0], od[0]);
    int scale = Math.max(td[1], od[1]);
    if (integerDigits == td[0] && scale == td[1]) {
      return fits();
    }
    if (INTEGER_DIGITS.containsKey(object.base()) && INTEGER_DIGITS.containsKey(table.base())) {
      return widen(object); // a larger integer type, not a numeric
    }
    int precision = integerDigits + scale;
    return widen(PostgresType.parse(precision > MAX_PRECISION ? "numeric" : "numeric(" + precision + "," + scale + ")"));
  }

  /** {integer digits, scale}, or null for unconstrained numeric. */
  private static int[] digits(PostgresType type) {
    Integer integer = INTEGER_DIGITS.get(type.base());
    if (integer != null) {
      return new int[] {integer, 0};
    }
    if (type.modifiers().isEmpty()) {
      return null;
    }
    int precision = type.modifiers().get(0);
    int scale = type.modifiers().get(1);
    return new int[] {precision - scale, scale};
  }

  /** varchar(n), varchar and text: text and unbounded varchar hold any string. */
  private static Decision varying(PostgresType table, PostgresType object) {
    boolean tableUnbounded = table.modifiers().isEmpty();
    if (tableUnbounded) {
      return fits();
    }
    if (object.modifiers().isEmpty()) {
      return widen(object);
    }
    return object.modifiers().get(0) <= table.modifiers().get(0) ? fits() : widen(object);
  }

  /** character(n) and bpchar (blank-padded without a limit). */
  private static Decision longer(PostgresType table, PostgresType object, boolean tableUnbounded,
      boolean objectUnbounded) {
    if (tableUnbounded) {
      return fits();
    }
    if (objectUnbounded) {
      return widen(object);
    }
    return object.modifiers().get(0) <= table.modifiers().get(0) ? fits() : widen(object);
  }

  /** time, timestamp and interval: a larger fractional precision (absent is the largest, 6). */
  private static Decision fractional(PostgresType table, PostgresType object) {
    int tp = table.modifiers().isEmpty() ? 6 : table.modifiers().get(0);
    int op = object.modifiers().isEmpty() ? 6 : object.modifiers().get(0);
    if (op == tp) {
      return new Decision(Kind.SAME, null, null); // timestamp(6) is timestamp
    }
    return op < tp ? fits() : widen(object);
  }

  private static boolean isExact(String base) {
    return INTEGER_DIGITS.containsKey(base) || base.equals("numeric");
  }

  private static boolean isString(String base) {
    return VARYING.contains(base) || BLANK_PADDED.contains(base);
  }

  private static boolean isFloat(String base) {
    return base.equals("real") || base.equals("double precision");
  }

  private static String whyNot(String table, String object) {
    if (table.startsWith("timestamp") && object.startsWith("timestamp")) {
      return "PostgreSQL would read the table's values in the server's TimeZone setting, which the data does not"
          + " carry";
    }
    if (table.equals("date") && object.startsWith("timestamp")) {
      return "dates would become midnights no one can tell from real ones, and date arithmetic would change"
          + " meaning (date - date is a number of days, timestamp - timestamp an interval)";
    }
    if (isExact(table) && isFloat(object) || isFloat(table) && isExact(object)) {
      return "binary floating point and exact numbers do not hold each other's values exactly";
    }
    return "that is no safe widening";
  }

  private static Decision fits() {
    return new Decision(Kind.FITS, null, null);
  }

  private static Decision widen(PostgresType to) {
    return new Decision(Kind.WIDEN, to, null);
  }

  private static Decision refuse(String reason) {
    return new Decision(Kind.REFUSE, null, reason);
  }
}
