package dev.slatune.metrics;

/**
 * Replies shorter than the request fixed them to be. When {@code min_tokens}, or {@code ignore_eos} with
 * {@code max_tokens}, pins the output length, a shorter reply is a server that did not honour the
 * request (or stopped early), and the probe measured less work than it seems to. Only replies whose
 * token count the server reported are checked: a count estimated by the client cannot tell.
 *
 * @param promised the fewest output tokens every request was asked to produce; 0 when the length is not fixed
 * @param checked successful replies whose output count came from the server's usage
 * @param shortReplies checked replies with fewer than {@code promised} output tokens
 */
public record ReplyLengths(int promised, long checked, long shortReplies) {

    /** The output length was not fixed: nothing to check. */
    public static final ReplyLengths UNCHECKED = new ReplyLengths(0, 0, 0);

    /** Sums two counts; the promise is the smaller non-zero one. */
    public ReplyLengths plus(ReplyLengths o) {
        int p = promised == 0 ? o.promised : o.promised == 0 ? promised : Math.min(promised, o.promised);
        return new ReplyLengths(p, checked + o.checked, shortReplies + o.shortReplies);
    }

    /** Leaves an unchecked record out of the JSON (it is the default when read back). */
    static final class Unchecked {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof ReplyLengths r && r.promised == 0 && r.checked == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
