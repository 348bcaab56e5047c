/**
 * insightflow's entry point: the {@link io.insightflow.Insightflow} facade, every operation
 * configured by {@code insightflow.*} keys ({@link io.insightflow.config}); errors are
 * {@link io.insightflow.api.InsightflowException}s.
 */
package io.insightflow;
