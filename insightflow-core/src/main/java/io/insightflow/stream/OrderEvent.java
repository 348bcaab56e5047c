package io.insightflow.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.internal.Json;
import java.util.List;
import java.util.Objects;

/**
 * An Instacart-shaped order event, as the publisher sends it (JSON with snake_case names, one
 * object per Kinesis record). The fields follow the {@code orders} table of the Instacart Market
 * Basket data, plus the event time and the ordered products.
 *
 * @param orderId the order ({@code order_id}), unique per event
 * @param userId the customer
 * @param evalSet {@code prior}, {@code train} or {@code test}
 * @param orderNumber the customer's n-th order, from 1
 * @param orderDow day of week, 0–6
 * @param orderHourOfDay hour of day, 0–23
 * @param daysSincePriorOrder days since the customer's previous order, 0–30; null on a first order
 * @param eventTime ISO-8601 UTC instant at which the order was placed
 * @param productIds the products in cart order; may be empty
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Evolving
public record OrderEvent(
    @JsonProperty("order_id") long orderId,
    @JsonProperty("user_id") long userId,
    @JsonProperty("eval_set") String evalSet,
    @JsonProperty("order_number") int orderNumber,
    @JsonProperty("order_dow") int orderDow,
    @JsonProperty("order_hour_of_day") int orderHourOfDay,
    @JsonProperty("days_since_prior_order") Integer daysSincePriorOrder,
    @JsonProperty("event_time") String eventTime,
    @JsonProperty("product_ids") List<Long> productIds) {


  public OrderEvent {
    Objects.requireNonNull(evalSet, "evalSet");
    Objects.requireNonNull(eventTime, "eventTime");
    productIds = List.copyOf(productIds);
  }

  /** The event as compact UTF-8 JSON, the payload of one Kinesis record. */
  public byte[] toJson() {
    try {
      return Json.MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new InsightflowException("Cannot serialise order event " + orderId, e);
    }
  }
}
