package io.insightflow.sync;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The fast path of {@link JsonLinesTranscoder} [#24]: a line that holds one flat JSON object (strings,
 * numbers, booleans and nulls), read from its UTF-8 bytes straight into a {@link CopyTextRow}.
 * Numbers, booleans and strings with nothing to unescape are copied as they are; other strings are
 * decoded into COPY text as {@link CopyTextRow#encode} would encode Jackson's characters. It reads only
 * lines that Jackson reads without an error and whose row is the same: anything else (a nested value,
 * a field name with an escape, a lone CR, malformed or non-shortest UTF-8, any JSON error, a line over
 * the limit) is left to the transcoder's general path, which reads it as it always did. Not thread-safe.
 */
final class FlatJsonLine {

  /** {@link #read}: the bytes end before the line does. */
  static final int MORE = -1;
  /** {@link #read}: a line for the general path. */
  static final int GENERAL = -2;
  private static final int FAIL = -1;
  private static final int UNKNOWN = -1;
  // Jackson's limit on a number's digits (the transcoder keeps its default): longer ones are its to report.
  private static final int MAX_NUMBER = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

  private final byte[][] names;
  private final ToIntFunction<String> column;
  private final boolean rejectUnknown;
  private final long maxLineBytes;
  private byte[] skipped = new byte[64];
  private byte[] b;
  private int e;
  private boolean object;

  /**
   * @param sourceNames the columns' field names, in COPY order
   * @param column a field's column, or -1 for a field that is no column
   * @param rejectUnknown whether a field that is no column is an error (the general path's to report)
   * @param maxLineBytes the longest line accepted
   */
  FlatJsonLine(List<String> sourceNames, ToIntFunction<String> column, boolean rejectUnknown, long maxLineBytes) {
    this.names = new byte[sourceNames.size()][];
    for (int i = 0; i < names.length; i++) {
      String name = sourceNames.get(i);
      byte[] utf8 = ('"' + name + "\":").getBytes(StandardCharsets.UTF_8);
      // Compared as bytes only when they are the JSON string's as it is; others are found by lookup.
      boolean plain = new String(utf8, StandardCharsets.UTF_8).equals('"' + name + "\":")
          && name.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
      names[i] = plain ? utf8 : null;
    }
    this.column = column;
    this.rejectUnknown = rejectUnknown;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the line at {@code bytes[from..end)} into {@code row} (from its start, or after its object
   * when {@code objectRead}, where only blanks may follow).
   *
   * @param last whether the bytes end the stream (else a line must end with {@code \n})
   * @return the index after the line, {@link #MORE}, or {@link #GENERAL}
   */
  int read(byte[] bytes, int from, int end, boolean last, boolean objectRead, CopyTextRow row) {
    b = bytes;
    e = end;
    object = false;
    int p = blanks(from);
    if (!objectRead && p < end && b[p] == '{') {
      p = object(p + 1, row);
      object = p >= 0;
      p = object ? blanks(p) : p;
    }
    // A line break may only follow: a line the flat path reads is never longer than the limit.
    if (p >= 0 && (!object || p - from <= maxLineBytes)) {
      if (p < end && b[p] == '\n') {
        return p + 1;
      }
      if (p + 1 < end && b[p] == '\r' && b[p + 1] == '\n') {
        return p + 2;
      }
      if (p == end && last) {
        return end;
      }
    }
    // Nothing here reads past a line feed: with none in the bytes, more bytes may end the line.
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return GENERAL;
      }
    }
    return last ? GENERAL : MORE;
  }

  /** Whether the last line read held an object (else it was blank). */
  boolean object() {
    return object;
  }

  private int blanks(int p) {
    while (p < e && (b[p] == ' ' || b[p] == '\t')) {
      p++;
    }
    return p;
  }

  /** The object's fields, after its {@code {}; returns the index after its {@code }}. */
  private int object(int p, CopyTextRow row) {
    row.clear();
    p = blanks(p);
    if (p < e && b[p] == '}') {
      return p + 1;
    }
    for (int expected = 0; ; ) {
      if (p >= e || b[p] != '"') {
        return FAIL;
      }
      // Writers repeat one field order: the name expected next (with its quotes and colon) is compared as bytes.
      byte[] name = expected < names.length ? names[expected] : null;
      int index;
      if (name != null && e - p >= name.length && Arrays.equals(b, p, p + name.length, name, 0, name.length)) {
        index = expected;
        p += name.length - 1;
      } else {
        int nameEnd = plain(p + 1);
        if (nameEnd < 0) {
          return FAIL;
        }
        index = column.applyAsInt(new String(b, p + 1, nameEnd - p - 1, StandardCharsets.UTF_8));
        p = blanks(nameEnd + 1);
        if (p >= e || b[p] != ':') {
          return FAIL;
        }
      }
      if (index == UNKNOWN && rejectUnknown) {
        return FAIL;
      }
      p = value(blanks(p + 1), index, row);
      if (p < 0) {
        return FAIL;
      }
      expected = index == UNKNOWN ? expected : index + 1;
      p = blanks(p);
      if (p < e && b[p] == '}') {
        return p + 1;
      }
      if (p >= e || b[p] != ',') {
        return FAIL;
      }
      p = blanks(p + 1);
    }
  }

  /** A value into column {@code index} (none when {@link #UNKNOWN}); returns the index after it. */
  private int value(int p, int index, CopyTextRow row) {
    if (p >= e) {
      return FAIL;
    }
    int q;
    switch (b[p]) {
      case '"' -> {
        q = plain(p + 1);
        if (q >= 0) {
          if (index != UNKNOWN) {
            row.set(index, b, p + 1, q - p - 1);
          }
          return q + 1;
        }
        return escaped(p + 1, index, row);
      }
      case 't' -> q = word(p, "true");
      case 'f' -> q = word(p, "false");
      case 'n' -> {
        q = word(p, "null");
        if (q >= 0 && index != UNKNOWN) {
          row.setNull(index);
        }
        return q;
      }
      default -> q = number(p);
    }
    if (q >= 0 && index != UNKNOWN) {
      row.set(index, b, p, q - p);
    }
    return q;
  }

  private int word(int p, String word) {
    if (e - p < word.length()) {
      return FAIL;
    }
    for (int i = 0; i < word.length(); i++) {
      if (b[p + i] != word.charAt(i)) {
        return FAIL;
      }
    }
    return p + word.length();
  }

  /** A JSON number, as its grammar has it; returns the index after it. */
  private int number(int p) {
    int i = p < e && b[p] == '-' ? p + 1 : p;
    if (i < e && b[i] == '0') {
      i++;
    } else {
      int digits = digits(i);
      if (digits == i) {
        return FAIL;
      }
      i = digits;
    }
    if (i < e && b[i] == '.') {
      int digits = digits(i + 1);
      if (digits == i + 1) {
        return FAIL;
      }
      i = digits;
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int digits = digits(i);
      if (digits == i) {
        return FAIL;
      }
      i = digits;
    }
    return i - p <= MAX_NUMBER ? i : FAIL;
  }

  private int digits(int p) {
    while (p < e && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p;
  }

  /**
   * The closing quote of a string that starts at {@code p} and is COPY text as it is: valid UTF-8,
   * no escape and no control character; FAIL for any other.
   */
  private int plain(int p) {
    while (p < e) {
      int c = b[p];
      if (c == '"') {
        return p;
      }
      if (c == '\\' || c >= 0 && c < 0x20) {
        return FAIL;
      }
      if (c >= 0) {
        p++;
      } else {
        int n = utf8(p);
        if (n < 0) {
          return FAIL;
        }
        p += n;
      }
    }
    return FAIL;
  }

  /** A string with escapes, from after its quote, decoded into column {@code index}; returns the index after it. */
  private int escaped(int p, int index, CopyTextRow row) {
    int q = p;
    while (q < e && b[q] != '"') {
      q += b[q] == '\\' ? 2 : 1;
    }
    if (q >= e) {
      return FAIL;
    }
    // An escape never takes more bytes as COPY text than in JSON (a surrogate pair's 12 make 4).
    byte[] out = index != UNKNOWN ? row.array(index, q - p) : skipped.length >= q - p ? skipped : (skipped = new byte[q - p]);
    int n = decode(p, q, out);
    if (n < 0) {
      return FAIL;
    }
    if (index != UNKNOWN) {
      row.set(index, out, 0, n);
    }
    return q + 1;
  }

  /**
   * The characters of {@code b[p..q)}, a string's between its quotes, as COPY text into {@code out}:
   * what Jackson decodes them to, encoded as {@link CopyTextRow#encode} encodes; returns the bytes written.
   */
  private int decode(int p, int q, byte[] out) {
    int o = 0;
    for (int i = p; i < q; ) {
      int c = b[i];
      if (c >= 0 && c != '\\') {
        if (c < 0x20) {
          return FAIL;
        }
        out[o++] = (byte) c;
        i++;
      } else if (c < 0) {
        int n = utf8(i);
        if (n < 0 || i + n > q) {
          return FAIL;
        }
        System.arraycopy(b, i, out, o, n);
        o += n;
        i += n;
      } else if (b[i + 1] != 'u') {
        switch (b[i + 1]) {
          case '"' -> out[o++] = '"';
          case '/' -> out[o++] = '/';
          case 'b' -> out[o++] = '\b';
          case 'f' -> out[o++] = '\f';
          case '\\' -> o = CopyTextRow.encode('\\', out, o);
          case 'n' -> o = CopyTextRow.encode('\n', out, o);
          case 'r' -> o = CopyTextRow.encode('\r', out, o);
          case 't' -> o = CopyTextRow.encode('\t', out, o);
          default -> {
            return FAIL;
          }
        }
        i += 2;
      } else {
        int ch = hex(i + 2, q);
        if (ch < 0) {
          return FAIL;
        }
        i += 6;
        // A high surrogate makes a pair with a low one escaped right after it; else it is lone.
        int low = Character.isHighSurrogate((char) ch) && i + 1 < q && b[i] == '\\' && b[i + 1] == 'u' ? hex(i + 2, q) : -1;
        if (low >= 0 && Character.isLowSurrogate((char) low)) {
          ch = Character.toCodePoint((char) ch, (char) low);
          i += 6;
        }
        o = CopyTextRow.encode(ch, out, o);
      }
    }
    return o;
  }

  /** The four hex digits at {@code p}, before {@code q}, as a char; FAIL for any other. */
  private int hex(int p, int q) {
    if (q - p < 4) {
      return FAIL;
    }
    int value = 0;
    for (int i = p; i < p + 4; i++) {
      int digit = Character.digit(b[i], 16);
      if (digit < 0) {
        return FAIL;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /**
   * The length of the UTF-8 sequence at {@code p} when it is well-formed (shortest form, no
   * surrogate, at most U+10FFFF, as the Unicode standard's table 3-7 has it), FAIL for any other.
   */
  private int utf8(int p) {
    int c = b[p] & 0xFF;
    int n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (n == 0 || p + n > e) {
      return FAIL;
    }
    int second = b[p + 1] & 0xFF;
    int low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    int high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) {
      return FAIL;
    }
    for (int i = p + 2; i < p + n; i++) {
      if ((b[i] & 0xC0) != 0x80) {
        return FAIL;
      }
    }
    return n;
  }
}
