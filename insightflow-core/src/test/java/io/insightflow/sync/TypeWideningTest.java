package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.internal.sql.PostgresType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TypeWidening}: what a column of the table's type needs for an object of another type. [#21] */
class TypeWideningTest {

  /** Every type the rule knows a family of, plus some it refuses between. */
  private static final List<String> TYPES = List.of("smallint", "integer", "bigint", "numeric", "numeric(5,0)",
      "numeric(10,2)", "numeric(12,4)", "numeric(1000,0)", "real", "double precision", "character varying(10)",
      "character varying(20)", "character varying", "text", "character(3)", "character(5)", "bpchar", "date",
      "timestamp(3) without time zone", "timestamp without time zone", "timestamp with time zone",
      "time(2) without time zone", "time without time zone", "interval(3)", "interval", "boolean", "uuid", "jsonb",
      "json", "bytea", "integer[]", "bigint[]");

  @ParameterizedTest(name = "{0} in the table, {1} in the object: {2} {3}")
  @CsvSource(delimiter = '|', value = {
      // integers: smallint -> integer -> bigint -> numeric
      "smallint | integer | WIDEN | integer",
      "smallint | bigint | WIDEN | bigint",
      "integer | bigint | WIDEN | bigint",
      "bigint | integer | FITS |",
      "integer | smallint | FITS |",
      "integer | numeric | WIDEN | numeric",
      "bigint | numeric(12,2) | WIDEN | numeric(21,2)",
      "integer | numeric(30,0) | WIDEN | numeric(30,0)",
      "smallint | numeric(3,1) | WIDEN | numeric(6,1)",
      "numeric | bigint | FITS |",
      "numeric(12,2) | integer | FITS |",
      "numeric(5,0) | integer | WIDEN | numeric(10,0)",
      "numeric(5,2) | bigint | WIDEN | numeric(21,2)",
      // numeric precision and scale: keep the integer digits and the scale of both
      "numeric(10,2) | numeric(12,4) | WIDEN | numeric(12,4)",
      "numeric(10,2) | numeric(8,4) | WIDEN | numeric(12,4)",
      "numeric(10,2) | numeric(10,3) | WIDEN | numeric(11,3)",
      "numeric(10,2) | numeric(12,2) | WIDEN | numeric(12,2)",
      "numeric(12,2) | numeric(10,2) | FITS |",
      "numeric(12,4) | numeric(10,2) | FITS |",
      "numeric(10,2) | numeric | WIDEN | numeric",
      "numeric | numeric(10,2) | FITS |",
      "numeric(1000,0) | numeric(2,1) | WIDEN | numeric",
      // floating point
      "real | double precision | WIDEN | double precision",
      "double precision | real | FITS |",
      // strings: varchar(n) -> varchar(m>n) -> text
      "character varying(10) | character varying(20) | WIDEN | character varying(20)",
      "character varying(20) | character varying(10) | FITS |",
      "character varying(10) | text | WIDEN | text",
      "character varying(10) | character varying | WIDEN | character varying",
      "text | character varying(10) | FITS |",
      "character varying | text | FITS |",
      "text | character varying | FITS |",
      "character(3) | character(5) | WIDEN | character(5)",
      "character(5) | character(3) | FITS |",
      "character(5) | bpchar | WIDEN | bpchar",
      "bpchar | character(5) | FITS |",
      // fractional precision of times and intervals (absent: 6, the largest)
      "timestamp(3) without time zone | timestamp without time zone | WIDEN | timestamp without time zone",
      "timestamp without time zone | timestamp(3) without time zone | FITS |",
      "timestamp(0) with time zone | timestamp(6) with time zone | WIDEN | timestamp(6) with time zone",
      "time(2) without time zone | time(4) without time zone | WIDEN | time(4) without time zone",
      "interval(3) | interval | WIDEN | interval",
      // a string on one side: the table keeps its type, COPY parses each value
      "integer | text | PARSED |",
      "integer | character varying(3) | PARSED |",
      "timestamp with time zone | text | PARSED |",
      "text | integer | PARSED |",
      "character(5) | text | PARSED |",
      "character varying(10) | character(5) | PARSED |",
      // same
      "integer | int4 | SAME |",
      "numeric(12,2) | decimal(12, 2) | SAME |",
      "timestamp with time zone | timestamptz | SAME |",
      "text[] | text[] | SAME |",
      "timestamp(6) without time zone | timestamp without time zone | SAME |",
      "interval | interval(6) | SAME |",
  })
  void decide_tableAndObjectType_widensOrFits(String table, String object, TypeWidening.Kind kind, String to) {
    TypeWidening.Decision d = TypeWidening.decide(table, PostgresType.parse(object));

    assertThat(d.kind()).isEqualTo(kind);
    assertThat(d.to() == null ? null : d.to().sql()).isEqualTo(to);
  }

  @ParameterizedTest(name = "{0} in the table, {1} in the object: refused")
  @CsvSource(delimiter = '|', value = {
      "timestamp without time zone | timestamp with time zone | TimeZone setting",
      "timestamp with time zone | timestamp without time zone | TimeZone setting",
      "date | timestamp without time zone | midnights",
      "date | timestamp with time zone | midnights",
      "bigint | double precision | floating point",
      "integer | real | floating point",
      "numeric(10,2) | double precision | floating point",
      "double precision | numeric | floating point",
      "real | integer | floating point",
      "integer | boolean | no safe widening",
      "json | jsonb | no safe widening",
      "timestamp without time zone | date | no safe widening",
      "integer[] | bigint[] | array type",
      "integer | integer[] | array type",
  })
  void decide_incompatibleTypes_refusesSayingWhy(String table, String object, String why) {
    TypeWidening.Decision d = TypeWidening.decide(table, PostgresType.parse(object));

    assertThat(d.kind()).isEqualTo(TypeWidening.Kind.REFUSE);
    assertThat(d.reason()).contains(why);
    assertThat(d.loads()).isFalse();
  }

  @Test
  void decide_tableTypeOutsideTheGrammar_leavesItToCopy() {
    TypeWidening.Decision d = TypeWidening.decide("mood", PostgresType.parse("text"));

    assertThat(d.kind()).isEqualTo(TypeWidening.Kind.UNCHECKED);
    assertThat(d.loads()).isTrue();
  }

  /**
   * Over every pair: a type always fits itself; a widening's target holds both types (it fits the
   * object's type and the table's type, so applying the rule again changes nothing); the rule
   * never narrows the table's type; and widening never goes both ways between two types.
   */
  @Test
  void decide_everyPair_widensToATypeThatHoldsBoth() {
    List<String> violations = new ArrayList<>();
    for (String t : TYPES) {
      PostgresType table = PostgresType.parse(t);
      if (TypeWidening.decide(table, table).kind() != TypeWidening.Kind.SAME) {
        violations.add(t + " is not the same as itself");
      }
      for (String o : TYPES) {
        PostgresType object = PostgresType.parse(o);
        TypeWidening.Decision d = TypeWidening.decide(table, object);
        if (d.kind() == TypeWidening.Kind.WIDEN) {
          if (!TypeWidening.decide(d.to(), object).loads()) {
            violations.add(t + " + " + o + " -> " + d.to() + " does not hold the object's type");
          }
          if (!TypeWidening.decide(d.to(), table).loads()) {
            violations.add(t + " + " + o + " -> " + d.to() + " does not hold the table's type");
          }
          if (TypeWidening.decide(object, table).kind() == TypeWidening.Kind.WIDEN
              && TypeWidening.decide(table, object).to().equals(object)
              && TypeWidening.decide(object, table).to().equals(table)) {
            violations.add(t + " and " + o + " widen to each other");
          }
        }
        if (d.kind() == TypeWidening.Kind.REFUSE
            && TypeWidening.decide(object, table).kind() == TypeWidening.Kind.FITS) {
          violations.add(t + " + " + o + " is refused although the object's type holds the table's");
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
