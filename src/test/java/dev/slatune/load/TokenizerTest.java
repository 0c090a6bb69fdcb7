package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slatune.RealTime;
import dev.slatune.metrics.ExitCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact token counting through DJL on a small local tokenizer.json, the approximation, random
 * prompts of exact lengths, and the hub download against a local server imitating the hub's
 * {@code /{model}/resolve/main/tokenizer.json} URLs (the real hub is unreachable here).
 */
@RealTime
class TokenizerTest {

    static Path tokenizerJson;
    static Vertx vertx;
    static HttpServer hub;
    static final AtomicInteger hubRequests = new AtomicInteger();
    static volatile String lastAuth;

    @TempDir
    Path cache;

    @BeforeAll
    static void start() throws Exception {
        tokenizerJson = Path.of(
                TokenizerTest.class.getResource("/tokenizer/tokenizer.json").toURI());
        byte[] body = Files.readAllBytes(tokenizerJson);
        vertx = Vertx.vertx();
        hub = vertx.createHttpServer().requestHandler(req -> {
            hubRequests.incrementAndGet();
            lastAuth = req.getHeader("Authorization");
            switch (req.path()) {
                case "/acme/tiny/resolve/main/tokenizer.json" ->
                    req.response().end(io.vertx.core.buffer.Buffer.buffer(body));
                case "/acme/gated/resolve/main/tokenizer.json" -> {
                    if ("Bearer hf_secret".equals(lastAuth)) {
                        req.response().end(io.vertx.core.buffer.Buffer.buffer(body));
                    } else {
                        req.response().setStatusCode(401).end("{\"error\":\"gated\"}");
                    }
                }
                default -> req.response().setStatusCode(404).end("Entry not found");
            }
        });
        hub.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    TokenizerResolver resolver(String token) {
        return TokenizerResolver.fromEnvironment(Map.of(
                        "HF_ENDPOINT",
                        "http://127.0.0.1:" + hub.actualPort() + "/",
                        "SLATUNE_CACHE_DIR",
                        cache.toString()))
                .withToken(token);
    }

    @Test
    void djlCountsExactlyAndMakesTextOfExactLength() {
        try (TokenCounter c = DjlTokenCounter.open(tokenizerJson.toString(), resolver(null))) {
            assertThat(c.exact()).isTrue();
            assertThat(c.count("alpha beta gamma")).isEqualTo(3);
            assertThat(c.count("alpha unknownword")).isEqualTo(2);
            SplittableRandom r = new SplittableRandom(3);
            for (int n : new int[] {1, 7, 64, 500}) {
                String text = c.randomText(n, r);
                assertThat(c.count(text)).isEqualTo(n);
                assertThat(text).doesNotContain("[UNK]", "[BOS]"); // special tokens are never drawn
            }
        }
    }

    @Test
    void randomPromptsHaveTheLengthsAskedWithASharedPrefixFreshPerRun() {
        try (TokenCounter c = DjlTokenCounter.open(tokenizerJson.toString(), resolver(null))) {
            RandomPromptSource run0 = new RandomPromptSource(c, 10, 20, 5, 42, 0);
            RandomPromptSource run0again = new RandomPromptSource(c, 10, 20, 5, 42, 0);
            RandomPromptSource run1 = new RandomPromptSource(c, 10, 20, 5, 42, 1);
            Prompt a = run0.next();
            Prompt b = run0.next();
            assertThat(a.tokens()).isBetween(15, 25).isEqualTo(c.count(a.text()));
            String prefixA = String.join(" ", java.util.Arrays.copyOf(a.text().split(" "), 5)) + " ";
            assertThat(b.text()).startsWith(prefixA);
            assertThat(run0again.next()).isEqualTo(a); // reproducible
            assertThat(run1.next().text()).doesNotStartWith(prefixA); // a new run, a new prefix
        }
    }

    @Test
    void approximationIsFourBytesPerTokenAndExactOnItsOwnWords() {
        ApproximateTokenCounter c = new ApproximateTokenCounter();
        assertThat(c.exact()).isFalse();
        assertThat(c.count("abcd")).isEqualTo(1);
        assertThat(c.count("abcde")).isEqualTo(2);
        String t = c.randomText(100, new SplittableRandom(1));
        assertThat(t.split(" ")).hasSize(101); // leading space, then 100 words
        assertThat(c.count(t)).isEqualTo(100);
    }

    @Test
    void hubIdsAreDownloadedOnceAndCached() {
        int before = hubRequests.get();
        Path p = resolver(null).resolve("acme/tiny");
        assertThat(p).startsWith(cache).hasFileName("tokenizer.json");
        assertThat(Files.isRegularFile(p)).isTrue();
        Path again = resolver(null).resolve("acme/tiny");
        assertThat(again).isEqualTo(p);
        assertThat(hubRequests.get() - before).isEqualTo(1);
        try (TokenCounter c = DjlTokenCounter.open("acme/tiny", resolver(null))) {
            assertThat(c.count("red green")).isEqualTo(2);
        }
    }

    @Test
    void gatedModelsNeedHfToken() {
        assertThatThrownBy(() -> resolver(null).resolve("acme/gated"))
                .isInstanceOfSatisfying(LoadException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
                    assertThat(e.getMessage()).startsWith("--tokenizer-path").contains("HTTP 401", "HF_TOKEN");
                });
        Path p = resolver("hf_secret").resolve("acme/gated");
        assertThat(lastAuth).isEqualTo("Bearer hf_secret");
        assertThat(Files.isRegularFile(p)).isTrue();
    }

    @Test
    void missingModelsAndUnreachableHubsAreBadConfiguration() throws Exception {
        assertThatThrownBy(() -> resolver(null).resolve("acme/none"))
                .hasMessageStartingWith("--tokenizer-path")
                .hasMessageContaining("HTTP 404");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TokenizerResolver dead =
                new TokenizerResolver(new URI("http://127.0.0.1:" + port), null, cache, Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.resolve("acme/tiny")).isInstanceOfSatisfying(LoadException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
            assertThat(e.getMessage()).contains("HF_ENDPOINT");
        });
    }

    @Test
    void localFilesAndDirectoriesAreUsedAsTheyAre() throws URISyntaxException {
        assertThat(resolver(null).resolve(tokenizerJson.toString())).isEqualTo(tokenizerJson);
        assertThat(resolver(null).resolve(tokenizerJson.getParent().toString())).isEqualTo(tokenizerJson);
        assertThatThrownBy(() -> resolver(null).resolve(cache.toString()))
                .hasMessageContaining("has no tokenizer.json");
        assertThatThrownBy(() -> resolver(null).resolve("not a model id")).hasMessageStartingWith("--tokenizer-path");
    }
}
