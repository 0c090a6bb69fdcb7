package dev.slatune.cli.evalscope;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EvalScope's percentile table, computed as its {@code calculate_percentiles} does: the values of a column
 * sorted, the p-th percentile the element at index {@code int(n * p / 100)} (no interpolation), rounded to 4
 * decimals (Python's {@code round}: half to even on the exact binary value); an empty column gives NaN.
 * Columns and their key names are those of the {@code benchmark_percentile.json} EvalScope writes.
 */
public final class Percentiles {

    /** The percentiles EvalScope reports. */
    public static final List<Integer> LEVELS = List.of(10, 25, 50, 66, 75, 80, 90, 95, 98, 99);

    /** Key name of the percentile label column. */
    public static final String LABEL = "Percentiles";

    /** EvalScope's column names, in its order, with the sheet column each is read from. */
    static final Map<String, String> COLUMNS = columns();

    private static Map<String, String> columns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TTFT (s)", "ttft");
        m.put("ITL (s)", "itl");
        m.put("TPOT (s)", "tpot");
        m.put("Latency (s)", "latency");
        m.put("Input tokens", "input");
        m.put("Output tokens", "output");
        m.put("Output (tok/s)", "output_tps");
        m.put("Total (tok/s)", "total_tps");
        return m;
    }

    private Percentiles() {}

    /** The p-th percentile of {@code values} by EvalScope's rule, rounded; NaN when there are none. */
    public static double at(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int idx = (int) (sorted.length * p / 100.0);
        if (idx >= sorted.length) {
            return Double.NaN;
        }
        return round4(sorted[idx]);
    }

    /** Python's {@code round(v, 4)}. */
    public static double round4(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The table by column: {@code Percentiles} labels, then each column's values (token counts as integers). */
    static Map<String, List<Object>> byColumn(RunSheet sheet) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        out.put(
                LABEL,
                new ArrayList<>(LEVELS.stream().map(p -> (Object) (p + "%")).toList()));
        COLUMNS.forEach((key, col) -> {
            double[] v = sheet.column(col);
            List<Object> cells = new ArrayList<>();
            for (int p : LEVELS) {
                double x = at(v, p);
                cells.add(isCount(key) && Double.isFinite(x) ? (Object) (long) x : (Object) x);
            }
            out.put(key, cells);
        });
        return out;
    }

    /** The rows of {@code benchmark_percentile.json}: one object per percentile. */
    static List<Map<String, Object>> rows(Map<String, List<Object>> byColumn) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < LEVELS.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (Map.Entry<String, List<Object>> e : byColumn.entrySet()) {
                r.put(e.getKey(), e.getValue().get(i));
            }
            rows.add(r);
        }
        return rows;
    }

    static boolean isCount(String key) {
        return key.endsWith("tokens");
    }

    /**
     * The table as EvalScope prints it ({@code tabulate(..., tablefmt='pretty')}: values as Python's
     * {@code str}, centred, the odd space on the right).
     */
    static String table(Map<String, List<Object>> byColumn) {
        List<String> keys = new ArrayList<>(byColumn.keySet());
        int[] w = new int[keys.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < keys.size(); c++) {
            List<String> col =
                    byColumn.get(keys.get(c)).stream().map(Percentiles::py).toList();
            cells.add(col);
            w[c] = keys.get(c).length();
            for (String s : col) {
                w[c] = Math.max(w[c], s.length());
            }
        }
        StringBuilder sep = new StringBuilder("+");
        for (int x : w) {
            sep.append("-".repeat(x + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder().append(sep).append('\n');
        line(sb, keys, w);
        sb.append(sep).append('\n');
        for (int r = 0; r < LEVELS.size(); r++) {
            List<String> row = new ArrayList<>();
            for (List<String> col : cells) {
                row.add(col.get(r));
            }
            line(sb, row, w);
        }
        return sb.append(sep).append('\n').toString();
    }

    private static void line(StringBuilder sb, List<String> values, int[] w) {
        sb.append('|');
        for (int c = 0; c < values.size(); c++) {
            String v = values.get(c);
            int left = (w[c] - v.length()) / 2;
            sb.append(' ')
                    .append(" ".repeat(left))
                    .append(v)
                    .append(" ".repeat(w[c] - v.length() - left))
                    .append(" |");
        }
        sb.append('\n');
    }

    /** A value as Python's {@code str} shows it: 0.0532, 0.0, 100, nan, 1e-05. */
    static String py(Object o) {
        if (o instanceof Double d) {
            if (d.isNaN()) {
                return "nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? "inf" : "-inf";
            }
            double a = Math.abs(d);
            if (a != 0 && (a < 1e-4 || a >= 1e16)) {
                String s = Double.toString(d).replace("E", "e");
                // Java 1.0e-5 -> Python 1e-05
                String[] parts = s.split("e");
                String mant = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
                int exp = Integer.parseInt(parts[1]);
                return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
            }
            String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        return String.valueOf(o);
    }
}
