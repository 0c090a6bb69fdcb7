package dev.slatune.search;

import dev.slatune.sla.SlaRules;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void show() {
        for (Strategy s : Strategy.values()) {
        TuningPlan plan = TuningPlan.of(Variable.RATE, 1, 1, 1024, 3, SlaRules.parse("[{\"p99_latency\": \"<=2s\"}]"), s);
        for (long seed = 1; seed <= 3; seed++) {
        Driver.Trace t = Driver.drive(plan, Curves.noisy(Variable.RATE, Curves.queue(23.5, 0.4), 0.03, seed));
        StringBuilder sb = new StringBuilder();
        for (MeasuredPoint p : t.history()) sb.append(p.value()).append("x").append(p.runs().size()).append("(").append(String.format("%.2f", p.runs().get(0).latency().p99())).append(") ");
        System.out.println("ORDER " + s + " " + sb + " -> " + t.results().get(0).maxSatisfied() + " req " + t.requests());
        }}
    }
}
