package io.insightflow.testing;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.insightflow.spi.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Reading back what was written to a lake, for assertions. */
public final class LakeObjects {

  private LakeObjects() {}

  /** The object's bytes. */
  public static byte[] bytes(ObjectStore lake, String key) {
    try (InputStream in = lake.open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object as UTF-8 text. */
  public static String text(ObjectStore lake, String key) {
    return new String(bytes(lake, key), StandardCharsets.UTF_8);
  }

  /** The data rows of a CSV object, header dropped. Empty fields read as "" (fastcsv cannot tell NULL). */
  public static List<List<String>> csvRows(ObjectStore lake, String key) {
    List<List<String>> rows = new ArrayList<>();
    try (InputStream in = lake.open(key);
        CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean header = true;
      for (CsvRecord record : reader) {
        if (!header) {
          rows.add(new ArrayList<>(record.getFields()));
        }
        header = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** CRC32C as the manifests write it: 8 lowercase hex digits. */
  public static String crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return String.format("%08x", crc.getValue());
  }
}
