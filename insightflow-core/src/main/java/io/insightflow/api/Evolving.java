package io.insightflow.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public type meant for users and connector authors whose shape may still change in a minor
 * release, with a note in {@code CHANGELOG.md}: the facade, the options and result types, and most
 * of the SPI while insightflow is young. Use it freely; expect to adjust code when upgrading.
 *
 * <p>A type moves to {@link Stable} once its shape has held for a release; see {@link Stable} for
 * the rule that every public type of a public package carries one of the three annotations and for
 * the API baseline that records {@code @Evolving} types too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Stable
public @interface Evolving {}
