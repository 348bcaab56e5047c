package io.insightflow.stream;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates order events deterministically: event {@code i} depends only on the seed, the start
 * time and {@code i}, so a publisher restarted at index {@code i} sends the same events again and a
 * test can recompute what it expects. Distributions follow the Instacart data (206,209 users, 49,688
 * products, about 94 % prior / 4 % train / 2 % test orders, no prior-order gap on first orders).
 *
 * <p>Immutable and thread-safe.
 */
@Evolving
public final class OrderEventGenerator {

  private static final int USERS = 206_209;
  private static final int PRODUCTS = 49_688;

  private final long seed;
  private final Instant startTime;

  /**
   * @param seed the seed; the same seed gives the same events
   * @param startTime the event time of event 0; event {@code i} happens {@code i} milliseconds later
   */
  public OrderEventGenerator(long seed, Instant startTime) {
    this.seed = seed;
    this.startTime = Objects.requireNonNull(startTime, "startTime");
  }

  /** Event number {@code index} (from 0); its {@code order_id} is {@code index + 1}. */
  public OrderEvent event(long index) {
    if (index < 0) {
      throw new InsightflowException("index must be >= 0: " + index);
    }
    // One independent generator per event keeps event i independent of how many came before.
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    int evalDraw = r.nextInt(100);
    String evalSet = evalDraw < 94 ? "prior" : evalDraw < 98 ? "train" : "test";
    int orderNumber = 1 + r.nextInt(100);
    Integer days = orderNumber == 1 ? null : r.nextInt(31);
    int products = 1 + r.nextInt(20);
    List<Long> productIds = new ArrayList<>(products);
    for (int p = 0; p < products; p++) {
      productIds.add(1L + r.nextInt(PRODUCTS));
    }
    return new OrderEvent(index + 1, 1L + r.nextInt(USERS), evalSet, orderNumber, r.nextInt(7),
        r.nextInt(24), days, startTime.plusMillis(index).toString(), productIds);
  }

  /**
   * Events {@code from}, {@code from + 1}, … ({@code count} of them), generated lazily.
   *
   * @param count how many; {@link Long#MAX_VALUE} for an endless supply
   */
  public Iterator<OrderEvent> events(long from, long count) {
    if (from < 0 || count < 0) {
      throw new InsightflowException("from and count must be >= 0");
    }
    return new Iterator<>() {
      private long done;

      @Override
      public boolean hasNext() {
        return done < count;
      }

      @Override
      public OrderEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return event(from + done++);
      }
    };
  }
}
