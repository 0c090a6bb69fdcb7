package dev.slatune.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When every request failed alike for a reason the load does not change, and only then, the tuning stops. */
class UniformFailureTest {

    private record Case(String name, List<RequestOutcome> outcomes, boolean stops, String hint) {}

    private static RequestOutcome fail(ErrorKind k, String m) {
        return RequestOutcome.failed(0, 0, 1000, k, m);
    }

    private static final RequestOutcome OK = new RequestOutcome(0, 0, 1000, 2000, 1, 2, true, new long[] {1000}, null);

    @Test
    void decidesPerCase() {
        List<Case> cases = List.of(
                new Case(
                        "context too small, lengths vary",
                        List.of(
                                fail(
                                        ErrorKind.HTTP_4XX,
                                        "HTTP 400: request (1066 tokens) exceeds the available context size (1024 tokens)"),
                                fail(
                                        ErrorKind.HTTP_4XX,
                                        "HTTP 400: request (1071 tokens) exceeds the available context size (1024 tokens)")),
                        true,
                        "context"),
                new Case(
                        "unknown model",
                        List.of(fail(ErrorKind.HTTP_4XX, "HTTP 404: The model `x` does not exist.")),
                        true,
                        "model name"),
                new Case("bad key", List.of(fail(ErrorKind.HTTP_4XX, "HTTP 401: Unauthorized")), true, "API key"),
                new Case(
                        "error events in a 200 stream",
                        List.of(fail(
                                ErrorKind.STREAM_ERROR, "error event: the request exceeds the available context size")),
                        true,
                        "context"),
                new Case("one success", List.of(fail(ErrorKind.HTTP_4XX, "HTTP 400: bad"), OK), false, null),
                new Case(
                        "two different messages",
                        List.of(fail(ErrorKind.HTTP_4XX, "HTTP 400: bad"), fail(ErrorKind.HTTP_4XX, "HTTP 400: worse")),
                        false,
                        null),
                new Case(
                        "overload is not a request problem",
                        List.of(
                                fail(ErrorKind.HTTP_429, "HTTP 429: slow down"),
                                fail(ErrorKind.HTTP_429, "HTTP 429: slow down")),
                        false,
                        null),
                new Case("timeouts depend on the load", List.of(fail(ErrorKind.TIMEOUT, "timed out")), false, null),
                new Case(
                        "two kinds",
                        List.of(
                                fail(ErrorKind.HTTP_4XX, "HTTP 400: bad"),
                                fail(ErrorKind.STREAM_ERROR, "HTTP 400: bad")),
                        false,
                        null),
                new Case("no message to show", List.of(fail(ErrorKind.HTTP_4XX, null)), false, null),
                new Case("nothing measured", List.of(), false, null));
        for (Case c : cases) {
            ProbeRecorder rec = new ProbeRecorder(Clock.systemUTC());
            c.outcomes().forEach(rec::record);
            Optional<String> why = UniformFailure.of(rec.result("parallel", 2, Double.NaN, 2, null));
            assertThat(why.isPresent()).as(c.name()).isEqualTo(c.stops());
            if (c.stops()) {
                assertThat(why.get())
                        .as(c.name())
                        .startsWith("all " + c.outcomes().size() + " requests failed the same way")
                        .contains(c.hint());
            }
        }
    }
}
