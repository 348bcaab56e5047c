package io.insightflow.generate;

/**
 * The arithmetic skeleton shared by every generated table: counts at a scale, users and their
 * orders, basket boundaries, id permutations and hashing. Everything is a pure function of (scale,
 * seed, index), so each table can be written on its own, in one pass, without keeping another table
 * in memory, and every table agrees with the others.
 *
 * <p>Users are numbered 0..U-1 and written in order. User u has {@code priorOrders(u)} prior orders
 * followed by one last order, whose eval_set is train or test. Orders get consecutive slots in that
 * walk; an order's id is an affine permutation of its slot, so ids look shuffled as in the real data.
 * Prior (and train) orders are also numbered in walk order; basket k holds the rows
 * {@code [basketStart(k), basketStart(k + 1))}.
 */
final class InstacartShape {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  // Real proportions: 206,209 users, of which 131,209 have a train order and 75,000 a test order.
  private static final long REAL_TRAIN_USERS = 131_209;
  private static final long REAL_TEST_USERS = 75_000;

  /** Hash streams; distinct constants keep the streams independent. */
  static final long USER_STREAM = 1;
  static final long ORDER_STREAM = 2;
  static final long PRIOR_BASKET_STREAM = 3;
  static final long TRAIN_BASKET_STREAM = 4;
  static final long PRIOR_ROW_STREAM = 5;
  static final long TRAIN_ROW_STREAM = 6;
  static final long PRODUCT_STREAM = 7;
  private static final long PERMUTATION_STREAM = 8;

  final long seed;
  final int products;
  final int orders;
  final long priorRows;
  final long trainRows;
  final int users;
  final int trainUsers;
  final int priorOrders;

  private final long orderA;
  private final long orderC;
  private final long productA;
  private final long productC;
  private final long[] streamBase = new long[9];

  InstacartShape(double scale, long seed) {
    this.seed = seed;
    this.products = (int) InstacartTable.PRODUCTS.rows(scale);
    this.orders = (int) InstacartTable.ORDERS.rows(scale);
    this.priorRows = InstacartTable.ORDER_PRODUCTS_PRIOR.rows(scale);
    this.trainRows = InstacartTable.ORDER_PRODUCTS_TRAIN.rows(scale);
    for (int s = 0; s < streamBase.length; s++) {
      streamBase[s] = mix(seed ^ mix(s * GOLDEN + 0x632BE59BD9B4E019L));
    }
    // Every user needs at least one prior order besides the last one, so at most orders/2 users;
    // test users give way first because train orders must exist for order_products__train.
    int half = orders / 2;
    int train = (int) Math.min(half, Math.max(1, Math.round(REAL_TRAIN_USERS * scale)));
    int test = (int) Math.min(half - train, Math.round(REAL_TEST_USERS * scale));
    this.trainUsers = train;
    this.users = train + test;
    this.priorOrders = orders - users;
    this.orderA = coprimeMultiplier(hash(PERMUTATION_STREAM, 0), orders);
    this.orderC = Long.remainderUnsigned(hash(PERMUTATION_STREAM, 1), orders);
    this.productA = coprimeMultiplier(hash(PERMUTATION_STREAM, 2), products);
    this.productC = Long.remainderUnsigned(hash(PERMUTATION_STREAM, 3), products);
  }

  /** SplitMix64's finaliser: a cheap, well-mixed bijection of 64-bit values. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A 64-bit hash of (seed, stream, index). */
  long hash(long stream, long index) {
    return mix(streamBase[(int) stream] + index * GOLDEN);
  }

  /** Maps the high 32 bits of {@code h} uniformly onto {@code [0, bound)} without a division. */
  static int below(long h, int bound) {
    return (int) (((h >>> 32) * bound) >>> 32);
  }

  /** Picks from a 1024-entry lookup table with the low 10 bits of {@code h}. */
  static int pick(byte[] table1024, long h) {
    return table1024[(int) (h & 1023)];
  }

  private static long coprimeMultiplier(long h, int n) {
    if (n <= 2) {
      return 1;
    }
    long a = 1 + Long.remainderUnsigned(h, n - 1);
    while (gcd(a, n) != 1) {
      a = a + 1 == n ? 1 : a + 1;
    }
    return a;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** The order id (1..orders) of walk slot {@code slot} (0..orders-1); a bijection. */
  int orderId(long slot) {
    return (int) ((orderA * slot + orderC) % orders) + 1;
  }

  /** The product id (1..products) of popularity index {@code index} (0..products-1); a bijection. */
  int productId(long index) {
    return (int) ((productA * index + productC) % products) + 1;
  }

  /** The number of prior orders of user {@code u}; at least 1. */
  int priorOrdersOf(int u) {
    return (int) (boundary(u + 1, priorOrders, users, USER_STREAM)
        - boundary(u, priorOrders, users, USER_STREAM));
  }

  /** Whether user {@code u}'s last order is a train order (else test); exactly trainUsers are. */
  boolean isTrainUser(int u) {
    return (long) (u + 1) * trainUsers / users > (long) u * trainUsers / users;
  }

  /** First row of prior basket {@code k}; {@code priorBasketStart(priorOrders) == priorRows}. */
  long priorBasketStart(long k) {
    return boundary(k, priorRows, priorOrders, PRIOR_BASKET_STREAM);
  }

  /** First row of train basket {@code j}; {@code trainBasketStart(trainUsers) == trainRows}. */
  long trainBasketStart(long j) {
    return boundary(j, trainRows, trainUsers, TRAIN_BASKET_STREAM);
  }

  /**
   * Splits {@code total} items over {@code parts} parts: boundary i is the even split plus a hashed
   * jitter smaller than the even share, so boundaries never decrease, each part is non-empty when
   * total >= parts, sizes vary between about 1 and twice the mean, and boundary(parts) == total.
   */
  private long boundary(long i, long total, long parts, long stream) {
    if (i <= 0) {
      return 0;
    }
    if (i >= parts) {
      return total;
    }
    int share = (int) Math.min(Integer.MAX_VALUE, Math.max(1, total / parts));
    return i * total / parts + below(hash(stream, i), share);
  }
}
