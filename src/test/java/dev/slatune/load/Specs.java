package dev.slatune.load;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Small load specs for tests. */
final class Specs {

    private Specs() {}

    static LoadSpec closed(String url, int parallel, long number) {
        return new LoadSpec(
                new LoadSpec.Target(
                        URI.create(url),
                        Api.OPENAI,
                        "test-model",
                        "sk-test",
                        Map.of("X-Test", "1"),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5)),
                new LoadSpec.Pressure(parallel, 0, Arrival.POISSON, 0),
                new LoadSpec.Size(number, null, 0, null),
                new LoadSpec.Body(true, 16, 16, null, null, null),
                new LoadSpec.Prompts(Dataset.RANDOM, null, 8, 8, 0, null),
                42,
                0);
    }

    static LoadSpec withTimeouts(LoadSpec s, Duration connect, Duration read) {
        var t = s.target();
        return new LoadSpec(
                new LoadSpec.Target(t.url(), t.api(), t.model(), t.apiKey(), t.headers(), connect, read),
                s.pressure(),
                s.size(),
                s.body(),
                s.prompts(),
                s.seed(),
                s.run());
    }

    static LoadSpec withBody(LoadSpec s, LoadSpec.Body b) {
        return new LoadSpec(s.target(), s.pressure(), s.size(), b, s.prompts(), s.seed(), s.run());
    }

    static LoadSpec withModel(LoadSpec s, String model) {
        var t = s.target();
        return new LoadSpec(
                new LoadSpec.Target(
                        t.url(), t.api(), model, t.apiKey(), t.headers(), t.connectTimeout(), t.readTimeout()),
                s.pressure(),
                s.size(),
                s.body(),
                s.prompts(),
                s.seed(),
                s.run());
    }

    static LoadSpec withCap(LoadSpec s, Arrival arrival, int cap) {
        var p = s.pressure();
        return new LoadSpec(
                s.target(),
                new LoadSpec.Pressure(p.parallel(), p.rate(), arrival, cap),
                s.size(),
                s.body(),
                s.prompts(),
                s.seed(),
                s.run());
    }
}
