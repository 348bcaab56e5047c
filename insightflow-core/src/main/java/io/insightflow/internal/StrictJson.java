package io.insightflow.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict reading of the JSON the lake holds (run manifests, {@code _schema.json}) with jackson-core's
 * streaming API alone: databind's first use costs a fresh JVM ~0.3 s, and its messages quote the
 * text they met. Here each known field has one JSON type ({@code "rows": "10"} is refused, not
 * coerced), a field appears at most once, nothing may follow the object, and every error names the
 * field and its line and column, never the text found there. Unknown fields are the caller's to
 * skip ({@link JsonParser#skipChildren()}): a newer writer may add some. [#24]
 */
public final class StrictJson {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {}

  /** Reads the fields of one object: called just after its START_OBJECT, returns on its END_OBJECT. */
  public interface ObjectReader<T> {
    T read(JsonParser p) throws IOException;
  }

  /**
   * Reads {@code json}, which must be one object and nothing after it, with {@code reader}.
   *
   * @param what how errors name the whole object ("the manifest")
   * @throws IOException if the bytes are not such an object: the message names the field and its line
   *     and column, never the text found there
   */
  public static <T> T readObject(byte[] json, String what, ObjectReader<T> reader) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw problem(p, what + " must be an object");
      }
      T value = reader.read(p);
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw problem(p, what + " must be a closed object");
      }
      if (p.nextToken() != null) {
        throw problem(p, "text follows " + what + "'s object");
      }
      return value;
    } catch (StreamReadException e) {
      // Its message quotes the text found (a token, a duplicate field's name): lake text stays out of logs.
      // (Jackson's length and depth limits throw a StreamConstraintsException, which names only the limit.)
      String problem = e.getOriginalMessage().startsWith("Duplicate field") ? "a field appears twice in one object"
          : "not well-formed JSON";
      throw new IOException(problem + at(e.getLocation()));
    }
  }

  /** An array of objects, each read by {@code element}; {@code field} names it in errors. */
  public static <T> List<T> objects(JsonParser p, JsonToken value, String field, ObjectReader<T> element)
      throws IOException {
    expect(p, value, JsonToken.START_ARRAY, field);
    List<T> list = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(p, t, JsonToken.START_OBJECT, field + "[]");
      list.add(element.read(p));
    }
    return list;
  }

  /** An array of strings, or null; null elements stay, for the caller to refuse by name. */
  public static List<String> strings(JsonParser p, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, value, JsonToken.START_ARRAY, field);
    List<String> list = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      list.add(string(p, t, field + "[]"));
    }
    return list;
  }

  /** A string, or null. */
  public static String string(JsonParser p, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, value, JsonToken.VALUE_STRING, field);
    return p.getText();
  }

  /** true or false, or null. */
  public static Boolean optionalBool(JsonParser p, JsonToken value, String field) throws IOException {
    return value == JsonToken.VALUE_NULL ? null : bool(p, value, field);
  }

  /** true or false. */
  public static boolean bool(JsonParser p, JsonToken value, String field) throws IOException {
    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
      throw problem(p, "\"" + field + "\" must be true or false");
    }
    return value == JsonToken.VALUE_TRUE;
  }

  /** An integer from {@code min} to {@code max}. */
  public static long integer(JsonParser p, JsonToken value, String field, long min, long max) throws IOException {
    expect(p, value, JsonToken.VALUE_NUMBER_INT, field);
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < min || p.getLongValue() > max) {
      throw problem(p, "\"" + field + "\" is out of range");
    }
    return p.getLongValue();
  }

  private static void expect(JsonParser p, JsonToken found, JsonToken wanted, String field) throws IOException {
    if (found != wanted) {
      throw problem(p, "\"" + field + "\" must be " + switch (wanted) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT -> "an integer";
        default -> wanted.asString();
      });
    }
  }

  /** {@code message} with the line and column of the parser's current token. */
  public static IOException problem(JsonParser p, String message) {
    return new IOException(message + at(p.currentTokenLocation()));
  }

  /** Where in the text; an exception may carry no location. */
  private static String at(JsonLocation location) {
    return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
