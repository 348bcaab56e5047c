package io.insightflow.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.insightflow.internal.Json;
import io.insightflow.layout.RunManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JSON lines (one object per line) into the input of {@code COPY … (FORMAT text)}, by column
 * name, one line at a time: memory is bounded by the longest line, whatever the object's size.
 *
 * <p>A field missing from an object, or JSON {@code null}, becomes SQL NULL; strings load as they
 * are, numbers and booleans as their JSON text, nested objects and arrays as JSON text (for text or
 * jsonb columns). Each JSON line becomes exactly one line of COPY input (text format escapes line
 * breaks), so COPY's own errors name the JSON line. Type errors are left to PostgreSQL, which names
 * the line and column. Not thread-safe; closing it closes the source.
 */
final class JsonLinesTranscoder extends InputStream {

  private static final JsonFactory JSON = Json.MAPPER.getFactory();

  private final BufferedReader lines;
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final boolean rejectUnknown;
  private final String[] values;
  private final StringBuilder row = new StringBuilder(256);
  private byte[] buffer = new byte[0];
  private int position;
  private long line;
  private long rows;

  /**
   * @param in the JSON lines, UTF-8 (decompressed already); malformed UTF-8 is an error
   * @param columns the target columns, in COPY order
   * @param rejectUnknown whether a field that is no column is an error (else it is ignored)
   */
  JsonLinesTranscoder(InputStream in, List<RunManifest.Column> columns, boolean rejectUnknown) {
    this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    for (int i = 0; i < columns.size(); i++) {
      columnIndex.put(columns.get(i).name().toLowerCase(Locale.ROOT), i);
    }
    this.rejectUnknown = rejectUnknown;
    this.values = new String[columns.size()];
  }

  /** JSON lines read so far (blank lines included, so it is the line number of the last one read). */
  long line() {
    return line;
  }

  /** Objects turned into rows so far. */
  long rows() {
    return rows;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (position == buffer.length) {
      if (!nextRow()) {
        return -1;
      }
    }
    int n = Math.min(len, buffer.length - position);
    System.arraycopy(buffer, position, b, off, n);
    position += n;
    return n;
  }

  /** Encodes the next non-blank line into the buffer; false at the end of the input. */
  private boolean nextRow() throws IOException {
    String text;
    do {
      try {
        text = lines.readLine();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new BadLineException(line + 1, null, "invalid byte sequence for encoding UTF8");
      }
      if (text == null) {
        return false;
      }
      line++;
    } while (text.isBlank());
    Arrays.fill(values, null);
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLineException(line, null, "not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        Integer index = columnIndex.get(field.toLowerCase(Locale.ROOT));
        JsonToken value = p.nextToken();
        if (index == null) {
          if (rejectUnknown) {
            throw new BadLineException(line, field, "field '" + field + "' is no column of the table");
          }
          p.skipChildren();
          continue;
        }
        values[index] = switch (value) {
          case VALUE_NULL -> null;
          case START_OBJECT, START_ARRAY -> p.readValueAsTree().toString();
          default -> p.getText();
        };
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new BadLineException(line, null, "more than one JSON value on the line");
      }
    } catch (JsonProcessingException e) {
      throw new BadLineException(line, null, "malformed JSON: " + e.getOriginalMessage());
    }
    row.setLength(0);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        row.append('\t');
      }
      appendText(values[i]);
    }
    row.append('\n');
    buffer = row.toString().getBytes(StandardCharsets.UTF_8);
    position = 0;
    rows++;
    return true;
  }

  /** A value in COPY's text format: {@code \N} for NULL, backslash escapes for the separators. */
  private void appendText(String value) {
    if (value == null) {
      row.append("\\N");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> row.append("\\\\");
        case '\t' -> row.append("\\t");
        case '\n' -> row.append("\\n");
        case '\r' -> row.append("\\r");
        default -> row.append(c);
      }
    }
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  /** A JSON line that cannot become a row; carried through COPY as the cause of its failure. */
  static final class BadLineException extends IOException {
    private final long line;
    private final String field;

    BadLineException(long line, String field, String message) {
      super("line " + line + (field == null ? "" : ", field " + field) + ": " + message);
      this.line = line;
      this.field = field;
    }

    long line() {
      return line;
    }

    String field() {
      return field;
    }
  }
}
