package io.insightflow.internal.sql;

import io.insightflow.api.InsightflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A column type, parsed against a grammar of PostgreSQL's built-in type names and rendered by
 * insightflow, never passed through. Column types arrive as text from the lake (run manifests,
 * {@code _schema.json}) and end up in {@code CREATE TABLE} and {@code ALTER TABLE}: only a type of
 * the allow-list below, with integer modifiers in range, and optional array brackets is accepted,
 * so no clause ({@code references}, {@code default}, {@code primary key}, {@code collate}, a
 * function call) can ride along.
 *
 * <p>Accepted (case-insensitive, any spacing), rendered as {@code format_type()} spells them:
 * {@code smallint int2 integer int int4 bigint int8 real float4 double precision float8 float(p)
 * numeric decimal [(p[,s])] boolean bool text varchar character varying char character bpchar [(n)]
 * bytea date time timetz timestamp timestamptz [(p)] [with|without time zone] interval [(p)]
 * uuid json jsonb xml inet cidr macaddr macaddr8 money bit varbit bit varying [(n)]}, each optionally
 * followed by {@code []} (one or more dimensions).
 *
 * <pre>{@code
 * PostgresType.parse("NUMERIC(12, 2)").sql();        // numeric(12,2)
 * PostgresType.parse("timestamptz").sql();           // timestamp with time zone
 * PostgresType.parse("int references victim");       // InvalidTypeException
 * }</pre>
 */
public final class PostgresType {

  /** What a message can say is accepted. */
  public static final String ACCEPTED = "a built-in PostgreSQL type such as bigint, text, numeric(12,2),"
      + " character varying(20), timestamp with time zone or text[]";

  /** Longest spelling considered; a type is a few words. */
  private static final int MAX_SPELLING = 64;

  /** Names with no modifier, by every spelling, to their canonical spelling. */
  private static final Map<String, String> PLAIN = Map.ofEntries(
      Map.entry("smallint", "smallint"), Map.entry("int2", "smallint"),
      Map.entry("integer", "integer"), Map.entry("int", "integer"), Map.entry("int4", "integer"),
      Map.entry("bigint", "bigint"), Map.entry("int8", "bigint"),
      Map.entry("real", "real"), Map.entry("float4", "real"),
      Map.entry("double precision", "double precision"), Map.entry("float8", "double precision"),
      Map.entry("boolean", "boolean"), Map.entry("bool", "boolean"),
      Map.entry("text", "text"), Map.entry("bytea", "bytea"), Map.entry("date", "date"),
      Map.entry("uuid", "uuid"), Map.entry("json", "json"), Map.entry("jsonb", "jsonb"), Map.entry("xml", "xml"),
      Map.entry("inet", "inet"), Map.entry("cidr", "cidr"), Map.entry("macaddr", "macaddr"),
      Map.entry("macaddr8", "macaddr8"), Map.entry("money", "money"));

  private final String name;
  private final List<Integer> modifiers;
  private final String suffix;
  private final int dimensions;

  private PostgresType(String name, List<Integer> modifiers, String suffix, int dimensions) {
    this.name = name;
    this.modifiers = List.copyOf(modifiers);
    this.suffix = suffix;
    this.dimensions = dimensions;
  }

  /**
   * Parses a type spelling.
   *
   * @throws InvalidTypeException saying what is wrong (echoing at most one word of the spelling),
   *     when the spelling is not a type of the allow-list
   */
  public static PostgresType parse(String spelling) {
    if (spelling == null || spelling.isBlank()) {
      throw new InvalidTypeException("no type given");
    }
    if (spelling.length() > MAX_SPELLING) {
      throw new InvalidTypeException("a type of more than " + MAX_SPELLING + " characters");
    }
    return new Parser(tokens(spelling.toLowerCase(Locale.ROOT))).type();
  }

  /** Whether {@code spelling} parses. */
  public static boolean isValid(String spelling) {
    try {
      parse(spelling);
      return true;
    } catch (InvalidTypeException e) {
      return false;
    }
  }

  /** The type as {@code format_type()} spells it: {@code numeric(12,2)}, {@code timestamp(3) with time zone}, {@code text[]}. */
  public String sql() {
    StringBuilder out = new StringBuilder(name);
    if (!modifiers.isEmpty()) {
      out.append('(');
      for (int i = 0; i < modifiers.size(); i++) {
        out.append(i == 0 ? "" : ",").append(modifiers.get(i));
      }
      out.append(')');
    }
    out.append(suffix);
    return out.append("[]".repeat(dimensions)).toString();
  }

  /** The element type's name without modifiers: {@code numeric}, {@code timestamp}, {@code character varying}. */
  public String name() {
    return name;
  }

  /**
   * The type without its modifiers or array brackets: {@code timestamp with time zone} of
   * {@code timestamp(3) with time zone}, {@code numeric} of {@code numeric(12,2)}.
   */
  public String base() {
    return name + suffix;
  }

  /** The integer modifiers: {@code [12, 2]} of {@code numeric(12,2)}, {@code [20]} of {@code character varying(20)}. */
  public List<Integer> modifiers() {
    return modifiers;
  }

  /** Whether it is an array type. */
  public boolean isArray() {
    return dimensions > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PostgresType t && t.sql().equals(sql());
  }

  @Override
  public int hashCode() {
    return Objects.hash(sql());
  }

  @Override
  public String toString() {
    return sql();
  }

  /** A spelling that is no type of the allow-list; the message says why, for the caller to name the column. */
  public static final class InvalidTypeException extends InsightflowException {
    InvalidTypeException(String message) {
      super(message);
    }
  }

  /** Words, numbers and the punctuation {@code ( ) , [ ]}; anything else ends the parse. */
  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c >= 'a' && c <= 'z') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 0x80 || s.charAt(i) == '_')) {
          i++;
        }
        out.add(s.substring(start, i));
      } else if (c >= '0' && c <= '9') {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        out.add(s.substring(start, i));
      } else if ("(),[]".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        throw new InvalidTypeException("a character that no type name holds (" + (c < 0x20 || c >= 0x7f
            ? String.format("U+%04X", (int) c) : "'" + c + "'") + ")");
      }
    }
    return out;
  }

  /** Recursive descent over the tokens of one type. */
  private static final class Parser {
    private final List<String> tokens;
    private int next;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    PostgresType type() {
      String first = take();
      PostgresType element = switch (first) {
        case "double" -> {
          expect("precision");
          yield plain("double precision");
        }
        case "float" -> floatType();
        case "numeric", "decimal" -> numeric();
        case "varchar" -> sized("character varying", 10_485_760, false);
        case "character" -> sized(accept("varying") ? "character varying" : "character", 10_485_760, false);
        case "char" -> sized("character", 10_485_760, true);
        case "bpchar" -> sized("bpchar", 10_485_760, false);
        case "bit" -> accept("varying") ? sized("bit varying", 83_886_080, false) : sized("bit", 83_886_080, true);
        case "varbit" -> sized("bit varying", 83_886_080, false);
        case "time", "timestamp" -> dateTime(first, false);
        case "timetz", "timestamptz" -> dateTime(first.substring(0, first.length() - 2), true);
        case "interval" -> new PostgresType("interval", precision(0, 6), "", 0);
        default -> {
          String canonical = PLAIN.get(first);
          if (canonical == null) {
            throw new InvalidTypeException("'" + first + "' is not a supported type name");
          }
          yield plain(canonical);
        }
      };
      int dimensions = 0;
      while (accept("[")) {
        if (peek() != null && Character.isDigit(peek().charAt(0))) {
          number(1, Integer.MAX_VALUE, "array size");
        }
        expect("]");
        dimensions++;
      }
      if (dimensions > 6) {
        throw new InvalidTypeException("more than 6 array dimensions");
      }
      if (next < tokens.size()) {
        throw new InvalidTypeException("more than a type: unexpected '" + tokens.get(next) + "' after "
            + element.sql());
      }
      return new PostgresType(element.name, element.modifiers, element.suffix, dimensions);
    }

    private static PostgresType plain(String name) {
      return new PostgresType(name, List.of(), "", 0);
    }

    /** {@code float(p)}: 1–24 is real, 25–53 double precision, as PostgreSQL decides. */
    private PostgresType floatType() {
      List<Integer> p = precision(1, 53);
      return plain(!p.isEmpty() && p.get(0) <= 24 ? "real" : "double precision");
    }

    private PostgresType numeric() {
      if (!accept("(")) {
        return plain("numeric");
      }
      int precision = number(1, 1000, "numeric precision");
      int scale = accept(",") ? number(0, precision, "numeric scale") : 0;
      expect(")");
      return new PostgresType("numeric", List.of(precision, scale), "", 0);
    }

    /** A type with an optional length; {@code char} and {@code bit} without one have length 1. */
    private PostgresType sized(String name, int max, boolean defaultOne) {
      List<Integer> length = new ArrayList<>();
      if (accept("(")) {
        length.add(number(1, max, name + " length"));
        expect(")");
      } else if (defaultOne) {
        length.add(1);
      }
      return new PostgresType(name, length, "", 0);
    }

    private PostgresType dateTime(String name, boolean withZone) {
      List<Integer> p = precision(0, 6);
      boolean zone = withZone;
      if (!withZone && (peek("with") || peek("without"))) {
        zone = take().equals("with");
        expect("time");
        expect("zone");
      }
      return new PostgresType(name, p, zone ? " with time zone" : " without time zone", 0);
    }

    /** An optional {@code (p)}. */
    private List<Integer> precision(int min, int max) {
      if (!accept("(")) {
        return List.of();
      }
      int p = number(min, max, "precision");
      expect(")");
      return List.of(p);
    }

    private int number(int min, int max, String what) {
      String t = take();
      if (t.isEmpty() || !Character.isDigit(t.charAt(0)) || t.length() > 9) {
        throw new InvalidTypeException("expected a number for the " + what + ", found '" + t + "'");
      }
      int n = Integer.parseInt(t);
      if (n < min || n > max) {
        throw new InvalidTypeException("the " + what + " " + n + " is out of range " + min + ".." + max);
      }
      return n;
    }

    private String take() {
      if (next >= tokens.size()) {
        throw new InvalidTypeException("the type ends too early");
      }
      return tokens.get(next++);
    }

    private String peek() {
      return next < tokens.size() ? tokens.get(next) : null;
    }

    private boolean peek(String token) {
      return token.equals(peek());
    }

    private boolean accept(String token) {
      if (peek(token)) {
        next++;
        return true;
      }
      return false;
    }

    private void expect(String token) {
      String t = take();
      if (!t.equals(token)) {
        throw new InvalidTypeException("expected '" + token + "', found '" + t + "'");
      }
    }
  }
}
