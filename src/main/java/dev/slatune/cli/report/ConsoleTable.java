package dev.slatune.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a table of text cells for a terminal, in the two looks the seed document shows: a
 * box-drawn table with a centred title (as EvalScope's "Detailed Performance Metrics") and a grid
 * table (as its "SLA Auto-tune Summary"). Cells are right-aligned when {@code rightAligned}, and a
 * header may span several lines ("Avg\nLat.(s)").
 */
public final class ConsoleTable {

    private final String title;
    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with the given column headers; {@code right[i]} right-aligns column i. */
    public ConsoleTable(String title, List<String> headers, boolean... right) {
        this.title = title;
        this.headers = List.copyOf(headers);
        this.right = right.length == headers.size() ? right.clone() : new boolean[headers.size()];
    }

    /** Appends a row; it must have one cell per column. */
    public ConsoleTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    private int[] widths() {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            for (String line : headers.get(i).split("\n")) {
                w[i] = Math.max(w[i], line.length());
            }
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        return w;
    }

    private int headerLines() {
        return headers.stream().mapToInt(h -> h.split("\n").length).max().orElse(1);
    }

    /** The header's line {@code line} of column {@code col}, bottom-aligned like rich does. */
    private String headerLine(int col, int line, int lines) {
        String[] parts = headers.get(col).split("\n");
        int idx = line - (lines - parts.length);
        return idx >= 0 ? parts[idx] : "";
    }

    /** The grid look (tabulate's "grid" format): header separated by '=' rules. */
    public String renderGrid() {
        int[] w = widths();
        StringBuilder sb = new StringBuilder();
        if (title != null) {
            sb.append(title).append(":\n");
        }
        String line = rule('+', '-', '+', '+', w);
        sb.append(line);
        int lines = headerLines();
        for (int l = 0; l < lines; l++) {
            sb.append('|');
            for (int i = 0; i < w.length; i++) {
                sb.append(' ').append(pad(headerLine(i, l, lines), w[i], false)).append(" |");
            }
            sb.append('\n');
        }
        sb.append(rule('+', '=', '+', '+', w));
        for (List<String> r : rows) {
            sb.append('|');
            for (int i = 0; i < w.length; i++) {
                sb.append(' ').append(pad(r.get(i), w[i], right[i])).append(" |");
            }
            sb.append('\n').append(line);
        }
        return sb.toString();
    }

    private static String rule(char left, char fill, char mid, char end, int[] w) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < w.length; i++) {
            sb.append(String.valueOf(fill).repeat(w[i] + 2)).append(i == w.length - 1 ? end : mid);
        }
        return sb.append('\n').toString();
    }

    private static String pad(String s, int width, boolean rightAlign) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return rightAlign ? fill + s : s + fill;
    }
}
