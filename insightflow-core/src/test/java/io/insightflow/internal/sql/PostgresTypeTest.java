package io.insightflow.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresTypeTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bigint|bigint", "INT8|bigint", "int|integer", "int4|integer", "integer|integer", "int2|smallint",
      "smallint|smallint", "real|real", "float4|real", "float(24)|real", "float(25)|double precision",
      "float|double precision", "double precision|double precision", "DOUBLE   PRECISION|double precision",
      "float8|double precision", "numeric|numeric", "decimal|numeric", "numeric(12,2)|numeric(12,2)",
      "NUMERIC( 12 , 2 )|numeric(12,2)", "numeric(5)|numeric(5,0)", "boolean|boolean", "bool|boolean",
      "text|text", "varchar|character varying", "varchar(20)|character varying(20)",
      "character varying(20)|character varying(20)", "char|character(1)", "character(3)|character(3)",
      "bpchar|bpchar", "bytea|bytea", "date|date", "time|time without time zone",
      "time(3)|time(3) without time zone", "timetz|time with time zone", "time with time zone|time with time zone",
      "timestamp|timestamp without time zone", "timestamp without time zone|timestamp without time zone",
      "timestamp(3) with time zone|timestamp(3) with time zone", "timestamptz|timestamp with time zone",
      "timestamptz(6)|timestamp(6) with time zone", "interval|interval", "interval(2)|interval(2)",
      "uuid|uuid", "json|json", "jsonb|jsonb", "xml|xml", "inet|inet", "cidr|cidr", "macaddr|macaddr",
      "macaddr8|macaddr8", "money|money", "bit|bit(1)", "bit(8)|bit(8)", "varbit|bit varying",
      "bit varying(4)|bit varying(4)", "text[]|text[]", "integer[][]|integer[][]", "int[3]|integer[]",
      "numeric(10,3)[]|numeric(10,3)[]"})
  void parse_acceptedSpelling_rendersAsFormatTypeDoes(String spelling, String sql) {
    assertThat(PostgresType.parse(spelling).sql()).isEqualTo(sql);
    assertThat(PostgresType.parse(sql).sql()).isEqualTo(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {"int references victim", "text default current_user", "int primary key",
      "text default lo_create(4242)", "text collate \"C\"", "int not null", "int; drop table x",
      "int -- comment", "text check (true)", "integer generated always as (1) stored", "serial", "bigserial",
      "public.victim", "pg_catalog.int4", "\"int4\"", "regclass", "oid", "tsvector", "name",
      "numeric(0)", "numeric(1001)", "numeric(5,6)", "numeric(12,-2)", "varchar(0)", "varchar(10485761)",
      "timestamp(7)", "float(0)", "float(54)", "time with zone", "int[", "int]", "int[][][][][][][]",
      "character varying varying", "double", "numeric(99999999999)", "ｉｎｔ", "int\u0000", "", "  "})
  void parse_anythingElse_isRefused(String spelling) {
    assertThatThrownBy(() -> PostgresType.parse(spelling)).isInstanceOf(PostgresType.InvalidTypeException.class);
    assertThat(PostgresType.isValid(spelling)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"int references victim", "text default lo_create(4242)"})
  void parse_clauseAfterType_messageNamesWhatFollows(String spelling) {
    assertThatThrownBy(() -> PostgresType.parse(spelling)).hasMessageContaining("more than a type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "bigint bigint bigint bigint bigint bigint bigint bigint bigint bigint bigint"})
  void parse_longOrUnknown_refusedWithoutEchoingItAll(String spelling) {
    assertThatThrownBy(() -> PostgresType.parse(spelling)).message().hasSizeLessThan(120);
  }
}
