package io.insightflow.generate;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the six Instacart Market Basket CSV files ({@code aisles.csv}, {@code departments.csv},
 * {@code products.csv}, {@code orders.csv}, {@code order_products__prior.csv},
 * {@code order_products__train.csv}) with the real headers, at any scale.
 *
 * <p>At scale 1.0 the row counts are exactly the real ones; at scale s, aisles (134) and departments
 * (21) stay fixed and every other table has {@code max(1, round(realRows * s))} rows (see
 * {@link InstacartTable#rows(double)}). The output is a pure function of (scale, seed): reruns are
 * byte-identical. Ids are consistent across tables: product ids lie in 1..products, prior rows
 * point to prior orders and train rows to train orders, {@code add_to_cart_order} runs 1..n within
 * an order, {@code reordered} is 0 or 1 (always 0 on a user's first order), and
 * {@code days_since_prior_order} is empty on each user's first order. Product names contain commas
 * and double quotes and are CSV-quoted.
 *
 * <p>Each table is written in one streaming pass with bounded memory, to a temporary name that is
 * renamed into place when complete, so readers never see a partial file. The full-size
 * {@code order_products__prior} (32.4 million rows) takes seconds. Instances are immutable and
 * thread-safe; two generators must not write the same table into the same directory at once.
 *
 * <pre>{@code
 * List<GeneratedTable> written = InstacartGenerator.builder()
 *     .scale(0.01)
 *     .directory(Path.of("data/generated"))
 *     .build()
 *     .generate();
 * }</pre>
 */
@Evolving
public final class InstacartGenerator {

  /** Seed used when none is set. */
  public static final long DEFAULT_SEED = 20170503L;
  /** Scale used when none is set (matches {@code insightflow.generate.scale}). */
  public static final double DEFAULT_SCALE = 0.01;
  /** Largest accepted scale; beyond it ids would overflow the INTEGER columns. */
  public static final double MAX_SCALE = 50.0;

  private static final Logger LOG = LoggerFactory.getLogger(InstacartGenerator.class);
  private static final String SCALE_KEY = "insightflow.generate.scale";
  private static final String DIR_KEY = "insightflow.generate.dir";
  private static final String TABLES_KEY = io.insightflow.config.InsightflowProperties.TABLES.name();
  private static final int BUFFER_BYTES = 1 << 20;

  // Real proportions of reordered items (prior 58.97 %, train 59.86 %), out of 1024. First orders
  // (6.4 % of prior orders) never reorder, so the other prior orders reorder a little more often.
  private static final int PRIOR_REORDER_PER_1024 = 645;
  private static final int TRAIN_REORDER_PER_1024 = 613;
  // Caps the distance between products of one basket so baskets cluster a little, like aisles.
  private static final int BASKET_GAP_CAP = 256;

  // Approximate real distributions, as weights.
  private static final byte[] DOW = table1024(600, 587, 467, 436, 426, 453, 448);
  private static final byte[] HOUR = table1024(22, 12, 7, 5, 5, 9, 30, 91, 178, 257, 288, 283, 272,
      277, 283, 275, 266, 228, 182, 140, 104, 78, 61, 40);
  private static final byte[] DAYS = table1024(67, 145, 194, 217, 221, 214, 240, 320, 181, 118, 95,
      80, 76, 83, 100, 66, 46, 39, 35, 35, 38, 45, 32, 23, 20, 19, 19, 22, 26, 19, 369);

  private final double scale;
  private final long seed;
  private final Path directory;
  private final Set<InstacartTable> tables;

  private InstacartGenerator(Builder b) {
    this.scale = b.scale;
    this.seed = b.seed;
    this.directory = b.directory;
    this.tables = Collections.unmodifiableSet(EnumSet.copyOf(b.tables));
  }

  /** A builder with scale {@value #DEFAULT_SCALE}, seed {@value #DEFAULT_SEED} and all tables. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this generator's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.scale = scale;
    b.seed = seed;
    b.directory = directory;
    b.tables = EnumSet.copyOf(tables);
    return b;
  }

  /** The scale factor; 1.0 gives the real row counts. */
  public double scale() {
    return scale;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** The output directory. */
  public Path directory() {
    return directory;
  }

  /** The tables to write, in generation order. */
  public Set<InstacartTable> tables() {
    return tables;
  }

  /**
   * Writes the selected tables into the directory (created when missing), replacing files of the
   * same name. Blocks until done; logs one INFO line per table.
   *
   * @return one entry per table written, in {@link InstacartTable} order
   * @throws InsightflowException when a file cannot be written; the temporary file is removed and
   *     files already completed stay in place
   */
  public List<GeneratedTable> generate() {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new InsightflowException("Cannot create the output directory " + directory
          + " (" + DIR_KEY + "): " + e.getMessage(), e);
    }
    InstacartShape shape = new InstacartShape(scale, seed);
    List<GeneratedTable> written = new ArrayList<>();
    for (InstacartTable table : tables) {
      written.add(write(table, shape));
    }
    return List.copyOf(written);
  }

  private GeneratedTable write(InstacartTable table, InstacartShape shape) {
    Path target = directory.resolve(table.fileName());
    Path tmp = directory.resolve("." + table.fileName() + "." + ProcessHandle.current().pid() + ".tmp");
    long start = System.nanoTime();
    long rows;
    long bytes;
    try {
      try (AsciiCsvOutput out = new AsciiCsvOutput(Files.newOutputStream(tmp), BUFFER_BYTES)) {
        out.writeAscii(table.header());
        out.write('\n');
        rows = writeRows(table, shape, out);
        bytes = out.bytes();
      }
      moveIntoPlace(tmp, target);
    } catch (IOException e) {
      deleteQuietly(tmp, e);
      throw new InsightflowException("Writing " + target + " failed: " + e.getMessage(), e);
    }
    if (rows != table.rows(scale)) {
      throw new InsightflowException("Generated " + rows + " rows for " + table.tableName()
          + " instead of " + table.rows(scale) + " (scale " + scale + ")");
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.info("table={} rows={} bytes={} ms={} rowsPerSec={}", table.tableName(), rows, bytes, millis,
        rows * 1000 / Math.max(1, millis));
    return new GeneratedTable(table, target, rows, bytes, millis);
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path tmp, IOException failure) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private long writeRows(InstacartTable table, InstacartShape shape, AsciiCsvOutput out)
      throws IOException {
    return switch (table) {
      case AISLES -> writeAisles(out);
      case DEPARTMENTS -> writeDepartments(out);
      case PRODUCTS -> writeProducts(shape, out);
      case ORDERS -> writeOrders(shape, out);
      case ORDER_PRODUCTS_PRIOR -> writePriorOrderProducts(shape, out);
      case ORDER_PRODUCTS_TRAIN -> writeTrainOrderProducts(shape, out);
    };
  }

  private static long writeAisles(AsciiCsvOutput out) throws IOException {
    int n = (int) InstacartTable.AISLES.realRows();
    for (int i = 0; i < n; i++) {
      out.reserve();
      out.writeInt(i + 1);
      out.write(',');
      out.writeField(Names.aisle(i));
      out.write('\n');
    }
    return n;
  }

  private static long writeDepartments(AsciiCsvOutput out) throws IOException {
    for (int i = 0; i < Names.DEPARTMENTS.length; i++) {
      out.reserve();
      out.writeInt(i + 1);
      out.write(',');
      out.writeField(Names.DEPARTMENTS[i]);
      out.write('\n');
    }
    return Names.DEPARTMENTS.length;
  }

  private static long writeProducts(InstacartShape shape, AsciiCsvOutput out) throws IOException {
    int aisles = (int) InstacartTable.AISLES.realRows();
    int departments = (int) InstacartTable.DEPARTMENTS.realRows();
    // A product's name and aisle depend on its id only, so smaller scales list a prefix of the
    // products of larger ones.
    for (int p = 1; p <= shape.products; p++) {
      long h = shape.hash(InstacartShape.PRODUCT_STREAM, p);
      int aisle = 1 + InstacartShape.below(InstacartShape.mix(h), aisles);
      out.reserve();
      out.writeInt(p);
      out.write(',');
      out.writeField(Names.product(h));
      out.write(',');
      out.writeInt(aisle);
      out.write(',');
      out.writeInt(1 + (aisle - 1) % departments);
      out.write('\n');
    }
    return shape.products;
  }

  private static long writeOrders(InstacartShape shape, AsciiCsvOutput out) throws IOException {
    long slot = 0;
    for (int u = 0; u < shape.users; u++) {
      int prior = shape.priorOrdersOf(u);
      String last = shape.isTrainUser(u) ? "train" : "test";
      for (int n = 0; n <= prior; n++, slot++) {
        long h = shape.hash(InstacartShape.ORDER_STREAM, slot);
        out.reserve();
        out.writeInt(shape.orderId(slot));
        out.write(',');
        out.writeInt(u + 1);
        out.write(',');
        out.writeAscii(n < prior ? "prior" : last);
        out.write(',');
        out.writeInt(n + 1);
        out.write(',');
        out.writeInt(InstacartShape.pick(DOW, h));
        out.write(',');
        out.writeInt(InstacartShape.pick(HOUR, h >>> 10));
        out.write(',');
        if (n > 0) {
          out.writeInt(InstacartShape.pick(DAYS, h >>> 20));
          out.write('.');
          out.write('0');
        }
        out.write('\n');
      }
    }
    return slot;
  }

  private static long writePriorOrderProducts(InstacartShape shape, AsciiCsvOutput out)
      throws IOException {
    long slot = 0;
    long basket = 0;
    long from = 0;
    for (int u = 0; u < shape.users; u++) {
      int prior = shape.priorOrdersOf(u);
      for (int n = 0; n < prior; n++, slot++, basket++) {
        long to = shape.priorBasketStart(basket + 1);
        writeBasket(shape, out, shape.orderId(slot), n == 0, basket, from, to,
            InstacartShape.PRIOR_BASKET_STREAM, InstacartShape.PRIOR_ROW_STREAM,
            PRIOR_REORDER_PER_1024);
        from = to;
      }
      slot++; // the user's last order (train or test) has no prior rows
    }
    return from;
  }

  private static long writeTrainOrderProducts(InstacartShape shape, AsciiCsvOutput out)
      throws IOException {
    long slot = 0;
    long basket = 0;
    long from = 0;
    for (int u = 0; u < shape.users; u++) {
      slot += shape.priorOrdersOf(u);
      if (shape.isTrainUser(u)) {
        long to = shape.trainBasketStart(basket + 1);
        writeBasket(shape, out, shape.orderId(slot), false, basket, from, to,
            InstacartShape.TRAIN_BASKET_STREAM, InstacartShape.TRAIN_ROW_STREAM,
            TRAIN_REORDER_PER_1024);
        basket++;
        from = to;
      }
      slot++;
    }
    return from;
  }

  /**
   * Writes rows {@code [from, to)} of one basket. Products are distinct within a basket whenever it
   * has at most as many items as there are products: a skewed random start (popular products come
   * up more often) plus strictly increasing gaps that stay below the product count.
   */
  private static void writeBasket(InstacartShape shape, AsciiCsvOutput out, int orderId,
      boolean firstOrder, long basket, long from, long to, long basketStream, long rowStream,
      int reorderPer1024) throws IOException {
    int size = (int) (to - from);
    if (size == 0) {
      return;
    }
    int products = shape.products;
    long x = shape.hash(basketStream, basket) >>> 33;
    long index = ((x * x) >>> 31) * products >>> 31;
    int gap = size == 1 ? 1 : (int) Math.max(1, Math.min(BASKET_GAP_CAP, (products - 1) / (size - 1)));
    for (int i = 0; i < size; i++) {
      long h = shape.hash(rowStream, from + i);
      if (i > 0) {
        index += 1 + InstacartShape.below(h, gap);
        if (index >= products) {
          index -= products;
        }
      }
      out.reserve();
      out.writeInt(orderId);
      out.write(',');
      out.writeInt(shape.productId(index));
      out.write(',');
      out.writeInt(i + 1);
      out.write(',');
      out.write(!firstOrder && (h & 1023) < reorderPer1024 ? '1' : '0');
      out.write('\n');
    }
  }

  /** Builds a 1024-entry lookup table in which value i appears in proportion to weights[i]. */
  private static byte[] table1024(int... weights) {
    long total = Arrays.stream(weights).asLongStream().sum();
    byte[] table = new byte[1024];
    long cumulative = 0;
    int slot = 0;
    for (int value = 0; value < weights.length; value++) {
      cumulative += weights[value];
      int end = (int) (cumulative * 1024 / total);
      while (slot < end) {
        table[slot++] = (byte) value;
      }
    }
    return table;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InstacartGenerator g && Double.compare(scale, g.scale) == 0 && seed == g.seed
        && directory.equals(g.directory) && tables.equals(g.tables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scale, seed, directory, tables);
  }

  @Override
  public String toString() {
    return "InstacartGenerator{scale=" + scale + ", seed=" + seed + ", directory=" + directory
        + ", tables=" + tables + "}";
  }

  /**
   * Command line: {@code [--scale S] [--seed N] [--dir DIR] [--tables t1,t2]}; defaults scale
   * {@value #DEFAULT_SCALE}, the default seed, directory {@code data/generated}, all tables. Prints
   * one line per table (name, rows, bytes, ms) and exits with 2 on bad arguments.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    Builder builder = builder().directory(Path.of("data/generated"));
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--scale" -> builder.scale(Double.parseDouble(required(args[i], value)));
          case "--seed" -> builder.seed(Long.parseLong(required(args[i], value)));
          case "--dir" -> builder.directory(Path.of(required(args[i], value)));
          case "--tables" -> builder.tables(Set.of(required(args[i], value).split(",")));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
        i++;
      }
      for (GeneratedTable t : builder.build().generate()) {
        System.out.printf(Locale.ROOT, "%-22s rows=%d bytes=%d ms=%d%n", t.table().tableName(),
            t.rows(), t.bytes(), t.millis());
      }
    } catch (IllegalArgumentException | InsightflowConfigException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: InstacartGenerator [--scale S] [--seed N] [--dir DIR] [--tables t1,t2]");
      System.exit(2);
    }
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** Builder of {@link InstacartGenerator}; not thread-safe. {@link #build()} validates. */
  public static final class Builder {
    private double scale = DEFAULT_SCALE;
    private long seed = DEFAULT_SEED;
    private Path directory;
    private Set<InstacartTable> tables = EnumSet.allOf(InstacartTable.class);

    private Builder() {}

    /**
     * Scale factor: 1.0 gives the real row counts; must be positive and at most
     * {@value InstacartGenerator#MAX_SCALE}, and large enough for two orders (about 1e-6).
     */
    public Builder scale(double scale) {
      this.scale = scale;
      return this;
    }

    /** Seed; the output is a pure function of (scale, seed). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Output directory (required); created when missing. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Restricts generation to these tables, named as in the data set (for example
     * {@code orders}, {@code order_products__prior}); all six by default.
     */
    public Builder tables(Set<String> names) {
      Objects.requireNonNull(names, "names");
      EnumSet<InstacartTable> selected = EnumSet.noneOf(InstacartTable.class);
      for (String name : names) {
        selected.add(InstacartTable.byName(name.trim()).orElseThrow(() -> new InsightflowConfigException(
            TABLES_KEY, "unknown table '" + name + "'; known tables: " + Arrays.stream(
                InstacartTable.values()).map(InstacartTable::tableName).collect(Collectors.joining(", ")))));
      }
      this.tables = selected;
      return this;
    }

    /**
     * Validates the settings and builds the generator.
     *
     * @throws InsightflowConfigException naming the offending key when the scale is not a positive
     *     number within range, no directory is set, or no table is selected
     */
    public InstacartGenerator build() {
      if (!(scale > 0) || scale > MAX_SCALE) {
        throw new InsightflowConfigException(SCALE_KEY, "scale must be a number > 0 and <= "
            + MAX_SCALE + " (1.0 = real row counts), got " + scale);
      }
      if (InstacartTable.ORDERS.rows(scale) < 2) {
        throw new InsightflowConfigException(SCALE_KEY, "scale " + scale + " is too small: at least"
            + " two orders (one prior, one train) are needed; use a scale of at least 1.0E-6");
      }
      if (directory == null) {
        throw new InsightflowConfigException(DIR_KEY, "no output directory set");
      }
      if (tables.isEmpty()) {
        throw new InsightflowConfigException(TABLES_KEY, "no table selected");
      }
      return new InstacartGenerator(this);
    }
  }
}
