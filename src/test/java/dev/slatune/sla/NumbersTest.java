package dev.slatune.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one formatter, table-driven: each form on whole, fractional, tie and non-finite values. */
class NumbersTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("exact", 8.0, "8"),
                Arguments.of("exact", 0.125, "0.125"),
                Arguments.of("exact", 12.25, "12.25"),
                Arguments.of("pressure", 64.0, "64"),
                Arguments.of("pressure", 12.3456, "12.35"),
                Arguments.of("pressure", 0.016, "0.016"),
                Arguments.of("pressure", Double.NaN, "nan"),
                // Python's :.4f rounds the exact binary value half to even: 0.125 is exact, so a tie.
                Arguments.of("fixed2", 0.125, "0.12"),
                Arguments.of("fixed2", 0.375, "0.38"),
                Arguments.of("fixed4", 8057.14375, "8057.1438"),
                Arguments.of("fixed4", Double.POSITIVE_INFINITY, "inf"),
                Arguments.of("significant6", 0.1234567, "0.123457"),
                Arguments.of("significant6", 1234567.0, "1234570"),
                Arguments.of("significant6", Double.NaN, ""),
                Arguments.of("p99_latency", 0.85, "850.0ms"),
                Arguments.of("p99_latency", 1.2344, "1.234s"),
                Arguments.of("success_rate", 0.995, "99.50%"),
                Arguments.of("error_rate", 0.02, "2.00%"),
                Arguments.of("tps", 1234.567, "1234.57"),
                Arguments.of("rps", Double.NaN, "n/a"));
    }

    @ParameterizedTest(name = "{0}({1}) = {2}")
    @MethodSource("cases")
    void formats(String form, double v, String expected) {
        String got = switch (form) {
            case "exact" -> Numbers.exact(v);
            case "pressure" -> Numbers.pressure(v);
            case "fixed2" -> Numbers.fixed(v, 2);
            case "fixed4" -> Numbers.fixed(v, 4);
            case "significant6" -> Numbers.significant(v, 6);
            case "error_rate" -> Numbers.measured(Metric.ERROR_RATE, v);
            default -> Numbers.measured(Metric.byName(form).orElseThrow(), v);
        };
        assertThat(got).isEqualTo(expected);
    }
}
