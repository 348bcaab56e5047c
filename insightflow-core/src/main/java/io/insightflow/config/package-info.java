/** Configuration: every {@code insightflow.*} key, its precedence and its parsing. */
package io.insightflow.config;
