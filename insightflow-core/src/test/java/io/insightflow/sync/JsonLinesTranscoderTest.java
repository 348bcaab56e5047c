package io.insightflow.sync;

import io.insightflow.config.InsightflowProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.layout.RunManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTranscoderTest {

  private static final List<RunManifest.Column> COLUMNS = List.of(
      new RunManifest.Column("order_id", "bigint", "json", false),
      new RunManifest.Column("note", "text", "json", true),
      new RunManifest.Column("items", "text", "json", true),
      new RunManifest.Column("paid", "boolean", "json", true));

  private static String transcode(String jsonLines, boolean rejectUnknown) throws IOException {
    try (JsonLinesTranscoder t = new JsonLinesTranscoder(new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)),
        COLUMNS, rejectUnknown, InsightflowProperties.SYNC_MAX_LINE_BYTES.defaultValue())) {
      return new String(t.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void read_objects_becomeOneCopyTextLineEachByColumnName() throws IOException {
    String out = transcode("{\"paid\":true,\"order_id\":7,\"note\":\"tab\\there\\nand \\\\ slash\",\"items\":[1,{\"a\":null}]}\n"
        + "{\"ORDER_ID\":8}\n", false);

    assertThat(out).isEqualTo("7\ttab\\there\\nand \\\\ slash\t[1,{\"a\":null}]\ttrue\n"
        + "8\t\\N\t\\N\t\\N\n");
  }

  @Test
  void read_nonAsciiText_encodedAsUtf8AsStringGetBytesWould() throws IOException {
    String out = transcode("{\"note\":\"caf\u00e9 \u4e2d \ud83d\ude00\",\"items\":\"\\u00e9\\ud83d\\ude00 \\ud800x\"}\n", false);

    assertThat(out).isEqualTo("\\N\tcaf\u00e9 \u4e2d \ud83d\ude00\t\u00e9\ud83d\ude00 ?x\t\\N\n");
  }

  @Test
  void read_fieldsInAnyOrderOrRepeated_byNameLastWins() throws IOException {
    String out = transcode("{\"order_id\":1,\"note\":\"a\",\"items\":null,\"paid\":false}\n"
        + "{\"paid\":true,\"note\":\"b\",\"order_id\":2,\"note\":\"c\"}\n"
        + "{\"order_id\":3,\"items\":\"i\",\"Note\":\"d\"}\n", false);

    assertThat(out).isEqualTo("1\ta\t\\N\tfalse\n2\tc\t\\N\ttrue\n3\td\ti\t\\N\n");
  }

  @Test
  void read_nullsBlankLinesAndUnknownFields_nullIgnoredAndCounted() throws IOException {
    try (JsonLinesTranscoder t = new JsonLinesTranscoder(new ByteArrayInputStream(
        "{\"order_id\":1,\"note\":null,\"extra\":{\"deep\":[1,2]}}\n\n   \n{\"order_id\":2}".getBytes(StandardCharsets.UTF_8)),
        COLUMNS, false, InsightflowProperties.SYNC_MAX_LINE_BYTES.defaultValue())) {
      assertThat(new String(t.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1\t\\N\t\\N\t\\N\n2\t\\N\t\\N\t\\N\n");
      assertThat(t.rows()).isEqualTo(2);
      assertThat(t.line()).isEqualTo(4);
    }
  }

  @Test
  void read_unknownFieldWhenRejected_namesLineAndField() {
    assertThatThrownBy(() -> transcode("{\"order_id\":1}\n{\"order_id\":2,\"extra\":1}\n", true))
        .isInstanceOf(BadLineException.class)
        .hasMessage("line 2, field extra: field 'extra' is no column of the table")
        .satisfies(e -> assertThat(((BadLineException) e).line()).isEqualTo(2));
  }

  @Test
  void read_lineThatIsNoObject_namesTheLine() {
    assertThatThrownBy(() -> transcode("{\"order_id\":1}\n[1,2]\n", false))
        .isInstanceOf(BadLineException.class).hasMessage("line 2: not a JSON object");
    assertThatThrownBy(() -> transcode("{\"order_id\":1}\n{\"order_id\":2} {\"order_id\":3}\n", false))
        .isInstanceOf(BadLineException.class).hasMessageStartingWith("line 2: more than one");
    assertThatThrownBy(() -> transcode("{\"order_id\":1,\n", false))
        .isInstanceOf(BadLineException.class).hasMessageStartingWith("line 1: malformed JSON");
  }

  @Test
  void read_invalidUtf8_namesTheLine() {
    byte[] bad = "{\"order_id\":1}\n{\"note\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
    bad[bad.length - 4] = (byte) 0xC3; // a lone lead byte inside the second line's string
    assertThatThrownBy(() -> {
      try (JsonLinesTranscoder t = new JsonLinesTranscoder(new ByteArrayInputStream(bad), COLUMNS, false, InsightflowProperties.SYNC_MAX_LINE_BYTES.defaultValue())) {
        t.readAllBytes();
      }
    }).isInstanceOf(BadLineException.class).hasMessageContaining("invalid byte sequence for encoding UTF8");
  }

  /** An endless line: {@code head}, then {@code repeat} for ever; a transcoder that waited for the line's end never returns. */
  private static InputStream endless(String head, String repeat) {
    byte[] first = head.getBytes(StandardCharsets.UTF_8);
    byte[] more = repeat.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      long position;

      @Override
      public int read() {
        long p = position++;
        return p < first.length ? first[(int) p] : more[(int) ((p - first.length) % more.length)];
      }
    };
  }

  private static void drain(InputStream in, long maxLineBytes) throws IOException {
    try (JsonLinesTranscoder t = new JsonLinesTranscoder(in, COLUMNS, false, maxLineBytes)) {
      t.readAllBytes();
    }
  }

  @Test
  void read_endlessStringValue_failsAtTheLineLimitNamingTheKey() {
    assertThatThrownBy(() -> drain(endless("{\"order_id\":1}\n{\"note\":\"", "x"), 1 << 20))
        .isInstanceOf(BadLineException.class)
        .hasMessage("line 2: the line is longer than 1048576 bytes; raise insightflow.sync.maxLineBytes if such lines are genuine");
  }

  @Test
  void read_endlessUnknownFieldsOrNestedArray_failAtTheLineLimit() {
    assertThatThrownBy(() -> drain(endless("{\"order_id\":1", ",\"extra\":\"abcdefgh\""), 1 << 20))
        .isInstanceOf(BadLineException.class).hasMessageContaining("longer than 1048576 bytes");
    assertThatThrownBy(() -> drain(endless("{\"items\":[0", ",1234567"), 1 << 20))
        .isInstanceOf(BadLineException.class).hasMessageContaining("longer than 1048576 bytes");
    assertThatThrownBy(() -> drain(endless("{\"extra\":[0", ",1234567"), 1 << 20))
        .isInstanceOf(BadLineException.class).hasMessageContaining("longer than 1048576 bytes");
  }

  @Test
  void read_lineJustUnderTheLimit_loads() throws IOException {
    String note = "y".repeat(1000);
    assertThat(transcode("{\"note\":\"" + note + "\"}\n", false)).isEqualTo("\\N\t" + note + "\t\\N\t\\N\n");
  }

  @Test
  void read_objectOverTwoLines_namesItsFirstLine() {
    assertThatThrownBy(() -> transcode("{\"order_id\":1}\n{\"order_id\":2,\n\"note\":\"x\"}\n", false))
        .isInstanceOf(BadLineException.class)
        .hasMessage("line 2: the JSON object goes on to line 3; JSON lines hold one object per line");
  }
}
