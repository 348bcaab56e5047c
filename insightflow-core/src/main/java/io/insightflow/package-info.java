/**
 * insightflow's entry points: the {@link io.insightflow.Insightflow} facade (every operation,
 * configured by {@link io.insightflow.InsightflowProperties} keys) and the exception hierarchy
 * rooted at {@link io.insightflow.InsightflowException}.
 */
package io.insightflow;
