package dev.slatune.load;

/**
 * The parameters of a {@code Keep-Alive} response header ({@code timeout=5, max=100}), as servers send
 * them: {@code timeout} is how many seconds the server keeps an idle connection open, {@code max} how
 * many more requests it will take on it. Missing or unreadable parameters are -1.
 *
 * @param timeoutSeconds idle seconds the server allows, or -1
 * @param max requests the server still allows on the connection, or -1
 */
record KeepAlive(long timeoutSeconds, long max) {

    static final KeepAlive NONE = new KeepAlive(-1, -1);

    /** Parses a header value; null or empty gives {@link #NONE}. Parameter names are case-insensitive. */
    static KeepAlive parse(String header) {
        if (header == null || header.isEmpty()) {
            return NONE;
        }
        long timeout = -1;
        long max = -1;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            long value = number(part.substring(eq + 1).trim());
            if (name.equalsIgnoreCase("timeout")) {
                timeout = value;
            } else if (name.equalsIgnoreCase("max")) {
                max = value;
            }
        }
        return timeout < 0 && max < 0 ? NONE : new KeepAlive(timeout, max);
    }

    private static long number(String text) {
        String t = text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2
                ? text.substring(1, text.length() - 1)
                : text;
        try {
            long v = Long.parseLong(t);
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
