package dev.slatune;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a component test that runs on the real clock and real sockets (a simulator, the load engine,
 * a Quarkus application): seconds to minutes, and sensitive to a busy machine. The pure tiers leave
 * them out: {@code ./mvnw -B test -DexcludedGroups=realtime} (docs/development.md).
 * {@code TestTiersTest} fails when such a test lacks the tag.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealTime.TAG)
public @interface RealTime {

    /** The JUnit tag. */
    String TAG = "realtime";
}
