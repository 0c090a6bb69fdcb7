package dev.slatune.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the {@code tokenizer.json} that {@code --tokenizer-path} names: a file, a model directory,
 * or a HuggingFace model id ({@code Qwen/Qwen2.5-0.5B-Instruct}) whose file is downloaded once from
 * {@code $HF_ENDPOINT/{id}/resolve/{revision}/tokenizer.json} (default endpoint
 * https://huggingface.co, bearer {@code $HF_TOKEN} when set) into a cache directory and reused.
 * Blocking: it runs once before any load.
 */
public final class TokenizerResolver {

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");

    private final URI endpoint;
    private final String token;
    private final Path cacheDir;
    private final Duration timeout;

    /**
     * @param endpoint the hub's base URL
     * @param token a bearer token for gated models, or null
     * @param cacheDir where downloaded files are kept, one directory per model id
     * @param timeout connect and whole-download timeout
     */
    public TokenizerResolver(URI endpoint, String token, Path cacheDir, Duration timeout) {
        this.endpoint = endpoint;
        this.token = token == null || token.isBlank() ? null : token;
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    /**
     * A resolver configured from the environment: {@code HF_ENDPOINT}, {@code HF_TOKEN}, and the cache
     * at {@code $SLATUNE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/slatune}, else {@code ~/.cache/slatune}
     * (sub-directory {@code tokenizers}).
     */
    public static TokenizerResolver fromEnvironment(Map<String, String> env) {
        String ep = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
        URI endpoint;
        try {
            endpoint = URI.create(ep.endsWith("/") ? ep.substring(0, ep.length() - 1) : ep);
        } catch (IllegalArgumentException e) {
            throw LoadException.badConfig("--tokenizer-path", "HF_ENDPOINT is not a URL: '" + ep + "'");
        }
        Path base;
        if (env.get("SLATUNE_CACHE_DIR") != null) {
            base = Path.of(env.get("SLATUNE_CACHE_DIR"));
        } else if (env.get("XDG_CACHE_HOME") != null) {
            base = Path.of(env.get("XDG_CACHE_HOME"), "slatune");
        } else {
            base = Path.of(System.getProperty("user.home"), ".cache", "slatune");
        }
        return new TokenizerResolver(endpoint, env.get("HF_TOKEN"), base.resolve("tokenizers"), Duration.ofSeconds(30));
    }

    /** The same resolver with another bearer token (null for none). */
    public TokenizerResolver withToken(String newToken) {
        return new TokenizerResolver(endpoint, newToken, cacheDir, timeout);
    }

    /** The local {@code tokenizer.json} for {@code name}; throws a bad-configuration error when there is none. */
    public Path resolve(String name) {
        Path local = Path.of(name);
        if (Files.isRegularFile(local)) {
            return local;
        }
        if (Files.isDirectory(local)) {
            Path f = local.resolve("tokenizer.json");
            if (Files.isRegularFile(f)) {
                return f;
            }
            throw LoadException.badConfig("--tokenizer-path", "directory " + local + " has no tokenizer.json");
        }
        if (!MODEL_ID.matcher(name).matches()) {
            throw LoadException.badConfig(
                    "--tokenizer-path",
                    "'" + name + "' is neither a file, a directory, nor a HuggingFace model id (owner/name)");
        }
        Path cached = cacheDir.resolve(name.replace("/", "--")).resolve("tokenizer.json");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        download(name, cached);
        return cached;
    }

    private void download(String modelId, Path target) {
        URI uri = URI.create(endpoint + "/" + modelId + "/resolve/main/tokenizer.json");
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Path tmp = null;
        try {
            HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                int s = resp.statusCode();
                if (s == 401 || s == 403) {
                    throw LoadException.badConfig(
                            "--tokenizer-path",
                            "the hub refused " + uri + " (HTTP " + s + ")"
                                    + (token == null ? "; a gated model needs HF_TOKEN" : "; check HF_TOKEN"));
                }
                if (s != 200) {
                    throw LoadException.badConfig(
                            "--tokenizer-path",
                            "no tokenizer.json for '" + modelId + "' at " + uri + " (HTTP " + s + ")");
                }
                Files.createDirectories(target.getParent());
                tmp = Files.createTempFile(target.getParent(), "tokenizer", ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            // Atomic: a concurrent run or a crash never leaves half a file in the cache.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw LoadException.badConfig(
                    "--tokenizer-path",
                    "cannot download " + uri + ": " + e
                            + "; set HF_ENDPOINT to a reachable mirror or pass a local tokenizer.json",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoadException.badConfig("--tokenizer-path", "interrupted while downloading " + uri, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
