package dev.slatune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.load.Api;
import dev.slatune.load.Arrival;
import dev.slatune.load.Dataset;
import dev.slatune.load.LoadException;
import dev.slatune.load.LoadSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The mixin: flags to spec, defaults, and deriving specs for other probes. */
class LoadOptionsTest {

    @Command(name = "host")
    static class Host {
        @Mixin
        LoadOptions options;
    }

    static LoadOptions parse(String... args) {
        Host h = new Host();
        new CommandLine(h).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return h.options;
    }

    @Test
    void everyFlagReachesTheSpec() {
        LoadSpec s = parse(
                        "--url",
                        "http://h:1/v1/completions",
                        "--api",
                        "openai-completions",
                        "--model",
                        "m",
                        "--api-key",
                        "k",
                        "--headers",
                        "a=1",
                        "b=2",
                        "--connect-timeout",
                        "500ms",
                        "--read-timeout",
                        "2m",
                        "--rate",
                        "0.5",
                        "--arrival",
                        "constant",
                        "--max-concurrency",
                        "7",
                        "--number",
                        "30",
                        "--duration",
                        "90",
                        "--warmup-seconds",
                        "5s",
                        "--no-stream",
                        "--max-tokens",
                        "10,20",
                        "--min-tokens",
                        "5",
                        "--temperature",
                        "0.7",
                        "--extra-args",
                        "{\"top_p\":0.9}",
                        "--dataset",
                        "random",
                        "--min-prompt-length",
                        "100",
                        "--max-prompt-length",
                        "200",
                        "--prefix-length",
                        "50",
                        "--tokenizer-path",
                        "Qwen/Qwen2.5-0.5B-Instruct",
                        "--seed",
                        "9",
                        "--run",
                        "3")
                .toSpec();
        assertThat(s.target().api()).isEqualTo(Api.OPENAI_COMPLETIONS);
        assertThat(s.target().apiKey()).isEqualTo("k");
        assertThat(s.target().toString()).doesNotContain("k,").contains("apiKey=***");
        assertThat(s.target().headers()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(s.target().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.target().readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.variable()).isEqualTo("rate");
        assertThat(s.value()).isEqualTo(0.5);
        assertThat(s.pressure().arrival()).isEqualTo(Arrival.CONSTANT);
        assertThat(s.pressure().maxConcurrency()).isEqualTo(7);
        assertThat(s.size().number()).isEqualTo(30);
        assertThat(s.size().duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.size().warmupDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.body().stream()).isFalse();
        assertThat(s.body().maxTokensMin()).isEqualTo(10);
        assertThat(s.body().maxTokensMax()).isEqualTo(20);
        assertThat(s.body().minTokens()).isEqualTo(5);
        assertThat(s.body().temperature()).isEqualTo(0.7);
        assertThat(s.body().extraArgs()).isEqualTo("{\"top_p\":0.9}");
        assertThat(s.prompts().dataset()).isEqualTo(Dataset.RANDOM);
        assertThat(s.prompts().prefixLength()).isEqualTo(50);
        assertThat(s.prompts().tokenizerPath()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct");
        assertThat(s.seed()).isEqualTo(9);
        assertThat(s.run()).isEqualTo(3);
    }

    @Test
    void defaultsAreClosedLoopOfOneThousandStreamedRequests() {
        LoadOptions o = parse("--url", "http://h:1/v1/chat/completions", "--model", "m");
        LoadSpec s = o.toSpec();
        assertThat(o.variable()).isEqualTo("parallel");
        assertThat(o.startValue()).isEqualTo(1);
        assertThat(s.pressure().parallel()).isEqualTo(1);
        assertThat(s.size().number()).isEqualTo(LoadOptions.DEFAULT_NUMBER);
        assertThat(s.body().stream()).isTrue();
        assertThat(s.body().maxTokensMax()).isEqualTo(2048);
        assertThat(s.target().api()).isEqualTo(Api.OPENAI);
    }

    @Test
    void durationAloneMeansNoRequestLimit() {
        LoadSpec s = parse("--url", "http://h:1/v1/chat/completions", "--model", "m", "--duration", "1m")
                .toSpec();
        assertThat(s.size().number()).isZero();
        assertThat(s.size().duration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void tuneDerivesSpecsWithOtherPressures() {
        LoadOptions o = parse("--url", "http://h:1/v1/chat/completions", "--model", "m", "--parallel", "2");
        LoadSpec s = o.toSpec();
        assertThat(s.withParallel(64).value()).isEqualTo(64);
        assertThat(s.withRate(12.5).variable()).isEqualTo("rate");
        assertThat(s.withRate(12.5).withParallel(3).variable()).isEqualTo("parallel");
        assertThat(s.withNumber(5).size().number()).isEqualTo(5);
        assertThat(s.withRun(2).run()).isEqualTo(2);
        assertThatThrownBy(() -> s.withParallel(0))
                .isInstanceOfSatisfying(
                        LoadException.class, e -> assertThat(e.getMessage()).startsWith("--parallel"));
    }

    @Test
    void timesAcceptUnits() {
        assertThat(LoadOptions.durationOrZero("--x", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LoadOptions.durationOrZero("--x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(LoadOptions.durationOrZero("--x", "2h")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> LoadOptions.duration("--x", "0")).hasMessageStartingWith("--x");
        assertThatThrownBy(() -> LoadOptions.durationOrZero("--x", "-3s")).hasMessageStartingWith("--x");
    }
}
