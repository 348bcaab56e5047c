package io.insightflow.generate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered writer of ASCII CSV that appends integers as digits straight into a byte array.
 * Generating tens of millions of rows is dominated by formatting, so this avoids {@code String},
 * {@code char} encoding and per-row allocation. Not thread-safe; the creator closes it, which also
 * closes the stream.
 */
final class AsciiCsvOutput implements AutoCloseable {

  /** Room that {@link #reserve} guarantees; enough for any one numeric row. */
  static final int ROW_RESERVE = 128;

  private final OutputStream out;
  private final byte[] buf;
  private int pos;
  private long flushed;

  AsciiCsvOutput(OutputStream out, int bufferSize) {
    this.out = out;
    this.buf = new byte[Math.max(bufferSize, 4 * ROW_RESERVE)];
  }

  /** Makes sure {@link #ROW_RESERVE} bytes fit without a bounds check per byte. */
  void reserve() throws IOException {
    if (pos > buf.length - ROW_RESERVE) {
      flush();
    }
  }

  void write(char c) {
    buf[pos++] = (byte) c;
  }

  /** Appends a non-negative int as decimal digits. */
  void writeInt(int v) {
    if (v < 10) {
      buf[pos++] = (byte) ('0' + v);
      return;
    }
    int end = pos + digits(v);
    int p = end;
    while (v >= 10) {
      int q = v / 10;
      buf[--p] = (byte) ('0' + (v - q * 10));
      v = q;
    }
    buf[--p] = (byte) ('0' + v);
    pos = end;
  }

  private static int digits(int v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  /** Appends ASCII text as is, flushing when the buffer fills. */
  void writeAscii(String s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      if (pos == buf.length) {
        flush();
      }
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  /** Appends an ASCII CSV field, quoted (RFC 4180) when it contains a comma, quote or line break. */
  void writeField(String s) throws IOException {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      writeAscii(s);
      return;
    }
    writeAscii("\"");
    writeAscii(s.replace("\"", "\"\""));
    writeAscii("\"");
  }

  /** Bytes written so far, buffered ones included. */
  long bytes() {
    return flushed + pos;
  }

  void flush() throws IOException {
    out.write(buf, 0, pos);
    flushed += pos;
    pos = 0;
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
