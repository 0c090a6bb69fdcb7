package dev.slatune.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** report.html draws each probe's confidence interval: a capped bar, or a dashed open one without an upper bound. */
class SvgChartErrorBarsTest {

    @Test
    void drawsEveryIntervalAndMarksUncertainPoints() {
        String svg = SvgChart.render(
                "p99_latency <= 1",
                "concurrency",
                "p99_latency (s)",
                List.of(
                        new SvgChart.Point(2, 0.5, true, 0.45, 0.55, true),
                        new SvgChart.Point(4, 0.9, true, 0.8, Double.POSITIVE_INFINITY, false),
                        new SvgChart.Point(8, 1.4, false, 1.3, 1.5, true),
                        new SvgChart.Point(16, 2.0, false)),
                1.0,
                4,
                "max satisfied 4");
        assertThat(svg.split("<g class=\"ci\"", -1))
                .as("three bars, none for the point without one")
                .hasSize(4);
        // The bar without an upper bound runs dashed to the top of the chart and has one cap only.
        assertThat(svg).containsOnlyOnce("stroke-dasharray=\"3 3\"");
        // Uncertain: hollow orange, with the interval in its tooltip.
        assertThat(svg).contains("fill=\"white\" stroke=\"#ff7f0e\"", "4: 0.9 [0.8, inf] uncertain</title>");
        assertThat(svg).contains("fill=\"#2ca02c\" stroke=\"#2ca02c\"", "2: 0.5 [0.45, 0.55]</title>");
        assertThat(svg).contains("fill=\"#d62728\"", "16: 2</title>");
    }

    @Test
    void aFarUpperBoundDoesNotFlattenTheChart() {
        String tight = SvgChart.render(
                "t", "x", "y", List.of(new SvgChart.Point(1, 1.0, true, 0.9, 1.1, true)), Double.NaN, Double.NaN, "");
        String far = SvgChart.render(
                "t", "x", "y", List.of(new SvgChart.Point(1, 1.0, true, 0.9, 100, true)), Double.NaN, Double.NaN, "");
        // The axis grows to twice the values at most (a tick label of 2.5), not to the bound of 100.
        assertThat(tight).contains(">1.6</text>", ">2</text>");
        assertThat(far).contains(">2.5</text>").doesNotContain(">100</text>");
        assertThat(far).contains("stroke-dasharray=\"3 3\"");
    }
}
