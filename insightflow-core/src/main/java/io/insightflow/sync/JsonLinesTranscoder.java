package io.insightflow.sync;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
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
 *
 * <p>Two paths read the objects [#24]: {@link FlatJsonLine} reads a line of flat JSON (the usual
 * Firehose record) from its bytes, copying numbers and plain strings as they are; Jackson's streaming
 * parser (the general path) reads every line it leaves, {@link ResumedJsonParser resumed} where it
 * stopped, and what it reads and its errors are those of a parser that had read the stream from its
 * start. A stream that does not start as UTF-8 without a byte-order mark (Jackson detects UTF-16 and
 * UTF-32) takes the general path throughout. Not thread-safe; closing it leaves the source open.
 */
final class JsonLinesTranscoder extends BlockInputStream {

  /** The flat path's buffer: a line longer than this takes the general path. */
  static final int BUFFER_BYTES = 1 << 16;
  /**
   * After a line the flat path leaves, the general path reads this many objects before the flat path
   * tries again: a stream of nested values pays the flat path's attempt once in so many lines.
   */
  static final int GENERAL_OBJECTS = 64;
  private static final int ROW = 0;
  private static final int END = 1;
  private static final int GENERAL = 2;

  private final InputStream in;
  private final ResumedJsonParser.Factory factory;
  private final long maxLineBytes;
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final SerializedString[] names;
  private final boolean rejectUnknown;
  private final CopyTextRow row;
  private final FlatJsonLine flat;
  // The flat path's input: buffer bytes [inputPosition, inputEnd) are unread; the buffer's first byte
  // is at stream offset inputOffset; inputPosition is on line lineNumber, which starts at lineStart.
  private final byte[] input;
  private int inputPosition;
  private int inputEnd;
  private long inputOffset;
  private int lineNumber = 1;
  private int lineStart;
  private boolean inputEnded;
  private boolean started;
  // The general path's parser; null while the flat path reads. Resumed: it hands back to the flat path.
  private JsonParser parser;
  private boolean resumed;
  private int generalObjects;
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
  JsonLinesTranscoder(InputStream in, List<RunManifest.Column> columns, boolean rejectUnknown, long maxLineBytes) {
    this(in, columns, rejectUnknown, maxLineBytes, BUFFER_BYTES);
  }

  /** As above, with the flat path's buffer size; 0: the general path alone (tests compare the two). */
  JsonLinesTranscoder(InputStream in, List<RunManifest.Column> columns, boolean rejectUnknown, long maxLineBytes,
      int bufferBytes) {
    int maxText = (int) Math.min(Integer.MAX_VALUE, maxLineBytes);
    // The source is the caller's (it verifies the object after the last row), never closed here.
    this.factory = new ResumedJsonParser.Factory(new JsonFactoryBuilder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxText).maxNameLength(maxText).build()));
    this.in = in;
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
    List<String> sourceNames = columns.stream().map(RunManifest.Column::sourceName).toList();
    this.names = sourceNames.stream().map(SerializedString::new).toArray(SerializedString[]::new);
    this.rejectUnknown = rejectUnknown;
    this.row = new CopyTextRow(columns.size());
    this.flat = bufferBytes > 0 ? new FlatJsonLine(sourceNames, field -> {
      Integer index = column(field);
      return index == null ? -1 : index;
    }, rejectUnknown, maxLineBytes) : null;
    this.input = new byte[bufferBytes > 0 ? Math.max(16, bufferBytes) : 0];
  }

  /** The column of a field, or null: by its name exactly, else ignoring case. */
  private Integer column(String field) {
    Integer index = columnIndex.get(field);
    return index != null ? index : columnIndex.get(field.toLowerCase(Locale.ROOT));
  }

  /** The line of the last object read (blank lines count, so it is a line number of the object). */
  long line() {
    return line;
  }

  /** Objects turned into rows so far. */
  long rows() {
    return rows;
  }

  /**
   * Fills {@code b} with as many rows as fit: pgjdbc's {@code copyIn} sends each read as one COPY
   * data message, and a message per row costs the server more than the row. [#24]
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = 0;
    while (n < len) {
      if (position == limit) {
        if (!nextRow()) {
          break;
        }
        int size = row.size();
        if (size <= len - n) {
          row.write(b, off + n);
          n += size;
          continue;
        }
        if (buffer.length < size) {
          buffer = new byte[Math.max(size, 2 * buffer.length)];
        }
        row.write(buffer, 0);
        limit = size;
        position = 0;
      }
      int k = Math.min(len - n, limit - position);
      System.arraycopy(buffer, position, b, off + n, k);
      position += k;
      n += k;
    }
    return n == 0 && len > 0 ? -1 : n;
  }

  /** Reads the next object into the row; false at the end of the input. */
  private boolean nextRow() throws IOException {
    if (!started) {
      started = true;
      if (flat == null) {
        parser = factory.createParser(in);
      } else if (!plainUtf8()) {
        parser = factory.createParser(in, input, inputEnd);
      }
    }
    if (parser == null) {
      int read = flatRow();
      if (read != GENERAL) {
        return read == ROW;
      }
      parser = factory.resume(in, input, inputPosition, inputEnd, inputOffset, lineNumber, lineStart);
      resumed = true;
      generalObjects = GENERAL_OBJECTS;
    }
    boolean read = generalRow();
    if (read && resumed && --generalObjects == 0) {
      handBack();
    }
    return read;
  }

  /**
   * Whether the stream starts as UTF-8 with no byte-order mark; else Jackson detects its encoding
   * (a BOM, or a zero byte in the first four: UTF-16 or UTF-32) and reads it all.
   */
  private boolean plainUtf8() throws IOException {
    while (inputEnd < 4 && !inputEnded) {
      fill();
    }
    for (int i = 0; i < Math.min(4, inputEnd); i++) {
      if (input[i] == 0) {
        return false;
      }
    }
    int first = inputEnd > 0 ? input[0] & 0xFF : 0;
    return first != 0xEF && first != 0xFE && first != 0xFF;
  }

  /** Reads lines on the flat path up to the next object: ROW, END, or GENERAL (for the line at inputPosition). */
  private int flatRow() throws IOException {
    while (true) {
      int next = flat.read(input, inputPosition, inputEnd, inputEnded, lastEndLine == lineNumber, row);
      if (next == FlatJsonLine.GENERAL || next == FlatJsonLine.MORE && !fill()) {
        return GENERAL;
      }
      if (next == FlatJsonLine.MORE) {
        continue;
      }
      boolean lineBreak = next > inputPosition && input[next - 1] == '\n';
      inputPosition = next;
      if (flat.object()) {
        line = lineNumber;
        lastEndLine = line;
        rows++;
      }
      if (lineBreak) {
        lineNumber++;
        lineStart = next;
      }
      if (flat.object()) {
        return ROW;
      }
      if (inputPosition == inputEnd && inputEnded) {
        return END;
      }
    }
  }

  /** Moves the unread bytes to the buffer's start and reads more; false when they fill it already. */
  private boolean fill() throws IOException {
    if (inputPosition > 0) {
      System.arraycopy(input, inputPosition, input, 0, inputEnd - inputPosition);
      inputOffset += inputPosition;
      lineStart -= inputPosition;
      inputEnd -= inputPosition;
      inputPosition = 0;
    }
    if (inputEnd == input.length) {
      return false;
    }
    int n = in.read(input, inputEnd, input.length - inputEnd);
    if (n < 0) {
      inputEnded = true;
    } else {
      inputEnd += n;
    }
    return true;
  }

  /** Hands the input back to the flat path, after an object the general path read. */
  private void handBack() throws IOException {
    ResumedJsonParser p = (ResumedJsonParser) parser;
    inputPosition = p.position();
    inputEnd = p.end();
    inputOffset = p.offset();
    lineNumber = p.line();
    lineStart = p.lineStart();
    parser = null;
    p.close();
  }

  /** Reads the next object on the general path (Jackson's parser). */
  private boolean generalRow() throws IOException {
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
    row.clear();
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
          index = column(field);
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
            case VALUE_NULL -> row.setNull(index);
            case START_OBJECT, START_ARRAY -> {
              char[] text = nested(maxLineBytes - rowChars).toCharArray();
              rowChars += text.length;
              row.encode(index, text, 0, text.length);
            }
            default -> {
              rowChars += parser.getTextLength();
              row.encode(index, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
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

  /** Closes the parser; the source stays open for its owner. */
  @Override
  public void close() throws IOException {
    if (parser != null) {
      parser.close();
    }
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
