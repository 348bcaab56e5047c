/**
 * The types every package and every connector shares: the exception hierarchy rooted at
 * {@link io.insightflow.api.InsightflowException}, and {@link io.insightflow.api.Printable} and
 * {@link io.insightflow.api.Secrets} for text from data and secrets in messages. Depends on nothing
 * else in insightflow.
 */
package io.insightflow.api;
