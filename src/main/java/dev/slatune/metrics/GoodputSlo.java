package dev.slatune.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One set of per-request SLOs a goodput rule counts against, as {@code slatune load --goodput} takes it:
 * {@code ttft<=0.2,tpot<=0.05} (seconds, or with {@code ms}/{@code s}). A request meets the set when it
 * succeeded and every bound holds for it: {@code latency} and {@code ttft} from its scheduled send,
 * {@code tpot} as (latency - TTFT) / (output tokens - 1), {@code itl} its largest gap between two tokens.
 * A request without a first-token time (not streamed) takes its latency as TTFT; one with a single
 * output token, or no gaps, has no TPOT or ITL to break.
 *
 * @param key the text as given, which names the set in {@link GoodputCount#slos()}
 * @param limitNanos the bound per dimension ({@link #DIMENSIONS} order), {@link Long#MAX_VALUE} when unbounded
 * @param strict per dimension, whether the bound is {@code <} rather than {@code <=}
 */
public record GoodputSlo(String key, long[] limitNanos, boolean[] strict) {

    /** The per-request quantities a set may bound, in the order of {@link #limitNanos()}. */
    public static final List<String> DIMENSIONS = List.of("latency", "ttft", "tpot", "itl");

    static final int LATENCY = 0;
    static final int TTFT = 1;
    static final int TPOT = 2;
    static final int ITL = 3;

    private static final Pattern BOUND = Pattern.compile(
            "\\s*([a-z_]+)\\s*(<=|<)\\s*((?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(ms|s)?\\s*");

    /** Parses the {@code --goodput} form; the message of a bad one says what is wrong and shows a good one. */
    public static GoodputSlo parse(String text) {
        String t = text == null ? "" : text.strip();
        String example = "; e.g. 'ttft<=0.2,tpot<=0.05' (seconds) or 'ttft<=200ms,latency<=5s'";
        if (t.isEmpty()) {
            throw new IllegalArgumentException("an SLO set is empty" + example);
        }
        long[] limits = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        boolean[] strict = new boolean[4];
        List<String> seen = new ArrayList<>();
        for (String part : t.split(",")) {
            Matcher m = BOUND.matcher(part.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "'" + part.strip() + "' is not a bound such as ttft<=0.2 (an upper bound on one of "
                                + String.join(", ", DIMENSIONS) + ")" + example);
            }
            int i = DIMENSIONS.indexOf(m.group(1));
            if (i < 0) {
                throw new IllegalArgumentException("'" + m.group(1) + "' is not a per-request quantity; valid: "
                        + String.join(", ", DIMENSIONS) + example);
            }
            if (seen.contains(m.group(1))) {
                throw new IllegalArgumentException("'" + m.group(1) + "' is bounded twice in '" + t + "'" + example);
            }
            seen.add(m.group(1));
            double seconds = Double.parseDouble(m.group(3)) * ("ms".equals(m.group(4)) ? 1e-3 : 1);
            limits[i] = Math.round(seconds * 1e9);
            strict[i] = "<".equals(m.group(2));
        }
        return new GoodputSlo(t, limits, strict);
    }

    /** Whether {@code o} met every bound; a failed request never does. */
    public boolean met(RequestOutcome o) {
        if (!o.succeeded()) {
            return false;
        }
        long latency = o.endNanos() - o.scheduledNanos();
        if (!within(LATENCY, latency)) {
            return false;
        }
        long first = o.firstTokenNanos() >= 0 ? o.firstTokenNanos() : o.endNanos();
        if (!within(TTFT, first - o.scheduledNanos())) {
            return false;
        }
        if (limitNanos[TPOT] != Long.MAX_VALUE
                && o.outputTokens() > 1
                && o.firstTokenNanos() >= 0
                && !within(TPOT, (o.endNanos() - o.firstTokenNanos()) / (o.outputTokens() - 1))) {
            return false;
        }
        if (limitNanos[ITL] != Long.MAX_VALUE) {
            for (long gap : o.itlNanos()) {
                if (!within(ITL, gap)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean within(int i, long nanos) {
        long limit = limitNanos[i];
        return limit == Long.MAX_VALUE || (strict[i] ? nanos < limit : nanos <= limit);
    }
}
