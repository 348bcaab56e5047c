package io.insightflow.sync;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-encodes the CSV of insightflow's own parts as PostgreSQL's binary {@code COPY} format, which
 * costs the server less per row than parsing text: no CSV scan, no digits to convert. [#24]
 *
 * <p>Exact by construction, and only where it is: a table qualifies when each column is {@code
 * smallint}, {@code integer}, {@code bigint}, {@code boolean}, {@code text} or {@code varchar} ({@link
 * #kinds}), and a
 * value is encoded only in the one form whose meaning text COPY gives it beyond doubt: an integer
 * as {@code -?[0-9]+} within its type's range, a boolean as {@code t}, {@code f}, {@code true} or
 * {@code false}, text as written (quoted or not; the server checks its UTF-8 as text COPY does), an
 * empty unquoted field as NULL. Anything else — another spelling ({@code +1}, {@code " 1"}, {@code
 * yes}), a quoted integer, a quote inside an unquoted field, another column count, mixed line ends,
 * a record over the limit — stops the stream with {@link NotEncodableException}, and the caller
 * loads the object as CSV instead, so the result and every error are exactly text COPY's.
 *
 * <p>Reads the CSV through a buffer and hands out the binary in chunks of about {@link #CHUNK}
 * bytes; a record is held whole only when it holds text. Not thread-safe; closing it closes the source.
 */
final class BinaryCopyStream extends InputStream {

  /** What a column's values are encoded as. */
  enum Kind {
    INT2, INT4, INT8, BOOL, TEXT
  }

  private static final Map<String, Kind> TYPES = Map.of("smallint", Kind.INT2, "integer", Kind.INT4,
      "bigint", Kind.INT8, "boolean", Kind.BOOL, "text", Kind.TEXT);
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
  static final int CHUNK = 64 * 1024;
  private static final int EOF = -1;
  /** {@link #plainFields}: the record is {@link #record}'s to read. */
  private static final int BAIL = -1;
  /** {@link #plainFields}: the record goes beyond the bytes in the buffer. */
  private static final int MORE = -2;
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final InputStream in;
  private final Kind[] kinds;
  private final long maxRecordBytes;
  private final byte[] buf = new byte[CHUNK];
  private int pos;
  private int limit;
  private boolean sourceDone;

  private byte[] out = new byte[CHUNK + 1024];
  private int outPos;
  private int outLen;
  private boolean trailerWritten;

  private byte[] text = new byte[1024];
  private long line = 1;
  /** The record's line end, learnt from the first record: LF or CR LF. */
  private int crlf = -1;

  /**
   * @param in the object's CSV, decoded
   * @param kinds each column's {@link Kind}, in the object's column order
   * @param header whether the first record is a header (skipped; the caller checks it)
   * @param maxRecordBytes the longest record held in memory
   */
  BinaryCopyStream(InputStream in, List<Kind> kinds, boolean header, long maxRecordBytes) throws IOException {
    this.in = in;
    this.kinds = kinds.toArray(Kind[]::new);
    this.maxRecordBytes = maxRecordBytes;
    System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
    outLen = SIGNATURE.length + 8; // flags and header extension length, both 0
    if (header) {
      skipHeader();
    }
  }

  /**
   * Each column's {@link Kind} from the target table's {@code format_type} names, in {@code
   * columns}' order; empty when a column has a type this class does not encode (or is missing),
   * with the first such column in {@code unencodable}.
   */
  static Optional<List<Kind>> kinds(List<String> columns, Map<String, String> tableTypes, StringBuilder unencodable) {
    List<Kind> kinds = new ArrayList<>(columns.size());
    for (String column : columns) {
      String type = tableTypes.get(column);
      // varchar(n) too: its binary input applies the length as its text input does (varchar_input)
      Kind kind = type == null ? null : type.startsWith("character varying") ? Kind.TEXT : TYPES.get(type);
      if (kind == null) {
        unencodable.append(column).append(" (").append(type == null ? "missing" : type).append(')');
        return Optional.empty();
      }
      kinds.add(kind);
    }
    return Optional.of(kinds);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (outPos == outLen) {
      if (trailerWritten) {
        return -1;
      }
      outPos = 0;
      outLen = 0;
      fill();
    }
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Encodes records until about a chunk is ready, or the trailer when the CSV ends. */
  private void fill() throws IOException {
    while (outLen < CHUNK) {
      if (peek() == EOF) {
        ensure(2);
        out[outLen++] = (byte) 0xFF; // the trailer: a field count of -1
        out[outLen++] = (byte) 0xFF;
        trailerWritten = true;
        return;
      }
      if (!plainRecord()) {
        record();
      }
    }
  }

  /**
   * The common case at array speed: a record whole in the buffer, on one line, with no quoted field.
   * Returns false, having consumed nothing, for anything else, which {@link #record} reads byte by
   * byte (and fails on, where it must).
   */
  private boolean plainRecord() throws IOException {
    while (true) {
      int start = outLen;
      int next = plainFields();
      if (next >= 0) {
        pos = next;
        line++;
        return true;
      }
      outLen = start;
      if (next == BAIL || sourceDone || (pos == 0 && limit == buf.length) || !readMore()) {
        return false;
      }
    }
  }

  /** Moves the unread bytes to the buffer's start and reads more after them; false at the end. */
  private boolean readMore() throws IOException {
    int unread = limit - pos;
    System.arraycopy(buf, pos, buf, 0, unread);
    pos = 0;
    limit = unread;
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      sourceDone = true;
      return unread > 0;
    }
    limit += n;
    return true;
  }

  /** Encodes the record at {@code pos}: the index after its line end, {@link #BAIL} or {@link #MORE}. */
  private int plainFields() {
    ensure(2 + kinds.length * 12 + (limit - pos));
    putShort(kinds.length);
    int i = pos;
    int last = kinds.length - 1;
    for (int k = 0; k <= last && i >= 0; k++) {
      i = switch (kinds[k]) {
        case INT2 -> plainInteger(i, k == last, Short.MIN_VALUE, Short.MAX_VALUE, 2);
        case INT4 -> plainInteger(i, k == last, Integer.MIN_VALUE, Integer.MAX_VALUE, 4);
        case INT8 -> plainInteger(i, k == last, Long.MIN_VALUE, Long.MAX_VALUE, 8);
        case BOOL -> plainBool(i, k == last);
        case TEXT -> plainText(i, k == last);
      };
    }
    return i;
  }

  /** An integer in plain digits from {@code i}; returns where the next field starts (see {@link #after}). */
  private int plainInteger(int i, boolean last, long min, long max, int size) {
    int j = i;
    boolean negative = j < limit && buf[j] == '-';
    if (negative) {
      j++;
    }
    long value = 0; // accumulated negated, so that Long.MIN_VALUE fits
    int digits = 0;
    while (j < limit) {
      int d = buf[j] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      if (digits >= 18 && value < (Long.MIN_VALUE + d) / 10) { // only a 19th digit can overflow
        return BAIL;
      }
      value = value * 10 - d;
      digits++;
      j++;
    }
    int next = after(j, last);
    if (next < 0 || (digits == 0 && negative)) {
      return next < 0 ? next : BAIL;
    }
    if (digits == 0) {
      INT.set(out, outLen, -1);
      outLen += 4;
      return next;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return BAIL;
      }
      value = -value;
    }
    if (value < min || value > max) {
      return BAIL;
    }
    INT.set(out, outLen, size);
    outLen += 4;
    switch (size) {
      case 2 -> SHORT.set(out, outLen, (short) value);
      case 4 -> INT.set(out, outLen, (int) value);
      default -> LONG.set(out, outLen, value);
    }
    outLen += size;
    return next;
  }

  /** {@code t}, {@code f}, {@code true} or {@code false} from {@code i}. */
  private int plainBool(int i, boolean last) {
    int j = i;
    while (j < limit && j - i <= 5 && buf[j] >= 'a' && buf[j] <= 'z') {
      j++;
    }
    int next = after(j, last);
    if (next < 0) {
      return next;
    }
    int length = j - i;
    int value;
    if (length == 0) {
      value = -1;
    } else if (length == 1 && (buf[i] == 't' || buf[i] == 'f')) {
      value = buf[i] == 't' ? 1 : 0;
    } else if (length == 4 && buf[i] == 't' && buf[i + 1] == 'r' && buf[i + 2] == 'u' && buf[i + 3] == 'e') {
      value = 1;
    } else if (length == 5 && buf[i] == 'f' && buf[i + 1] == 'a' && buf[i + 2] == 'l' && buf[i + 3] == 's'
        && buf[i + 4] == 'e') {
      value = 0;
    } else {
      return BAIL;
    }
    INT.set(out, outLen, value < 0 ? -1 : 1);
    outLen += 4;
    if (value >= 0) {
      out[outLen++] = (byte) value;
    }
    return next;
  }

  /** Unquoted text from {@code i}; a quote anywhere in it is {@link #record}'s. */
  private int plainText(int i, boolean last) {
    int j = i;
    while (j < limit) {
      byte b = buf[j];
      if (b == ',' || b == '\n' || b == '\r') {
        break;
      }
      if (b == '"') {
        return BAIL;
      }
      j++;
    }
    int next = after(j, last);
    if (next < 0) {
      return next;
    }
    int length = j - i;
    INT.set(out, outLen, length == 0 ? -1 : length);
    outLen += 4;
    System.arraycopy(buf, i, out, outLen, length);
    outLen += length;
    return next;
  }

  /**
   * Where the next field starts after a field that ends at {@code j}: past the comma, or for the
   * last field past the line end (LF, or CR LF, as in the records before) or at the end of the CSV;
   * {@link #MORE} when the buffer ends first, {@link #BAIL} for anything else.
   */
  private int after(int j, boolean last) {
    if (j == limit) {
      return last && sourceDone ? limit : MORE;
    }
    byte b = buf[j];
    if (!last) {
      return b == ',' ? j + 1 : BAIL;
    }
    int isCrlf;
    if (b == '\n') {
      isCrlf = 0;
    } else if (b == '\r') {
      if (j + 1 == limit) {
        return sourceDone ? BAIL : MORE;
      }
      if (buf[j + 1] != '\n') {
        return BAIL;
      }
      isCrlf = 1;
    } else {
      return BAIL;
    }
    if (crlf < 0) {
      crlf = isCrlf;
    } else if (crlf != isCrlf) {
      return BAIL;
    }
    return j + 1 + isCrlf;
  }

  private void record() throws IOException {
    int start = outLen;
    ensure(2);
    putShort(kinds.length);
    for (int i = 0; i < kinds.length; i++) {
      boolean last = i == kinds.length - 1;
      switch (kinds[i]) {
        case INT2 -> integer(i, Short.MIN_VALUE, Short.MAX_VALUE, 2, last);
        case INT4 -> integer(i, Integer.MIN_VALUE, Integer.MAX_VALUE, 4, last);
        case INT8 -> integer(i, Long.MIN_VALUE, Long.MAX_VALUE, 8, last);
        case BOOL -> bool(i, last);
        case TEXT -> text(i, last);
      }
      if (outLen - start > maxRecordBytes) {
        throw new NotEncodableException(line, i + 1, "a record longer than " + maxRecordBytes + " bytes");
      }
    }
    line++;
  }

  private void integer(int column, long min, long max, int size, boolean last) throws IOException {
    int c = next();
    if (ends(c, last)) {
      endField(c, column, last);
      putNull();
      return;
    }
    boolean negative = c == '-';
    if (negative) {
      c = next();
    }
    long value = 0; // accumulated negated, so that Long.MIN_VALUE fits
    int digits = 0;
    while (c >= '0' && c <= '9') {
      int d = c - '0';
      if (value < (Long.MIN_VALUE + d) / 10) {
        throw notCanonical(column, "an integer beyond bigint");
      }
      value = value * 10 - d;
      digits++;
      c = next();
    }
    if (digits == 0 || !ends(c, last)) {
      throw notCanonical(column, "not an integer in plain digits");
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw notCanonical(column, "an integer beyond bigint");
      }
      value = -value;
    }
    if (value < min || value > max) {
      throw notCanonical(column, "an integer out of its column's range");
    }
    endField(c, column, last);
    ensure(4 + size);
    putInt(size);
    for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
      out[outLen++] = (byte) (value >> shift);
    }
  }

  private void bool(int column, boolean last) throws IOException {
    int length = 0;
    int c = next();
    while (!ends(c, last)) {
      if (++length > 5) {
        throw notCanonical(column, "not t, f, true or false");
      }
      text = grow(text, length);
      text[length - 1] = (byte) c;
      c = next();
    }
    endField(c, column, last);
    if (length == 0) {
      putNull();
      return;
    }
    String word = new String(text, 0, length, StandardCharsets.US_ASCII);
    boolean value = switch (word) {
      case "t", "true" -> true;
      case "f", "false" -> false;
      default -> throw notCanonical(column, "not t, f, true or false");
    };
    ensure(5);
    putInt(1);
    out[outLen++] = (byte) (value ? 1 : 0);
  }

  private void text(int column, boolean last) throws IOException {
    int length = 0;
    int c = next();
    if (c == '"') {
      while (true) {
        c = next();
        if (c == EOF) {
          throw notCanonical(column, "a quoted field never closed");
        }
        if (c == '"') {
          c = next();
          if (c != '"') {
            break;
          }
        } else if (c == '\n') {
          line++;
        }
        length = append(length);
        text[length - 1] = (byte) c;
      }
      if (!ends(c, last)) {
        throw notCanonical(column, "text after a closing quote");
      }
    } else {
      if (ends(c, last)) {
        endField(c, column, last);
        putNull();
        return;
      }
      while (!ends(c, last)) {
        if (c == '"' || c == '\r' || c == '\n' || c == ',' || c == EOF) {
          throw notCanonical(column, "a quote, comma or line end where no field may hold one");
        }
        length = append(length);
        text[length - 1] = (byte) c;
        c = next();
      }
    }
    endField(c, column, last);
    ensure(4 + length);
    putInt(length);
    System.arraycopy(text, 0, out, outLen, length);
    outLen += length;
  }

  private int append(int length) throws NotEncodableException {
    if (length >= maxRecordBytes) {
      throw new NotEncodableException(line, 0, "a record longer than " + maxRecordBytes + " bytes");
    }
    text = grow(text, length + 1);
    return length + 1;
  }

  /** Whether {@code c} ends the field: a comma before the last column, a line end or the end after it. */
  private static boolean ends(int c, boolean last) {
    return last ? c == '\n' || c == '\r' || c == EOF : c == ',';
  }

  /** Checks the line end after the last field: LF, or CR LF, the same in every record. */
  private void endField(int c, int column, boolean last) throws IOException {
    if (!last || c == EOF) {
      return;
    }
    boolean isCrlf = c == '\r';
    if (isCrlf && next() != '\n') {
      throw notCanonical(column, "a CR without LF");
    }
    if (crlf < 0) {
      crlf = isCrlf ? 1 : 0;
    } else if (crlf != (isCrlf ? 1 : 0)) {
      throw notCanonical(column, "mixed line ends");
    }
  }

  /** Skips the first record, a header of plain or quoted names (the caller has checked them). */
  private void skipHeader() throws IOException {
    boolean quoted = false;
    int c;
    while ((c = next()) != EOF) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        if (c == '\r' && next() != '\n') {
          throw new NotEncodableException(1, 0, "a CR without LF");
        }
        crlf = c == '\r' ? 1 : 0;
        break;
      } else if (c == '\n') {
        line++;
      }
    }
    line++;
  }

  private NotEncodableException notCanonical(int column, String why) {
    return new NotEncodableException(line, column + 1, why);
  }

  private int next() throws IOException {
    if (pos == limit && !refill()) {
      return EOF;
    }
    return buf[pos++] & 0xFF;
  }

  private int peek() throws IOException {
    if (pos == limit && !refill()) {
      return EOF;
    }
    return buf[pos] & 0xFF;
  }

  private boolean refill() throws IOException {
    if (sourceDone) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      sourceDone = true;
      return false;
    }
    pos = 0;
    limit = n;
    return n > 0 || refill();
  }

  private void ensure(int more) {
    out = grow(out, outLen + more);
  }

  private static byte[] grow(byte[] a, int size) {
    return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
  }

  private void putNull() {
    ensure(4);
    putInt(-1);
  }

  private void putShort(int v) {
    out[outLen++] = (byte) (v >> 8);
    out[outLen++] = (byte) v;
  }

  private void putInt(int v) {
    out[outLen++] = (byte) (v >> 24);
    out[outLen++] = (byte) (v >> 16);
    out[outLen++] = (byte) (v >> 8);
    out[outLen++] = (byte) v;
  }

  /**
   * A value or record this stream does not encode; the caller loads the object as CSV instead.
   * Names the line and column (1-based; 0 when not one column's) and why, never the value.
   */
  static final class NotEncodableException extends IOException {
    NotEncodableException(long line, int column, String why) {
      super("line " + line + (column > 0 ? ", column " + column : "") + ": " + why);
    }
  }
}
