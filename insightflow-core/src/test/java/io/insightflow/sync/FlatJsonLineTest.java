package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.layout.RunManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flat path of {@link JsonLinesTranscoder} against its general path (Jackson alone, as the
 * transcoder read every line before [#24]): whatever the input, the same COPY text, rows, lines and
 * errors, byte for byte, at every buffer size and however the source splits its bytes.
 */
class FlatJsonLineTest {

  private static final List<RunManifest.Column> COLUMNS = List.of(
      new RunManifest.Column("id", "bigint", "json", false),
      new RunManifest.Column("note", "text", "json", true),
      new RunManifest.Column("items", "text", "json", true, "Items"),
      new RunManifest.Column("first_name", "text", "json", true, "prénom"),
      new RunManifest.Column("dup_a", "text", "json", true, "Dup"),
      new RunManifest.Column("dup_b", "text", "json", true, "dup"));
  private static final long DEFAULT_LIMIT = InsightflowProperties.SYNC_MAX_LINE_BYTES.defaultValue();
  private static final int[] BUFFERS = {16, 41, 200, JsonLinesTranscoder.BUFFER_BYTES};

  private static FlatJsonLine flat() {
    List<String> names = COLUMNS.stream().map(RunManifest.Column::sourceName).toList();
    return new FlatJsonLine(names, name -> names.contains(name) ? names.indexOf(name) : names.indexOf(name.toLowerCase()),
        false, DEFAULT_LIMIT);
  }

  /** The row the flat path reads of a line, or null when it leaves the line to the general path. */
  private static String flatRow(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    CopyTextRow row = new CopyTextRow(COLUMNS.size());
    int next = flat().read(bytes, 0, bytes.length, true, false, row);
    if (next == FlatJsonLine.GENERAL) {
      return null;
    }
    assertThat(next).isEqualTo(bytes.length);
    byte[] out = new byte[row.size()];
    row.write(out, 0);
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void read_flatObjects_readFromTheBytes() {
    assertThat(flatRow("{\"id\":2225240,\"note\":\"a b\",\"Items\":-0,\"prénom\":1e400,\"Dup\":true,\"dup\":null}\n"))
        .isEqualTo("2225240\ta b\t-0\t1e400\ttrue\t\\N\n");
    assertThat(flatRow(" \t{ \"note\" : \"t\\tn\\nr\\r\\\\ \\\"q\\\" \\/ \\u00e9\\u4e2d\\uD83D\\uDE00 \\ud800x \\u0000\" , \"id\":1 }\t\r\n"))
        .isEqualTo("1\tt\\tn\\nr\\r\\\\ \"q\" / é中\uD83D\uDE00 ?x \0\t\\N\t\\N\t\\N\t\\N\n");
    assertThat(flatRow("{\"id\":1,\"id\":2,\"extra\":\"\\u0041\",\"ID\":3}")).isEqualTo("3\t\\N\t\\N\t\\N\t\\N\t\\N\n");
    assertThat(flatRow("{}\n")).isEqualTo("\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
  }

  @Test
  void read_nestedValuesAndOddLines_leftToTheGeneralPath() {
    assertThat(flatRow("{\"items\":[1,2]}\n")).isNull();
    assertThat(flatRow("{\"note\":{\"a\":1}}\n")).isNull();
    assertThat(flatRow("{\"n\\u006fte\":\"x\"}\n")).isNull();
    assertThat(flatRow("{\"id\":1}\r{\"id\":2}\n")).isNull();
    assertThat(flatRow("{\"id\":01}\n")).isNull();
    assertThat(flatRow("{\"id\":1} x\n")).isNull();
    assertThat(flatRow("{\"id\":1\n")).isNull();
    assertThat(flatRow("{\"note\":\"\u0001\"}\n")).isNull();
  }

  /** What the transcoder makes of {@code input}: its output (read 50 bytes at a time) up to any error, then the error. */
  private static String outcome(byte[] input, boolean rejectUnknown, long maxLineBytes, int bufferBytes, int chunk) {
    InputStream source = new ByteArrayInputStream(input) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesTranscoder t = new JsonLinesTranscoder(source, COLUMNS, rejectUnknown, maxLineBytes, bufferBytes);
    String end;
    try (t) {
      byte[] b = new byte[50];
      for (int n; (n = t.read(b, 0, b.length)) >= 0; ) {
        out.write(b, 0, n);
      }
      end = "end";
    } catch (BadLineException e) {
      end = "BadLineException line=" + e.line() + " column=" + e.column() + ": " + e.getMessage();
    } catch (IOException | RuntimeException e) {
      end = e.getClass().getName() + ": " + e.getMessage();
    }
    return out.toString(StandardCharsets.ISO_8859_1) + "\n-- " + end + " rows=" + t.rows() + " line=" + t.line();
  }

  private static void assertSameAsGeneralPath(byte[] input, Random random) {
    for (boolean reject : new boolean[] {false, true}) {
      for (long limit : new long[] {DEFAULT_LIMIT, 60}) {
        String general = outcome(input, reject, limit, 0, 1 << 13);
        for (int buffer : BUFFERS) {
          int chunk = new int[] {1, 7, 1 << 13}[random.nextInt(3)];
          assertThat(outcome(input, reject, limit, buffer, chunk))
              .as("reject=%s limit=%d buffer=%d chunk=%d input=%s", reject, limit, buffer, chunk, show(input))
              .isEqualTo(general);
        }
      }
    }
  }

  private static String show(byte[] input) {
    StringBuilder s = new StringBuilder();
    for (byte b : input) {
      s.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("<%02X>", b & 0xFF));
    }
    return s.toString();
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        for (int b : (int[]) part) {
          out.write(b);
        }
      }
    }
    return out.toByteArray();
  }

  static Stream<byte[]> handWritten() {
    // Lines the general path reads until it hands back to the flat path, in the middle of the last one.
    String general = "{\"items\":[1]}\n".repeat(JsonLinesTranscoder.GENERAL_OBJECTS - 1) + "{\"items\":[1]}";
    return Stream.of(
        bytes(general, " {\"id\":2}\n{\"id\":3}\n"),
        bytes(general, " x\n"),
        bytes(general, " \t\r\n{\"id\":2}\n"),
        bytes(general, "\r{\"id\":2}\n"),
        bytes(general, "\n{\"id\":2,\"note\":\"x"),
        bytes("{\"id\":1,\"note\":\"a\"}\n{\"id\":2}\n"),
        bytes("{\"note\":\"\\u0000 \\u001f \\u005c \\u007f \\uD83D\\uDE00 \\uDE00\\uD83D \\uD83D\\uD83D\\uDE00 \\uDBFF\\uDFFF\"}\n"),
        bytes("{\"note\":\"\\uD800\"}\n{\"note\":\"\\uD800\\u0041\"}\n{\"note\":\"\\uD800\\uZZZZ\"}\n"),
        bytes("{\"note\":\"\\uD83D", new int[] {0xF0, 0x9F, 0x98, 0x80}, "\"}\n"),
        bytes("{\"id\":123456789012345678901234567890123,\"note\":-0,\"Items\":1e400,\"prénom\":-1.5E-3,\"Dup\":0.0}\n"),
        bytes("{\"id\":1" + "0".repeat(1200) + "}\n"),
        bytes("{\"id\":true,\"note\":false,\"Items\":null}\n{\"id\":tru}\n"),
        bytes("{\"id\":1,\"id\":2,\"ID\":3,\"NOTE\":\"x\",\"dup\":\"d\",\"DUP\":\"?\"}\n"),
        bytes(" \t{ \"id\" :\t1 ,\"note\" : \"x\" } \t\r\n\r\n   \n\t\n{\"id\":2}   "),
        bytes(new int[] {0xEF, 0xBB, 0xBF}, "{\"id\":1}\n"),
        bytes(new int[] {'{', 0, '"', 0}, "\n"),
        bytes("{\"id\":1}\r\n{\"id\":2}\r{\"id\":3}\n"),
        bytes("\n\n{\"id\":1}\n\n"),
        bytes(""),
        bytes("   "),
        bytes("{\"id\":1} {\"id\":2}\n"),
        bytes("{\"id\":1} x\n"),
        bytes("{\"id\":1} ]\n"),
        bytes("{\"id\":1}\n{\"id\":2,\"note\":\"x"),
        bytes("{\"id\":1}\n{\"items\":[1,{\"a\":\"b\"}"),
        bytes("{\"id\":1}\n{\"id\":2,\n\"note\":\"x\"}\n"),
        bytes("{\"id\":1}\n[1,2]\n"),
        bytes("{\"note\":\"", new int[] {0xC3}, "\"}\n"),
        bytes("{\"note\":\"", new int[] {0xC0, 0x80}, "\"}\n"),
        bytes("{\"note\":\"", new int[] {0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80}, "\"}\n"),
        bytes("{\"note\":\"", new int[] {0xF4, 0x90, 0x80, 0x80}, "\"}\n"),
        bytes("{\"extra\":\"", new int[] {0xFF}, "\"}\n"),
        bytes("{\"pr", new int[] {0xC3}, "nom\":1}\n"),
        bytes("{\"note\":\"tab\there\"}\n"),
        bytes("{\"note\":\"x\\qy\"}\n"),
        bytes("{\"id\":1,}\n"),
        bytes("{'id':1}\n"),
        bytes("{\"id\":1 /* c */}\n"),
        bytes("{\"id\":NaN}\n{\"id\":-Infinity}\n{\"id\":+1}\n{\"id\":.5}\n{\"id\":1.}\n{\"id\":1e}\n{\"id\":-}\n"),
        bytes("{\"id\":1", "\u000b", "}\n"),
        bytes("{\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"id\":1}\n{\"id\":2,\"items\":[]}\n"),
        bytes("{\"note\":\"" + "y".repeat(100) + "\"}\n{\"id\":1}\n"),
        bytes("{\"id\":1}\n{\"note\":\"", "z".repeat(300), "\"}\n{\"id\":3}\n"));
  }

  @ParameterizedTest
  @MethodSource("handWritten")
  void read_handWrittenEdgeCases_sameAsTheGeneralPath(byte[] input) {
    assertSameAsGeneralPath(input, new Random(1));
  }

  private static final String[] NAMES = {"id", "ID", "note", "Note", "Items", "items", "prénom", "PRÉNOM", "Dup", "dup",
      "DUP", "extra", "n\\u006fte", "", "x y"};
  private static final String[] VALUES = {"0", "-0", "7", "-12", "2225240", "123456789012345678901234567890", "1e400",
      "1E+5", "-1.5e-3", "0.0", "true", "false", "null", "\"\"", "\"plain text\"", "[1,2]", "{\"a\":null}", "[]", "{}",
      " [ 1 , {\"b\" : \"x\\ty\"} ] "};
  private static final String[] BAD_VALUES = {"01", "-", "1.", ".5", "+1", "1.5.2", "NaN", "2e", "0x10", "tru", "True",
      "nulll", "\"open", "'q'", "[1,", "}"};
  private static final Object[] STRING_PIECES = {"a", "Zz", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r",
      "\\t", "\\u0000", "\\u001f", "\\u005c", "\\u00e9", "\\u4E2D", "\\uD83D\\uDE00", "\\ud83d", "\\ude00",
      "\\uDBFF\\uDFFF", "\\uD800\\u0041", "é", "中", "\uD83D\uDE00", "\u2028", new int[] {0x7F}};
  private static final Object[] BAD_STRING_PIECES = {"\\uZZZZ", "\\x", "\t", new int[] {0x01},
      new int[] {0xC3}, new int[] {0xFF}, new int[] {0xC0, 0x80}, new int[] {0xE0, 0x80, 0x80},
      new int[] {0xED, 0xA0, 0x80}, new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xF0, 0x9F, 0x98}};
  private static final String[] BLANKS = {"", "", "", " ", "\t", "  \t"};
  private static final String[] ODD_BLANKS = {"\r", "\n", "\r\n", "\u000b", "/*c*/", "\f"};

  /** A random JSON line, mostly of what writers write; {@code odd} is the chance of each oddity. */
  private static byte[] line(Random r, double odd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    blank(out, r, odd);
    out.writeBytes(bytes("{"));
    int fields = r.nextInt(7);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        out.writeBytes(bytes(","));
      }
      blank(out, r, odd);
      out.writeBytes(bytes("\"", r.nextDouble() < 0.6 ? COLUMNS.get(i % COLUMNS.size()).sourceName() : pick(r, NAMES), "\""));
      blank(out, r, odd);
      out.writeBytes(bytes(":"));
      blank(out, r, odd);
      double kind = r.nextDouble();
      if (kind < odd) {
        out.writeBytes(bytes(pick(r, BAD_VALUES)));
      } else if (kind < 0.5) {
        out.writeBytes(bytes(pick(r, VALUES)));
      } else {
        out.writeBytes(bytes("\""));
        for (int n = r.nextInt(6); n > 0; n--) {
          out.writeBytes(bytes(r.nextDouble() < odd ? BAD_STRING_PIECES[r.nextInt(BAD_STRING_PIECES.length)]
              : STRING_PIECES[r.nextInt(STRING_PIECES.length)]));
        }
        out.writeBytes(bytes("\""));
      }
      blank(out, r, odd);
    }
    out.writeBytes(bytes("}"));
    if (r.nextDouble() < odd) {
      out.writeBytes(bytes(pick(r, new String[] {" {\"id\":1}", " x", "}", " 5", ",", " \"s\""})));
    }
    blank(out, r, odd);
    byte[] line = out.toByteArray();
    return r.nextDouble() < odd ? java.util.Arrays.copyOf(line, r.nextInt(line.length + 1)) : line;
  }

  private static void blank(ByteArrayOutputStream out, Random r, double odd) {
    out.writeBytes(bytes(r.nextDouble() < odd ? pick(r, ODD_BLANKS) : pick(r, BLANKS)));
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  /** A stream of random lines: long and mostly well-formed ones (a general-path line is followed by 64 more there), or short odd ones. */
  private static byte[] stream(Random r) {
    boolean clean = r.nextBoolean();
    int lines = clean ? 60 + r.nextInt(120) : 1 + r.nextInt(5);
    double odd = clean ? 0.004 : 0.15;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextDouble() < 0.02) {
      out.writeBytes(bytes(new int[] {0xEF, 0xBB, 0xBF}));
    }
    for (int i = 0; i < lines; i++) {
      out.writeBytes(r.nextDouble() < 0.03 ? bytes(pick(r, new String[] {"", "  ", "\t"})) : line(r, odd));
      if (i + 1 < lines || r.nextBoolean()) {
        double sep = r.nextDouble();
        out.writeBytes(bytes(sep < 0.9 ? "\n" : sep < 0.97 ? "\r\n" : "\r"));
      }
    }
    return out.toByteArray();
  }

  @Test
  void read_generatedStreams_sameAsTheGeneralPath() {
    IntStream.range(0, 400).forEach(seed -> {
      Random r = new Random(seed);
      assertSameAsGeneralPath(stream(r), r);
    });
  }

  @Test
  void read_generatedLines_mostlyReadByTheFlatPath() {
    Random r = new Random(7);
    List<String> general = new ArrayList<>();
    int lines = 2000;
    for (int i = 0; i < lines; i++) {
      byte[] line = line(r, 0);
      if (flat().read(line, 0, line.length, true, false, new CopyTextRow(COLUMNS.size())) == FlatJsonLine.GENERAL) {
        general.add(show(line));
      }
    }
    // Only nested values and escaped names are left to the general path in well-formed lines.
    assertThat(general).allMatch(line -> line.contains("[") || line.indexOf('{', line.indexOf('{') + 1) > 0
        || line.contains("\\u006f"));
    assertThat(general.size()).isLessThan(lines / 2);
  }
}
