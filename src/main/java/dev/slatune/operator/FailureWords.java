package dev.slatune.operator;

import dev.slatune.metrics.ErrorSample;
import dev.slatune.metrics.ProbeResult;
import java.util.List;
import java.util.stream.Collectors;

/** The status message of a measured run whose requests failed: how many, and what the server said. */
final class FailureWords {

    /** Messages named in one run's message. */
    static final int SAMPLES = 2;

    private FailureWords() {}

    /** "3 of 12 requests failed: http_4xx x3: HTTP 400: ..."; null when none failed. */
    static String ofRun(ProbeResult r) {
        if (r.requests().failed() == 0) {
            return null;
        }
        List<ErrorSample> samples = r.errorSamplesOrEmpty();
        String head = r.requests().failed() + " of " + r.requests().total() + " requests failed";
        if (samples.isEmpty()) {
            return head;
        }
        return head + ": "
                + samples.stream().limit(SAMPLES).map(ErrorSample::toString).collect(Collectors.joining("; "));
    }
}
