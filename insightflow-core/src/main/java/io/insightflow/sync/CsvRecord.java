package io.insightflow.sync;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record as the rejecting path ({@link RejectingCopy}) reads and writes it: its starting
 * line, its fields (null for an unquoted empty field, SQL NULL) and whether each was quoted.
 */
record CsvRecord(long line, List<String> fields, List<Boolean> quoted) {

  /** Marks undecodable bytes; U+FFFF is a non-character that never appears in real text. */
  static final char BAD_BYTE = '\uffff';

  /** A UTF-8 decoder that marks undecodable bytes with {@link #BAD_BYTE}, so only their record is rejected. */
  static CharsetDecoder utf8() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(BAD_BYTE));
  }

  /** Writes the fields so COPY reads them back exactly: NULL unquoted and empty, everything else quoted. */
  void writeForCopy(Writer out) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String f = fields.get(i);
      if (f != null) {
        out.write('"');
        out.write(f.replace("\"", "\"\""));
        out.write('"');
      }
    }
    out.write('\n');
  }

  /** Writes the record as a line of a rejects object: {@code line,error,record}. */
  void writeReject(Writer out, String reason) throws IOException {
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      raw.append(i > 0 ? "," : "");
      if (f != null) {
        raw.append(quoted.get(i) || f.contains(",") || f.contains("\"") || f.contains("\n")
            ? '"' + f.replace("\"", "\"\"") + '"' : f);
      }
    }
    out.write(line + ",\"" + reason.replace("\"", "\"\"") + "\",\""
        + raw.toString().replace(String.valueOf(BAD_BYTE), "\ufffd").replace("\"", "\"\"") + "\"\n");
  }

  /** Keeps FastCSV's quoted flag, which decides between NULL and the empty string. */
  static final class Handler extends AbstractBaseCsvCallbackHandler<CsvRecord> {
    long line;
    private List<String> fields = new ArrayList<>();
    private List<Boolean> quoted = new ArrayList<>();

    @Override
    protected void handleBegin(long startingLineNumber) {
      line = startingLineNumber;
      fields = new ArrayList<>();
      quoted = new ArrayList<>();
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean isQuoted) {
      fields.add(len == 0 && !isQuoted ? null : new String(buf, offset, len));
      quoted.add(isQuoted);
    }

    @Override
    protected void handleEmpty() {
      // An empty line is one NULL field for COPY.
      fields.add(null);
      quoted.add(false);
    }

    /** Fields completed so far in the current record. */
    int fieldCount() {
      return fields.size();
    }

    @Override
    protected CsvRecord buildRecord() {
      return new CsvRecord(line, fields, quoted);
    }
  }
}
