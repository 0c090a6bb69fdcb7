package dev.slatune.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG line chart: measured points (green when they passed, red when they
 * failed, hollow orange when the verdict is uncertain) with their confidence intervals as error bars,
 * an optional horizontal threshold line, and an optional vertical marker at the found boundary. No
 * scripts, no fonts or styles fetched from anywhere.
 */
public final class SvgChart {

    private static final int W = 640;
    private static final int H = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private SvgChart() {}

    /**
     * One measured point with the confidence interval of its value.
     *
     * @param low the interval's lower end, NaN when there is none
     * @param high its upper end, NaN when there is none, +Infinity when too few samples bound it from above
     * @param sure whether the verdict is certain; an uncertain point is drawn hollow and orange
     */
    public record Point(double x, double y, boolean pass, double low, double high, boolean sure) {

        /** A point without an interval. */
        public Point(double x, double y, boolean pass) {
            this(x, y, pass, Double.NaN, Double.NaN, true);
        }
    }

    /**
     * Renders the chart.
     *
     * @param threshold y of the threshold line, or NaN for none
     * @param marker x of the boundary marker, or NaN for none
     * @param markerLabel text beside the marker
     */
    public static String render(
            String title,
            String xLabel,
            String yLabel,
            List<Point> points,
            double threshold,
            double marker,
            String markerLabel) {
        List<Point> pts = points.stream()
                .filter(p -> Double.isFinite(p.y()))
                .sorted(java.util.Comparator.comparingDouble(Point::x))
                .toList();
        double xMin = 0;
        double xMax = pts.stream().mapToDouble(Point::x).max().orElse(1);
        if (Double.isFinite(marker)) {
            xMax = Math.max(xMax, marker);
        }
        xMax = niceCeil(xMax <= xMin ? xMin + 1 : xMax * 1.05);
        double yMax = pts.stream().mapToDouble(Point::y).max().orElse(1);
        if (Double.isFinite(threshold)) {
            yMax = Math.max(yMax, threshold);
        }
        // Room for the error bars, but no more than twice the values: a bar beyond that is cut at the top.
        double barTop = pts.stream()
                .mapToDouble(Point::high)
                .filter(Double::isFinite)
                .max()
                .orElse(yMax);
        yMax = Math.max(yMax, Math.min(barTop, 2 * yMax));
        yMax = niceCeil(yMax <= 0 ? 1 : yMax * 1.1);
        double fx = (W - LEFT - RIGHT) / (xMax - xMin);
        double fy = (H - TOP - BOTTOM) / yMax;
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                        + "role=\"img\" aria-label=\"%s\">%n",
                W,
                H,
                W,
                H,
                esc(title)));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT,
                esc(title)));
        // axes and ticks
        int x0 = LEFT;
        int y0 = H - BOTTOM;
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                x0,
                y0,
                W - RIGHT,
                y0));
        s.append(String.format(
                Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x0, TOP, x0, y0));
        for (int i = 0; i <= 5; i++) {
            double yv = yMax * i / 5;
            double py = y0 - yv * fy;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>%n",
                    x0,
                    py,
                    W - RIGHT,
                    py,
                    x0 - 4,
                    py + 3,
                    tick(yv)));
            double xv = xMin + (xMax - xMin) * i / 5;
            double px = x0 + (xv - xMin) * fx;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n",
                    px,
                    y0 + 14,
                    tick(xv)));
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                (W + LEFT) / 2,
                H - 12,
                esc(xLabel)));
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                (H - BOTTOM + TOP) / 2,
                (H - BOTTOM + TOP) / 2,
                esc(yLabel)));
        if (Double.isFinite(threshold)) {
            double py = y0 - threshold * fy;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#d62728\">"
                            + "threshold %s</text>%n",
                    x0,
                    py,
                    W - RIGHT,
                    py,
                    x0 + 4,
                    py - 4,
                    tick(threshold)));
        }
        if (Double.isFinite(marker)) {
            double px = x0 + (marker - xMin) * fx;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#2ca02c\" stroke-width=\"2\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#2ca02c\" text-anchor=\"%s\">%s</text>%n",
                    px,
                    TOP,
                    px,
                    y0,
                    px > W / 2.0 ? px - 4 : px + 4,
                    TOP + 12,
                    px > W / 2.0 ? "end" : "start",
                    esc(markerLabel)));
        }
        if (!pts.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (Point p : pts) {
                path.append(path.length() == 0 ? "M" : " L")
                        .append(String.format(Locale.ROOT, "%.1f %.1f", x0 + (p.x() - xMin) * fx, y0 - p.y() * fy));
            }
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1f77b4\"/>\n");
            for (Point p : pts) {
                errorBar(s, p, x0 + (p.x() - xMin) * fx, y0, fy, yMax);
            }
            for (Point p : pts) {
                String colour = !p.sure() ? "#ff7f0e" : p.pass() ? "#2ca02c" : "#d62728";
                s.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\">"
                                + "<title>%s: %s%s</title></circle>%n",
                        x0 + (p.x() - xMin) * fx,
                        y0 - p.y() * fy,
                        p.sure() ? colour : "white",
                        colour,
                        tick(p.x()),
                        tick(p.y()),
                        Double.isNaN(p.low())
                                ? ""
                                : " [" + tick(p.low()) + ", " + (Double.isInfinite(p.high()) ? "inf" : tick(p.high()))
                                        + "]" + (p.sure() ? "" : " uncertain")));
            }
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * The confidence interval of one point as a vertical bar with caps; an interval without an upper bound
     * (or above the chart) runs dashed to the top, where it has no cap.
     */
    private static void errorBar(StringBuilder s, Point p, double px, int y0, double fy, double yMax) {
        if (Double.isNaN(p.low()) || Double.isNaN(p.high())) {
            return;
        }
        double lo = Math.max(0, p.low());
        boolean open = p.high() > yMax;
        double hi = Math.min(p.high(), yMax);
        double yLo = y0 - lo * fy;
        double yHi = y0 - hi * fy;
        s.append(String.format(
                Locale.ROOT,
                "<g class=\"ci\" stroke=\"#555\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"%s/>"
                        + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%s</g>%n",
                px,
                yLo,
                px,
                yHi,
                open ? " stroke-dasharray=\"3 3\"" : "",
                px - 4,
                yLo,
                px + 4,
                yLo,
                open
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                                px - 4,
                                yHi,
                                px + 4,
                                yHi)));
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v}: round axis ends, round ticks. */
    static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v * 0.999999) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
        }
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("\\.?0+$", "");
    }

    /** Escapes text for XML/HTML. */
    public static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
