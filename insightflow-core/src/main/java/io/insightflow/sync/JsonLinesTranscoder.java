package io.insightflow.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JSON lines (one object per line) into the input of {@code COPY … (FORMAT text)}, by column
 * name, one object at a time. The JSON is parsed as it streams in, never read a whole line at a time:
 * memory is bounded by the values of one row, and a line longer than
 * {@link LoadLimits#maxLineBytes()} fails its object as soon as it is seen to be, whatever the line
 * holds (one huge string, many fields, a nested array, blanks).
 *
 * <p>A field missing from an object, or JSON {@code null}, becomes SQL NULL; strings load as they
 * are, numbers and booleans as their JSON text, nested objects and arrays as JSON text (for text or
 * jsonb columns). Each JSON line becomes exactly one line of COPY input (text format escapes line
 * breaks), so COPY's own errors name the JSON line; an object spread over several lines, or two on
 * one line, fails naming its line. Type errors are left to PostgreSQL, which names the line and column.
 * Not thread-safe; closing it leaves the source open.
 */
final class JsonLinesTranscoder extends InputStream {

  private final JsonParser parser;
  private final JsonFactory factory;
  private final long maxLineBytes;
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final SerializedString[] names;
  private final boolean rejectUnknown;
  // Each column's value of the row being read, as COPY text in UTF-8 (length -1: NULL): encoded
  // straight from the parser's characters, no String per value, since allocation drives RSS. [#24]
  private final byte[][] cells;
  private final int[] cellLength;
  private byte[] buffer = new byte[256];
  private int limit;
  private int position;
  private long line;
  private long lastEndLine;
  private long rows;

  /**
   * @param in the JSON lines (decompressed already); malformed UTF-8 is an error
   * @param columns the target columns, in COPY order
   * @param rejectUnknown whether a field that is no column is an error (else it is ignored)
   * @param maxLineBytes the longest line accepted
   */
  JsonLinesTranscoder(InputStream in, List<RunManifest.Column> columns, boolean rejectUnknown, long maxLineBytes)
      throws IOException {
    int maxText = (int) Math.min(Integer.MAX_VALUE, maxLineBytes);
    // The source is the caller's (it verifies the object after the last row), never closed here.
    this.factory = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxText).maxNameLength(maxText).build())
        .build();
    this.parser = factory.createParser(in);
    this.maxLineBytes = maxLineBytes;
    // By the source's name (the field the writer wrote), exactly, else ignoring case when that is unambiguous. [#22]
    Map<String, Integer> folded = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String source = columns.get(i).sourceName();
      columnIndex.put(source, i);
      folded.merge(source.toLowerCase(Locale.ROOT), i, (a, b) -> -1);
    }
    folded.forEach((name, i) -> {
      if (i >= 0) {
        columnIndex.putIfAbsent(name, i);
      }
    });
    this.names = columns.stream().map(col -> new SerializedString(col.sourceName())).toArray(SerializedString[]::new);
    this.rejectUnknown = rejectUnknown;
    this.cells = new byte[columns.size()][16];
    this.cellLength = new int[columns.size()];
  }

  /** The line of the last object read (blank lines count, so it is a line number of the object). */
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

  /**
   * Fills {@code b} with as many rows as fit: pgjdbc's {@code copyIn} sends each read as one COPY
   * data message, and a message per row costs the server more than the row. [#24]
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = 0;
    while (n < len) {
      if (position == limit && !nextRow()) {
        break;
      }
      int k = Math.min(len - n, limit - position);
      System.arraycopy(buffer, position, b, off + n, k);
      position += k;
      n += k;
    }
    return n == 0 && len > 0 ? -1 : n;
  }

  /** Encodes the next object into the buffer; false at the end of the input. */
  private boolean nextRow() throws IOException {
    JsonToken t;
    try {
      t = parser.nextToken();
    } catch (JsonProcessingException e) {
      throw bad(e.getLocation() == null ? line + 1 : e.getLocation().getLineNr(), e);
    }
    if (t == null) {
      return false;
    }
    line = parser.currentTokenLocation().getLineNr();
    if (line == lastEndLine) {
      throw badLine(line, null, "more than one JSON value on the line");
    }
    if (t != JsonToken.START_OBJECT) {
      throw badLine(line, null, "not a JSON object");
    }
    long start = parser.currentTokenLocation().getByteOffset();
    Arrays.fill(cellLength, -1);
    long rowChars = 0;
    try {
      for (int expected = 0; ; ) {
        Integer index;
        String field;
        // Writers repeat one field order: the name expected next is matched on the raw bytes, no lookup. [#24]
        if (expected < names.length && parser.nextFieldName(names[expected])) {
          field = names[expected].getValue();
          index = expected;
        } else if ((expected < names.length ? parser.currentToken() : parser.nextToken()) == JsonToken.FIELD_NAME) {
          field = parser.currentName();
          index = columnIndex.get(field);
          index = index != null ? index : columnIndex.get(field.toLowerCase(Locale.ROOT));
        } else {
          break;
        }
        expected = index == null ? expected : index + 1;
        JsonToken value = parser.nextToken();
        if (index == null) {
          if (rejectUnknown) {
            throw badLine(line, field, "field '" + field + "' is no column of the table");
          }
          skip(value, start);
        } else {
          switch (value) {
            case VALUE_NULL -> cellLength[index] = -1;
            case START_OBJECT, START_ARRAY -> {
              char[] text = nested(maxLineBytes - rowChars).toCharArray();
              rowChars += text.length;
              encode(index, text, 0, text.length);
            }
            default -> {
              rowChars += parser.getTextLength();
              encode(index, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            }
          }
        }
        if (rowChars > maxLineBytes || parser.currentLocation().getByteOffset() - start > maxLineBytes) {
          throw tooLong();
        }
      }
    } catch (StreamConstraintsException e) {
      throw tooLong();
    } catch (JsonProcessingException e) {
      throw bad(line, e);
    }
    if (parser.currentTokenLocation().getLineNr() != line) {
      throw badLine(line, null, "the JSON object goes on to line "
          + parser.currentTokenLocation().getLineNr() + "; JSON lines hold one object per line");
    }
    lastEndLine = line;
    int size = cells.length;
    for (int length : cellLength) {
      size += length < 0 ? 2 : length;
    }
    if (buffer.length < size) {
      buffer = new byte[Math.max(size, 2 * buffer.length)];
    }
    int p = 0;
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        buffer[p++] = '\t';
      }
      if (cellLength[i] < 0) {
        buffer[p++] = '\\';
        buffer[p++] = 'N';
      } else {
        System.arraycopy(cells[i], 0, buffer, p, cellLength[i]);
        p += cellLength[i];
      }
    }
    buffer[p++] = '\n';
    limit = p;
    position = 0;
    rows++;
    return true;
  }

  /**
   * Skips the value at the parser, token by token, so that an endless nested value still meets the
   * line limit (Jackson's {@code skipChildren} would read to its end); a skipped string is never buffered.
   */
  private void skip(JsonToken value, long start) throws IOException {
    int depth = value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY ? 1 : 0;
    while (depth > 0) {
      JsonToken t = parser.nextToken();
      if (t == null) {
        return; // the parser reports the unclosed value on the next read
      }
      depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
      if (parser.currentLocation().getByteOffset() - start > maxLineBytes) {
        throw tooLong();
      }
    }
  }

  /** The nested object or array at the parser as JSON text, copied token by token up to {@code max} chars. */
  private String nested(long max) throws IOException {
    BoundedText text = new BoundedText(max);
    try (JsonGenerator g = factory.createGenerator(text)) {
      g.copyCurrentStructure(parser);
    }
    return text.toString();
  }

  private BadLineException tooLong() {
    return badLine(line, null, "the line is longer than " + maxLineBytes + " bytes; raise"
        + " insightflow.sync.maxLineBytes if such lines are genuine");
  }

  private static BadLineException bad(long line, JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    return badLine(line, null, reason != null && reason.startsWith("Invalid UTF-8")
        ? "invalid byte sequence for encoding UTF8 (" + reason + ")" : "malformed JSON: " + reason);
  }

  /**
   * Sets column {@code index} to the characters in COPY's text format, UTF-8 encoded: backslash
   * escapes for the separators, and {@code ?} for a lone surrogate (as {@link String#getBytes} would).
   */
  private void encode(int index, char[] text, int offset, int length) {
    byte[] cell = cells[index];
    if (cell.length < 3 * length) { // at most 3 bytes a char: an escape takes 2, a surrogate pair 4
      cell = cells[index] = new byte[Math.max(3 * length, 2 * cell.length)];
    }
    int p = 0;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c < 0x80) {
        switch (c) {
          case '\\' -> { cell[p++] = '\\'; cell[p++] = '\\'; }
          case '\t' -> { cell[p++] = '\\'; cell[p++] = 't'; }
          case '\n' -> { cell[p++] = '\\'; cell[p++] = 'n'; }
          case '\r' -> { cell[p++] = '\\'; cell[p++] = 'r'; }
          default -> cell[p++] = (byte) c;
        }
      } else if (c < 0x800) {
        cell[p++] = (byte) (0xC0 | c >> 6);
        cell[p++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        cell[p++] = (byte) (0xE0 | c >> 12);
        cell[p++] = (byte) (0x80 | c >> 6 & 0x3F);
        cell[p++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
        int cp = Character.toCodePoint(c, text[++i]);
        cell[p++] = (byte) (0xF0 | cp >> 18);
        cell[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
        cell[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
        cell[p++] = (byte) (0x80 | cp & 0x3F);
      } else {
        cell[p++] = '?';
      }
    }
    cellLength[index] = p;
  }

  /** Closes the parser; the source stays open for its owner. */
  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** Text that stops growing at its limit: a nested value fails its line there instead of filling memory. */
  private final class BoundedText extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final long max;

    BoundedText(long max) {
      this.max = max;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      if (text.length() + (long) len > max) {
        throw tooLong();
      }
      text.append(buf, off, len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** A line that cannot become a row: {@code line 3, field f: …}. */
  private static BadLineException badLine(long line, String field, String message) {
    return new BadLineException(line, field, "line " + line + (field == null ? "" : ", field " + field) + ": " + message);
  }
}
