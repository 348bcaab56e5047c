package io.insightflow.sync;

import java.util.Arrays;

/**
 * One row of {@code COPY … (FORMAT text)} input, UTF-8 encoded, built from JSON values by
 * {@link JsonLinesTranscoder}: each column's value is a slice of bytes that are COPY text already
 * (straight from the JSON input, or encoded into the column's own array), or NULL. No String per
 * value, since allocation drives RSS. [#24] Not thread-safe.
 */
final class CopyTextRow {

  private final byte[][] own;
  private final byte[][] source;
  private final int[] offset;
  private final int[] length;

  CopyTextRow(int columns) {
    this.own = new byte[columns][16];
    this.source = new byte[columns][];
    this.offset = new int[columns];
    this.length = new int[columns];
  }

  /** Sets every column to NULL. */
  void clear() {
    Arrays.fill(length, -1);
  }

  void setNull(int column) {
    length[column] = -1;
  }

  /** Sets a column to bytes that are COPY text already; they must stay unchanged until {@link #write}. */
  void set(int column, byte[] bytes, int from, int count) {
    source[column] = bytes;
    offset[column] = from;
    length[column] = count;
  }

  /** The column's own array, of at least {@code capacity} bytes, to encode a value into before {@link #set}. */
  byte[] array(int column, int capacity) {
    if (own[column].length < capacity) {
      own[column] = new byte[Math.max(capacity, 2 * own[column].length)];
    }
    return own[column];
  }

  /**
   * Sets a column to characters in COPY's text format: backslash escapes for the separators, and
   * {@code ?} for a lone surrogate (as {@link String#getBytes} would).
   */
  void encode(int column, char[] text, int from, int count) {
    byte[] cell = array(column, 3 * count); // at most 3 bytes a char: an escape takes 2, a surrogate pair 4
    int p = 0;
    int end = from + count;
    for (int i = from; i < end; i++) {
      char c = text[i];
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
        p = encode(Character.toCodePoint(c, text[++i]), cell, p);
      } else {
        p = encode(c, cell, p);
      }
    }
    set(column, cell, 0, p);
  }

  /**
   * Writes a code point into {@code out} at {@code p} as COPY text, a lone surrogate as {@code ?};
   * returns the position after it.
   */
  static int encode(int c, byte[] out, int p) {
    if (c < 0x80) {
      switch (c) {
        case '\\' -> { out[p++] = '\\'; out[p++] = '\\'; }
        case '\t' -> { out[p++] = '\\'; out[p++] = 't'; }
        case '\n' -> { out[p++] = '\\'; out[p++] = 'n'; }
        case '\r' -> { out[p++] = '\\'; out[p++] = 'r'; }
        default -> out[p++] = (byte) c;
      }
    } else if (c < 0x800) {
      out[p++] = (byte) (0xC0 | c >> 6);
      out[p++] = (byte) (0x80 | c & 0x3F);
    } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
      out[p++] = '?';
    } else if (c < 0x10000) {
      out[p++] = (byte) (0xE0 | c >> 12);
      out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
      out[p++] = (byte) (0x80 | c & 0x3F);
    } else {
      out[p++] = (byte) (0xF0 | c >> 18);
      out[p++] = (byte) (0x80 | c >> 12 & 0x3F);
      out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
      out[p++] = (byte) (0x80 | c & 0x3F);
    }
    return p;
  }

  /** The bytes of the row: its values, tab-separated, {@code \N} for NULL, and a line break. */
  int size() {
    int size = Math.max(1, length.length);
    for (int n : length) {
      size += n < 0 ? 2 : n;
    }
    return size;
  }

  /** Writes the row's {@link #size} bytes into {@code out} at {@code p}. */
  void write(byte[] out, int p) {
    for (int i = 0; i < length.length; i++) {
      if (i > 0) {
        out[p++] = '\t';
      }
      if (length[i] < 0) {
        out[p++] = '\\';
        out[p++] = 'N';
      } else {
        System.arraycopy(source[i], offset[i], out, p, length[i]);
        p += length[i];
      }
    }
    out[p] = '\n';
  }
}
