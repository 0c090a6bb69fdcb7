package dev.slatune.it.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stand-in expands {@code $(VAR)} references as the kubelet does. */
class PodEnvironmentTest {

    private static final Map<String, String> ENV = Map.of("A", "1", "KEY", "s3cret");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "$(A)|1",
                "x$(A)y$(KEY)|x1ys3cret",
                "$(MISSING)|$(MISSING)",
                "$$(A)|$(A)",
                "plain|plain",
                "$(A|$(A",
            })
    void expandsReferences(String value, String expected) {
        assertThat(PodEnvironment.expand(value, ENV)).isEqualTo(expected);
    }
}
