package io.insightflow.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public type of a public package that is public for a technical reason only, with no
 * compatibility promise: a {@link java.util.ServiceLoader} provider (which Java requires to be a
 * public class), or an implementation class that must stay in its public package for now (it shares
 * package-private code with an API type, or another insightflow package still reaches it directly).
 * Use the interface it implements ({@code SourceProvider}, {@code SinkProvider}, {@code ObjectStore},
 * {@code ObjectStoreProvider}, {@code SqlDialect}) instead. {@code @Internal} types are left out of
 * the API baseline, and the Maven plugin and the Lambda handlers must not depend on them (as on
 * {@code io.insightflow.internal..}); both are checked by ArchUnit rules.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Stable
public @interface Internal {}
