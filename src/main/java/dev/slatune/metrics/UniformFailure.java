package dev.slatune.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a probe in which every request failed the same way for a reason that does not depend
 * on the load: the server rejected the request itself (HTTP 4xx other than 429: context too small,
 * unknown model, bad API key) or answered every stream with the same error event. No other pressure
 * can pass then, so a tuning should stop and say why instead of measuring on.
 */
public final class UniformFailure {

    /** Failure kinds that say "this request is wrong", not "this server is busy". */
    static final List<String> REQUEST_KINDS = List.of(ErrorKind.HTTP_4XX.key(), ErrorKind.STREAM_ERROR.key());

    private UniformFailure() {}

    /** The plain-words diagnosis when every request of {@code r} failed alike; empty otherwise. */
    public static Optional<String> of(ProbeResult r) {
        RequestCounts q = r.requests();
        if (q.total() == 0 || q.succeeded() > 0 || q.errors().size() != 1) {
            return Optional.empty();
        }
        String kind = q.errors().keySet().iterator().next();
        if (!REQUEST_KINDS.contains(kind)) {
            return Optional.empty();
        }
        List<ErrorSample> samples = r.errorSamplesOrEmpty().stream()
                .filter(e -> e.kind().equals(kind))
                .toList();
        if (samples.size() != 1
                || ErrorSampler.OTHER.equals(samples.get(0).message())
                || samples.get(0).message().equals(kind)) {
            return Optional.empty();
        }
        String message = samples.get(0).message().replaceAll("[.\\s]+$", "");
        return Optional.of(String.format(
                Locale.ROOT,
                "all %d requests failed the same way (%s): %s. %s",
                q.total(),
                kind,
                message,
                hint(message)));
    }

    /** What to do about it, from the words of the message. */
    static String hint(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("context") || m.contains("too long") || m.contains("maximum") && m.contains("token")) {
            return "The prompt plus max tokens do not fit the model's context: lower the prompt length or max "
                    + "tokens, or serve a longer context.";
        }
        if (m.startsWith("http 401")
                || m.startsWith("http 403")
                || m.contains("api key")
                || m.contains("unauthori")
                || m.contains("authentic")) {
            return "The server refused the credentials: check the API key.";
        }
        if (m.startsWith("http 404")
                || m.contains("model")
                        && (m.contains("not found") || m.contains("does not exist") || m.contains("unknown"))) {
            return "Check the model name and the URL against what the server serves.";
        }
        return "No other pressure can pass: fix the request and run again.";
    }
}
