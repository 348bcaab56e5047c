package io.insightflow.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Jackson's UTF-8 parser started in the middle of a stream that {@link JsonLinesTranscoder} was
 * reading itself: on the transcoder's buffer, at its byte, line and column, so that what it reads
 * and its errors (which name lines and columns) are those of a parser that had read the stream from
 * its start. It reads on into that buffer; the transcoder takes the buffer's state back after an
 * object. [#24]
 */
final class ResumedJsonParser extends UTF8StreamJsonParser {

  private ResumedJsonParser(IOContext context, int features, InputStream in, ByteQuadsCanonicalizer names,
      byte[] buffer, int position, int end, long offset, int line, int lineStart) {
    super(context, features, in, null, names, buffer, position, end, false);
    _currInputProcessed = offset;
    _currInputRow = line; // Jackson counts lines from 1
    _currInputRowStart = lineStart;
  }

  /** The next byte to read in the buffer. */
  int position() {
    return _inputPtr;
  }

  /** The end of the bytes in the buffer. */
  int end() {
    return _inputEnd;
  }

  /** The stream offset of the buffer's first byte. */
  long offset() {
    return _currInputProcessed;
  }

  /** The line of the next byte (the first is 1). */
  int line() {
    return _currInputRow;
  }

  /** Where that line starts in the buffer (negative when it started before the bytes there now). */
  int lineStart() {
    return _currInputRowStart;
  }

  /** Jackson's factory, able to make parsers that start in the middle of a stream. */
  static final class Factory extends JsonFactory {
    private static final long serialVersionUID = 1L;

    Factory(JsonFactoryBuilder builder) {
      super(builder);
    }

    /**
     * A parser that reads {@code buffer[position..end)}, then {@code in} into {@code buffer}; the
     * buffer's first byte is at stream {@code offset}, {@code position} on {@code line}, which starts
     * at {@code lineStart} in the buffer.
     */
    ResumedJsonParser resume(InputStream in, byte[] buffer, int position, int end, long offset, int line,
        int lineStart) {
      return new ResumedJsonParser(_createContext(_createContentReference(in), false), _parserFeatures, in,
          _byteSymbolCanonicalizer.makeChild(_factoryFeatures), buffer, position, end, offset, line, lineStart);
    }

    /** The parser {@link #createParser(InputStream)} makes of {@code in}, whose first bytes were read into {@code head}. */
    JsonParser createParser(InputStream in, byte[] head, int length) throws IOException {
      InputStream all = new SequenceInputStream(new ByteArrayInputStream(head, 0, length), in);
      return _createParser(all, _createContext(_createContentReference(in), false));
    }
  }
}
