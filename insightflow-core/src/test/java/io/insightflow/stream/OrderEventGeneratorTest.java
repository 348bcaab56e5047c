package io.insightflow.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class OrderEventGeneratorTest {

  private static final Instant T0 = Instant.parse("2024-05-07T00:00:00Z");

  @Test
  void event_sameSeedAndIndex_sameEvent() {
    assertThat(new OrderEventGenerator(1, T0).event(123)).isEqualTo(new OrderEventGenerator(1, T0).event(123));
    assertThat(new OrderEventGenerator(1, T0).event(123)).isNotEqualTo(new OrderEventGenerator(2, T0).event(123));
  }

  @Test
  void events_fromIndex_matchesEventByIndex() {
    OrderEventGenerator gen = new OrderEventGenerator(9, T0);
    Iterator<OrderEvent> it = gen.events(10, 3);
    assertThat(it.next()).isEqualTo(gen.event(10));
    assertThat(it.next().orderId()).isEqualTo(12);
    assertThat(it.next().eventTime()).isEqualTo("2024-05-07T00:00:00.012Z");
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void event_manyEvents_followInstacartShape() {
    OrderEventGenerator gen = new OrderEventGenerator(3, T0);
    int prior = 0;
    for (int i = 0; i < 10_000; i++) {
      OrderEvent e = gen.event(i);
      prior += e.evalSet().equals("prior") ? 1 : 0;
      assertThat(e.daysSincePriorOrder() == null).isEqualTo(e.orderNumber() == 1);
      assertThat(e.orderDow()).isBetween(0, 6);
      assertThat(e.orderHourOfDay()).isBetween(0, 23);
      assertThat(e.productIds()).isNotEmpty().allMatch(p -> p >= 1 && p <= 49_688);
    }
    assertThat(prior).isBetween(9_200, 9_600);
  }
}
