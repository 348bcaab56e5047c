package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvPartsTest {

  private static final String HEADER = "id,\"na\"\"me\",note\n";

  @TempDir
  Path dir;

  /** Records with quoted line feeds, doubled quotes, commas, CRLF and multi-byte text. */
  private static List<String> records(int n) {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(switch (i % 6) {
        case 0 -> i + ",plain,\n";
        case 1 -> i + ",\"two\nlines\",x\n";
        case 2 -> i + ",\"say \"\"hi\"\", then\n\"\"bye\"\"\",\n";
        case 3 -> i + ",,\"\"\r\n";
        case 4 -> i + ",éàü ✓ long enough to span a few eight-byte words,\"\n\n\"\n";
        default -> i + ",\"\"\"\",\"a,b\"\n";
      });
    }
    return records;
  }

  private List<byte[]> cut(String csv, long records, int bufferSize) throws Exception {
    CsvParts parts = new CsvParts(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), bufferSize);
    List<byte[]> files = new ArrayList<>();
    for (CsvParts.Part part; (part = parts.next(dir.resolve("p" + files.size()), records)) != null; ) {
      byte[] bytes = Files.readAllBytes(dir.resolve("p" + files.size()));
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      assertThat(part.crc32c()).isEqualTo(String.format("%08x", crc.getValue()));
      assertThat(part.rows()).isLessThanOrEqualTo(records);
      files.add(bytes);
    }
    return files;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 9, 17, 64, 1 << 16})
  void next_anyBufferSize_cutsAfterEveryNthRecordWithTheHeaderInEachPart(int bufferSize) throws Exception {
    List<String> records = records(23);

    List<byte[]> parts = cut(HEADER + String.join("", records), 5, bufferSize);

    assertThat(parts).hasSize(5);
    for (int p = 0; p < parts.size(); p++) {
      String expected = HEADER + String.join("", records.subList(p * 5, Math.min(records.size(), p * 5 + 5)));
      assertThat(new String(parts.get(p), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  @Test
  void next_recordsAMultipleOfTheCount_noEmptyLastPart() throws Exception {
    assertThat(cut(HEADER + String.join("", records(10)), 5, 8)).hasSize(2);
  }

  @Test
  void next_headerOnlyOrEmptyStream_noPart() throws Exception {
    assertThat(cut(HEADER, 5, 8)).isEmpty();
    assertThat(cut("", 5, 8)).isEmpty();
  }

  @Test
  void next_lastRecordWithoutLineFeed_isARecordOfTheLastPart() throws Exception {
    CsvParts parts = new CsvParts(new ByteArrayInputStream((HEADER + "1,a,b\n2,c,d").getBytes(StandardCharsets.UTF_8)), 4);

    assertThat(parts.next(dir.resolve("p"), 5).rows()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("p"))).isEqualTo(HEADER + "1,a,b\n2,c,d");
    assertThat(parts.next(dir.resolve("q"), 5)).isNull();
  }

  @Test
  void next_partsConcatenated_areTheStreamWithoutRepeatedHeaders() throws Exception {
    String body = String.join("", records(1000));

    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    List<byte[]> parts = cut(HEADER + body, 7, 4096);
    for (byte[] part : parts) {
      joined.write(part, HEADER.length(), part.length - HEADER.length());
    }

    assertThat(parts).hasSize(143);
    assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(body);
  }
}
