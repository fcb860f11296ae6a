package io.tickflow.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an {@code AlphaVantageSimulator} field of a {@code @QuarkusTest} for injection by {@link AlphaVantageSimResource}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectAlphaVantageSim {
}
