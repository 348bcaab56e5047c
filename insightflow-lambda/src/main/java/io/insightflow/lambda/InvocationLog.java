package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.insightflow.metrics.Measurement;
import io.insightflow.metrics.Measurements;
import io.insightflow.metrics.MetricNames;
import io.insightflow.metrics.MetricUnit;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * The one JSON log line per invocation: handler, request id, cold start, outcome, counts and
 * milliseconds, as a structured message (numbers stay numbers) through the module's log4j2 JSON
 * layout, its fields at the root of the line. The line is also a CloudWatch Embedded Metric Format
 * document [#23]: an {@code _aws} block declares the run's totals ({@link Measurements#totals()},
 * the invocation's duration and cold start) in namespace {@link MetricNames#NAMESPACE} with the
 * dimension {@code function}, and their values are members of the same line. Per-table values
 * cannot share that document (a document has one value per member, so one {@code table}): each
 * table's values follow in a line of its own ({@code "event":"metrics"}) with the dimensions
 * {@code function} and {@code table}. The request id is also put in the logging context for the
 * invocation, so every line that core logs meanwhile carries it. Counts and error messages only:
 * never row data or secrets.
 *
 * <p>One {@link Invocation} per call, used by the invoking thread.
 */
final class InvocationLog {

  private static final Logger LOG = LogManager.getLogger("io.insightflow.lambda.invocation");
  private static final AtomicBoolean COLD = new AtomicBoolean(true);
  static final String REQUEST_ID = "requestId";

  private InvocationLog() {}

  /** Starts the record of an invocation of {@code handler}. */
  static Invocation start(String handler, Context context) {
    String requestId = context == null ? null : context.getAwsRequestId();
    if (requestId != null) {
      ThreadContext.put(REQUEST_ID, requestId);
    }
    return new Invocation(handler, requestId, functionName(handler, context), COLD.getAndSet(false),
        Clock.systemUTC());
  }

  /** The function's name: the context's, else the runtime's variable, else the handler's name. */
  private static String functionName(String handler, Context context) {
    String name = context == null ? null : context.getFunctionName();
    if (name == null || name.isEmpty()) {
      name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    }
    return name == null || name.isEmpty() ? handler : name;
  }

  /** One invocation's fields, written by {@link #succeeded()} or {@link #failed(Throwable)}. */
  static final class Invocation {
    private final long startNanos = System.nanoTime();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final String requestId;
    private final String function;
    private final boolean coldStart;
    private final Clock clock;
    private Measurements metrics = Measurements.empty();

    private Invocation(String handler, String requestId, String function, boolean coldStart, Clock clock) {
      this.requestId = requestId;
      this.function = function;
      this.coldStart = coldStart;
      this.clock = clock;
      fields.put("event", "invocation");
      fields.put("handler", handler);
      fields.put(REQUEST_ID, requestId);
      fields.put("coldStart", coldStart);
    }

    /** Adds a count or a short descriptive value. */
    Invocation put(String name, Object value) {
      fields.put(name, value);
      return this;
    }

    /** The run's figures, written as metrics with the line (the last call's). */
    Invocation metrics(Measurements measurements) {
      this.metrics = measurements;
      return this;
    }

    /** Milliseconds since the invocation started. */
    long ms() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Writes the line for a successful invocation. */
    void succeeded() {
      write("ok", null);
    }

    /** Writes the line for a failed invocation; the error's type and message (never a secret). */
    void failed(Throwable error) {
      write("error", error);
    }

    private void write(String outcome, Throwable error) {
      fields.put("outcome", outcome);
      if (error != null) {
        fields.put("errorType", error.getClass().getName());
        fields.put("errorMessage", String.valueOf(error.getMessage()));
      }
      long ms = ms();
      fields.put("ms", ms);
      long timestamp = clock.millis();
      // The invocation's own time and cold start, not the run's: what the function cost.
      Measurements all = metrics.with(Measurement.total(MetricNames.DURATION, MetricUnit.MILLISECONDS, ms))
          .with(Measurement.total(MetricNames.COLDSTART, MetricUnit.COUNT, coldStart ? 1 : 0));
      fields.putAll(Emf.document(timestamp, function, null, all.totals()));
      MapMessage<?, Object> message = new MapMessage<>(fields);
      if (error == null) {
        LOG.info(message);
      } else {
        LOG.error(message);
      }
      all.byTable().forEach((table, values) -> LOG.info(tableLine(timestamp, table, values)));
      ThreadContext.remove(REQUEST_ID);
    }

    private MapMessage<?, Object> tableLine(long timestamp, String table, List<Measurement> values) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("event", "metrics");
      line.put(REQUEST_ID, requestId);
      line.putAll(Emf.document(timestamp, function, table, values));
      return new MapMessage<>(line);
    }
  }
}
