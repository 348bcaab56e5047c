package io.insightflow.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.insightflow.api.InsightflowConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstacartGeneratorTest {

  @TempDir
  Path dir;

  private List<GeneratedTable> generate(double scale, long seed, Path out) {
    return InstacartGenerator.builder().scale(scale).seed(seed).directory(out).build().generate();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.001, 0.01})
  void generate_smallScale_writesExactCountsAndHeaders(double scale) throws IOException {
    List<GeneratedTable> written = generate(scale, InstacartGenerator.DEFAULT_SEED, dir);

    assertThat(written).extracting(GeneratedTable::table).containsExactly(InstacartTable.values());
    for (GeneratedTable t : written) {
      List<CsvRecord> records = read(t.file());
      assertThat(records.get(0).getFields()).as(t.table().tableName())
          .isEqualTo(t.table().columnNames());
      assertThat((long) records.size() - 1).as(t.table().tableName()).isEqualTo(t.table().rows(scale));
      assertThat(t.rows()).isEqualTo(t.table().rows(scale));
      assertThat(t.bytes()).isEqualTo(Files.size(t.file()));
    }
    assertThat(InstacartTable.ORDER_PRODUCTS_PRIOR.rows(scale)).isEqualTo(Math.round(32_434_489 * scale));
    assertThat(InstacartTable.AISLES.rows(scale)).isEqualTo(134);
    assertThat(InstacartTable.DEPARTMENTS.rows(scale)).isEqualTo(21);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("aisles.csv",
          "departments.csv", "products.csv", "orders.csv", "order_products__prior.csv",
          "order_products__train.csv");
    }
  }

  @Test
  void headers_matchTheRealData() throws IOException {
    generate(0.001, 1, dir);
    assertThat(firstLine("order_products__prior.csv")).isEqualTo("order_id,product_id,add_to_cart_order,reordered");
    assertThat(firstLine("order_products__train.csv")).isEqualTo("order_id,product_id,add_to_cart_order,reordered");
    assertThat(firstLine("orders.csv")).isEqualTo(
        "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order");
    assertThat(firstLine("products.csv")).isEqualTo("product_id,product_name,aisle_id,department_id");
    assertThat(firstLine("aisles.csv")).isEqualTo("aisle_id,aisle");
    assertThat(firstLine("departments.csv")).isEqualTo("department_id,department");
  }

  @Test
  void generate_twice_isByteIdentical_andSeedMatters() throws Exception {
    generate(0.002, 7, dir.resolve("a"));
    generate(0.002, 7, dir.resolve("b"));
    generate(0.002, 8, dir.resolve("c"));
    for (InstacartTable t : InstacartTable.values()) {
      assertThat(sha256(dir.resolve("a").resolve(t.fileName())))
          .as(t.tableName()).isEqualTo(sha256(dir.resolve("b").resolve(t.fileName())));
    }
    assertThat(sha256(dir.resolve("a/order_products__prior.csv")))
        .isNotEqualTo(sha256(dir.resolve("c/order_products__prior.csv")));
  }

  @Test
  void products_namesWithCommasAndQuotes_roundTripThroughCsvReader() throws IOException {
    generate(0.01, InstacartGenerator.DEFAULT_SEED, dir);
    InstacartShape shape = new InstacartShape(0.01, InstacartGenerator.DEFAULT_SEED);
    List<CsvRecord> rows = read(dir.resolve("products.csv"));
    int commas = 0;
    int quotes = 0;
    int both = 0;
    for (CsvRecord r : rows.subList(1, rows.size())) {
      assertThat(r.getFieldCount()).isEqualTo(4);
      int id = Integer.parseInt(r.getField(0));
      String name = r.getField(1);
      assertThat(name).isEqualTo(Names.product(shape.hash(InstacartShape.PRODUCT_STREAM, id)));
      commas += name.contains(",") ? 1 : 0;
      quotes += name.contains("\"") ? 1 : 0;
      both += name.contains(",") && name.contains("\"") ? 1 : 0;
      assertThat(Integer.parseInt(r.getField(2))).isBetween(1, 134);
      assertThat(Integer.parseInt(r.getField(3))).isBetween(1, 21);
    }
    assertThat(commas).isGreaterThan(10);
    assertThat(quotes).isGreaterThan(10);
    assertThat(both).isGreaterThan(0);
    assertThat(Files.readString(dir.resolve("products.csv"))).contains("\"\"");
  }

  @Test
  void names_exampleShape_isQuotedAsCsv() {
    assertThat(Stream.iterate(0L, h -> h + 1).limit(200_000).map(Names::product))
        .anyMatch(n -> n.matches("\\w[\\w ]* \\d+\" .*, .*"));
  }

  @Test
  void generate_smallScale_isReferentiallySound() throws IOException {
    double scale = 0.01;
    generate(scale, 99, dir);
    long products = InstacartTable.PRODUCTS.rows(scale);

    Map<Integer, String> evalSetById = new HashMap<>();
    Map<Integer, List<Integer>> orderNumbersByUser = new TreeMap<>();
    Map<Integer, String> lastEvalSetByUser = new HashMap<>();
    Map<String, Integer> evalSetCounts = new HashMap<>();
    forEachRow("orders.csv", r -> {
      int orderId = Integer.parseInt(r.getField(0));
      int user = Integer.parseInt(r.getField(1));
      String evalSet = r.getField(2);
      int orderNumber = Integer.parseInt(r.getField(3));
      assertThat(evalSetById.put(orderId, evalSet)).as("duplicate order id").isNull();
      orderNumbersByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(orderNumber);
      lastEvalSetByUser.put(user, evalSet);
      evalSetCounts.merge(evalSet, 1, Integer::sum);
      assertThat(Integer.parseInt(r.getField(4))).isBetween(0, 6);
      assertThat(Integer.parseInt(r.getField(5))).isBetween(0, 23);
      if (orderNumber == 1) {
        assertThat(r.getField(6)).isEmpty();
      } else {
        assertThat(r.getField(6)).matches("\\d+\\.0");
        assertThat(Double.parseDouble(r.getField(6))).isBetween(0.0, 30.0);
      }
    });
    long orders = InstacartTable.ORDERS.rows(scale);
    assertThat(evalSetById.keySet()).hasSize((int) orders)
        .allSatisfy(id -> assertThat(id).isBetween(1, (int) orders));
    orderNumbersByUser.forEach((user, numbers) -> {
      assertThat(numbers.size()).isGreaterThanOrEqualTo(2);
      for (int i = 0; i < numbers.size(); i++) {
        assertThat(numbers.get(i)).isEqualTo(i + 1);
      }
    });
    assertThat(lastEvalSetByUser.values()).allMatch(s -> s.equals("train") || s.equals("test"));
    assertThat(evalSetCounts.get("train")).isEqualTo(Math.round(131_209 * scale));
    assertThat(evalSetCounts.get("test")).isEqualTo(Math.round(75_000 * scale));
    assertThat(orderNumbersByUser).hasSize(evalSetCounts.get("train") + evalSetCounts.get("test"));

    checkOrderProducts("order_products__prior.csv", "prior", evalSetById, products);
    checkOrderProducts("order_products__train.csv", "train", evalSetById, products);
  }

  private void checkOrderProducts(String file, String evalSet, Map<Integer, String> evalSetById,
      long products) throws IOException {
    Set<Integer> finished = new HashSet<>();
    Set<Integer> basket = new HashSet<>();
    int[] current = {-1, 0};
    long[] reordered = {0, 0};
    forEachRow(file, r -> {
      int orderId = Integer.parseInt(r.getField(0));
      int product = Integer.parseInt(r.getField(1));
      int addToCart = Integer.parseInt(r.getField(2));
      assertThat(evalSetById.get(orderId)).as("order %d of %s", orderId, file).isEqualTo(evalSet);
      assertThat(product).isBetween(1, (int) products);
      if (orderId != current[0]) {
        assertThat(finished.add(orderId)).as("rows of order %d are contiguous", orderId).isTrue();
        current[0] = orderId;
        current[1] = 0;
        basket.clear();
      }
      assertThat(addToCart).isEqualTo(++current[1]);
      assertThat(basket.add(product)).as("product %d twice in order %d", product, orderId).isTrue();
      assertThat(r.getField(3)).isIn("0", "1");
      reordered[0] += r.getField(3).equals("1") ? 1 : 0;
      reordered[1]++;
    });
    assertThat((double) reordered[0] / reordered[1]).isBetween(0.4, 0.7);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 51.0})
  void build_scaleOutOfRange_isRejected(double scale) {
    assertThatThrownBy(() -> InstacartGenerator.builder().scale(scale).directory(dir).build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.generate.scale")
        .hasMessageContaining("scale must be a number > 0");
  }

  @Test
  void build_scaleTooSmallForTwoOrders_isRejected() {
    assertThatThrownBy(() -> InstacartGenerator.builder().scale(1e-7).directory(dir).build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("too small");
  }

  @Test
  void generate_tinyScale_keepsReferencesValid() throws IOException {
    generate(1e-6, 3, dir);
    assertThat(read(dir.resolve("orders.csv"))).hasSize(4);
    assertThat(read(dir.resolve("order_products__train.csv"))).hasSize(2);
    assertThat(read(dir.resolve("products.csv"))).hasSize(2);
  }

  @Test
  void build_unknownTableOrMissingDirectory_isRejected() {
    assertThatThrownBy(() -> InstacartGenerator.builder().tables(Set.of("orders", "nope")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("unknown table 'nope'");
    assertThatThrownBy(() -> InstacartGenerator.builder().build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.generate.dir");
  }

  @Test
  void generate_subset_writesOnlyThoseTables_withoutTemporaryFiles() throws IOException {
    List<GeneratedTable> written = InstacartGenerator.builder().scale(0.001).directory(dir)
        .tables(Set.of("orders", "aisles")).build().generate();

    assertThat(written).extracting(GeneratedTable::table)
        .containsExactly(InstacartTable.AISLES, InstacartTable.ORDERS);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("aisles.csv", "orders.csv");
    }
  }

  @Test
  void generate_existingFile_isReplaced() throws IOException {
    Files.writeString(dir.resolve("departments.csv"), "stale");
    InstacartGenerator.builder().directory(dir).tables(Set.of("departments")).build().generate();
    assertThat(Files.readAllLines(dir.resolve("departments.csv"))).hasSize(22).contains("1,frozen", "21,missing");
  }

  private String firstLine(String file) throws IOException {
    try (Stream<String> lines = Files.lines(dir.resolve(file))) {
      return lines.findFirst().orElseThrow();
    }
  }

  private void forEachRow(String file, Consumer<CsvRecord> action) throws IOException {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(dir.resolve(file))) {
      reader.stream().skip(1).forEach(action);
    }
  }

  private static List<CsvRecord> read(Path file) throws IOException {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
      return reader.stream().toList();
    }
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
