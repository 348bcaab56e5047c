package io.insightflow.sync;

import io.insightflow.api.Printable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Makes PostgreSQL's {@code COPY … (FORMAT csv)} load an object another writer delivered exactly as
 * RFC 4180 reads it (as Python's csv module and FastCSV do), or fails naming where it cannot. [#22]
 *
 * <p>COPY takes a quote anywhere in a field as the start of a quoted section, so the unquoted field
 * {@code 37°36'37.8"N 121°2'17.9"W} would load without its quotes. This filter scans the bytes (UTF-8:
 * quote, comma, CR and LF are ASCII, so no character is split), passes every other record through
 * byte for byte, and re-emits a record with such a field with that field quoted and its quotes
 * doubled, which COPY loads as written. Such a field is never empty, so NULL (an empty unquoted field)
 * and the empty string ({@code ""}) stay what they were. Two things have no single reading and fail:
 * text after the closing quote of a quoted field ({@code "abc"def}), and a quoted field still open at
 * the end of the object. In {@link #collecting collecting} mode (the rejecting path) they do not fail:
 * the fault is recorded by the record's line and the field is re-emitted quoted as its raw bytes, so
 * the record can be parsed and rejected whole. A record that is just {@code \.}, which COPY would take
 * for the end of its data, is re-emitted quoted too.
 *
 * <p>Lines are physical lines of the object (CR, LF and CRLF each end one, inside quotes too; the
 * header is line 1), as PostgreSQL and FastCSV count them; a fault names the line where its field
 * starts, and the field by its column name and position. A record is held in memory until it ends,
 * so a record longer than the limit fails the object ({@link LimitExceededException}). Not
 * thread-safe; closing it closes the source.
 */
final class CsvGuard extends BlockInputStream {

  /** At the start of a field or in an unquoted one (where a quote is literal, but at the field's start). */
  private static final int PLAIN = 0;
  private static final int QUOTED = 1;
  /** After a quote inside a quoted field: either its end or the first of a doubled quote. */
  private static final int QUOTE_IN_QUOTED = 2;
  private static final boolean[] SPECIAL = new boolean[256];

  static {
    SPECIAL[','] = true;
    SPECIAL['"'] = true;
    SPECIAL['\n'] = true;
    SPECIAL['\r'] = true;
  }

  private final InputStream in;
  private final String key;
  private final List<String> columns;
  private final List<String> header;
  private final boolean headerOnly;
  private final Map<Long, String> faults;
  private final long maxRecordBytes;

  private byte[] buf = new byte[64 * 1024];
  private int limit;
  /** Next byte to scan. */
  private int pos;
  /** Bytes before this are scanned and clean, or already handed out. */
  private int readyEnd;
  private int emitPos;
  /** A record rewritten, handed out after {@code buf[emitPos, readyEnd)}; then handing out goes on at {@link #resumeAt}. */
  private byte[] rewritten;
  private int rewrittenPos;
  private int resumeAt;
  private boolean eof;
  /** After the header in header-only mode: the rest passes through unscanned. */
  private boolean passThrough;

  private int state = PLAIN;
  private long line = 1;
  private int recordStart;
  private long recordLine = 1;
  private boolean afterCr;
  private int fieldStart;
  private int fieldIndex;
  private long fieldLine = 1;
  private boolean fieldDirty;
  /** Each field of the record to re-emit quoted: its start and end, as offsets from the record's start. */
  private final List<int[]> dirty = new ArrayList<>();
  /** The header's fields while it is read: start, end (offsets in the record) and whether cleanly quoted. */
  private List<int[]> headerFields;

  private CsvGuard(InputStream in, String key, List<String> columns, List<String> header, boolean headerOnly,
      Map<Long, String> faults, long maxRecordBytes) {
    this.in = in;
    this.key = key;
    this.columns = columns;
    this.header = header;
    this.headerOnly = headerOnly;
    this.faults = faults;
    this.maxRecordBytes = maxRecordBytes;
    this.headerFields = header == null ? null : new ArrayList<>();
  }

  /**
   * Scans the whole object and fails at the first ambiguous field ({@link BadLineException}).
   *
   * @param key the object, for messages
   * @param columns the column names, to name a field at fault
   * @param header the names the first record must hold exactly, or null for no header check
   * @param maxRecordBytes the longest record accepted ({@link LoadLimits#maxLineBytes()})
   */
  static CsvGuard checking(InputStream in, String key, List<String> columns, List<String> header,
      long maxRecordBytes) {
    return new CsvGuard(in, key, columns, header, false, null, maxRecordBytes);
  }

  /**
   * Checks the first record against {@code header}, then passes the rest through unscanned: for
   * objects whose writer is vouched for (a CRC32C in insightflow's manifest). As with {@link #checking}
   * and a header, COPY then only skips the header ({@code HEADER true}).
   */
  static CsvGuard headerOnly(InputStream in, String key, List<String> columns, List<String> header,
      long maxRecordBytes) {
    return new CsvGuard(in, key, columns, header, true, null, maxRecordBytes);
  }

  /**
   * Scans the whole object like {@link #checking} with no header check, but puts each ambiguous
   * record's reason into {@code faults} by the line it starts on instead of failing, and re-emits its
   * field at fault quoted as its raw bytes (a quote never closed runs to the end of the object).
   */
  static CsvGuard collecting(InputStream in, String key, List<String> columns, Map<Long, String> faults,
      long maxRecordBytes) {
    return new CsvGuard(in, key, columns, null, false, faults, maxRecordBytes);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (emitPos < readyEnd) {
        int n = Math.min(len, readyEnd - emitPos);
        System.arraycopy(buf, emitPos, b, off, n);
        emitPos += n;
        return n;
      }
      if (rewritten != null) {
        if (rewrittenPos < rewritten.length) {
          int n = Math.min(len, rewritten.length - rewrittenPos);
          System.arraycopy(rewritten, rewrittenPos, b, off, n);
          rewrittenPos += n;
          return n;
        }
        rewritten = null;
        emitPos = resumeAt;
        readyEnd = resumeAt;
        continue;
      }
      if (passThrough) {
        if (emitPos < limit) {
          readyEnd = limit;
          continue;
        }
        return in.read(b, off, len);
      }
      if (pos < limit) {
        scan();
      } else if (eof) {
        return -1;
      } else {
        fill();
      }
    }
  }

  /** Moves the record being read to the front, grows the buffer if the record fills it, and reads more. */
  private void fill() throws IOException {
    int pending = limit - recordStart;
    if (pending > maxRecordBytes) {
      throw tooLong();
    }
    if (recordStart > 0) {
      System.arraycopy(buf, recordStart, buf, 0, pending);
      fieldStart -= recordStart;
      emitPos -= recordStart;
      readyEnd -= recordStart;
      pos -= recordStart;
      recordStart = 0;
      limit = pending;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(buf.length + 1L,
          Math.min(2L * buf.length, maxRecordBytes + 2))));
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      endOfObject();
    } else {
      limit += n;
    }
  }

  /** Scans {@code buf[pos, limit)}: up to its end, or to the end of a record that must be rewritten. */
  private void scan() throws IOException {
    byte[] b = buf;
    int i = pos;
    int end = limit;
    while (i < end) {
      if (state == QUOTED) {
        while (i < end && b[i] != '"') {
          if (b[i] == '\r' || (b[i] == '\n' && b[i - 1] != '\r')) {
            line++;
          }
          i++;
        }
        if (i < end) {
          state = QUOTE_IN_QUOTED;
          i++;
        }
        continue;
      }
      if (state == QUOTE_IN_QUOTED) {
        byte c = b[i];
        if (c == '"') { // a doubled quote
          state = QUOTED;
          i++;
          continue;
        }
        state = PLAIN; // closed: the delimiter or line break is handled below
        if (c != ',' && c != '\n' && c != '\r') {
          fault(fieldLine, "text after the closing quote of a quoted field: quote the whole field and double"
              + " the quotes inside it"); // collecting: the rest of the field is literal
        }
      }
      while (i < end && !SPECIAL[b[i] & 0xFF]) {
        i++;
      }
      if (i == end) {
        break;
      }
      byte c = b[i];
      if (c == ',') {
        endField(i);
        i++;
      } else if (c == '"') {
        if (i == fieldStart) {
          state = QUOTED;
          fieldLine = line;
        } else {
          fieldDirty = true; // a literal quote, which COPY would take for the start of a quoted section
        }
        i++;
      } else if (c == '\n' && afterCr && i == recordStart) {
        recordStart = ++i; // the LF of a CRLF
        fieldStart = i;
        afterCr = false;
      } else {
        i++;
        if (endRecord(i - 1, i, c)) {
          pos = i;
          return;
        }
      }
    }
    pos = i;
    readyEnd = recordStart;
  }

  /** Ends the field at {@code end} (exclusive); the next field starts after the delimiter. */
  private void endField(int end) {
    if (fieldDirty || headerFields != null) {
      fieldEnded(end);
    }
    fieldIndex++;
    fieldStart = end + 1;
    state = PLAIN;
  }

  private void fieldEnded(int end) {
    boolean quoted = end > fieldStart && buf[fieldStart] == '"' && !fieldDirty;
    if (fieldDirty) {
      dirty.add(new int[] {fieldStart - recordStart, end - recordStart});
      fieldDirty = false;
    }
    if (headerFields != null) {
      headerFields.add(new int[] {fieldStart - recordStart, end - recordStart, quoted ? 1 : 0});
    }
  }

  /**
   * Ends the record whose terminator {@code c} sits at {@code terminator}; {@code next} is the
   * first byte after it.
   *
   * @return whether the record was rewritten (the scan stops so that it is handed out in order)
   */
  private boolean endRecord(int terminator, int next, byte c) throws IOException {
    if (fieldDirty || headerFields != null) {
      fieldEnded(terminator);
    }
    line++;
    afterCr = c == '\r';
    return recordEnded(next, 1);
  }

  /** The object ended: ends the record in progress, if any. */
  private void endOfObject() throws IOException {
    pos = limit;
    if (state == QUOTED) {
      fault(fieldLine, "the quoted field opened here is never closed before the end of the object");
      fieldDirty = true;
    }
    boolean inRecord = state != PLAIN || fieldIndex > 0 || limit > fieldStart;
    if (inRecord && (fieldDirty || headerFields != null)) {
      fieldEnded(limit);
    }
    if (!inRecord || !recordEnded(limit, 0)) {
      readyEnd = limit;
    }
  }

  /**
   * Checks the record's length and header and queues it to be handed out, rewritten when dirty.
   *
   * @param next the first byte after the record
   * @param terminator bytes of the line break that ends it (0 at the end of the object)
   */
  private boolean recordEnded(int next, int terminator) throws IOException {
    if (next - recordStart - terminator > maxRecordBytes) {
      throw tooLong();
    }
    if (headerFields != null) {
      checkHeader();
      headerFields = null;
    }
    if (next - terminator - recordStart == 2 && buf[recordStart] == '\\' && buf[recordStart + 1] == '.') {
      dirty.add(new int[] {0, 2}); // COPY takes a line of just \. for the end of its data, and would drop the rest
    }
    boolean rewrite = !dirty.isEmpty();
    if (rewrite) {
      readyEnd = recordStart;
      rewritten = rewrite(next);
      rewrittenPos = 0;
      resumeAt = next;
      dirty.clear();
    }
    recordStart = next;
    fieldStart = next;
    recordLine = line;
    fieldIndex = 0;
    state = PLAIN;
    if (headerOnly) {
      passThrough = true;
      if (!rewrite) {
        readyEnd = next;
      }
      return true;
    }
    return rewrite;
  }

  /** The record {@code buf[recordStart, next)} with each dirty field quoted and its quotes doubled. */
  private byte[] rewrite(int next) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(next - recordStart + 16);
    int at = recordStart;
    for (int[] field : dirty) {
      int from = recordStart + field[0];
      int to = recordStart + field[1];
      out.write(buf, at, from - at);
      out.write('"');
      for (int i = from; i < to; i++) {
        if (buf[i] == '"') {
          out.write('"');
        }
        out.write(buf[i]);
      }
      out.write('"');
      at = to;
    }
    out.write(buf, at, next - at);
    return out.toByteArray();
  }

  private void checkHeader() {
    List<String> found = new ArrayList<>();
    for (int[] field : headerFields) {
      int from = recordStart + field[0];
      int to = recordStart + field[1];
      String text = field[2] == 1 ? new String(buf, from + 1, to - from - 2, StandardCharsets.UTF_8).replace("\"\"", "\"")
          : new String(buf, from, to - from, StandardCharsets.UTF_8);
      found.add(text);
    }
    if (!found.equals(header)) {
      throw new BadObjectException(key, 1, null, "line 1: the header " + Printable.of(found)
          + " does not match the expected header " + Printable.of(header) + "; nothing of the object was loaded");
    }
  }

  /**
   * Fails at the field being read, or (collecting) records the fault for its record and marks the
   * field to be re-emitted as its raw bytes.
   *
   * @param at the line where the field starts
   */
  private void fault(long at, String reason) throws BadLineException {
    String column = fieldIndex < columns.size() ? columns.get(fieldIndex) : null;
    String where = column == null ? "field " + (fieldIndex + 1)
        : "column " + Printable.of(column) + " (field " + (fieldIndex + 1) + ")";
    if (faults == null) {
      throw new BadLineException(at, column, "line " + at + ", " + where + ": " + reason);
    }
    faults.putIfAbsent(recordLine, "line " + at + ", " + where + ": " + reason);
    fieldDirty = true;
  }

  private LimitExceededException tooLong() {
    return new LimitExceededException("line " + recordLine + ": the CSV record is longer than " + maxRecordBytes
        + " bytes; raise insightflow.sync.maxLineBytes if such records are genuine; nothing of the object was loaded");
  }

  /** Closes the source. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
