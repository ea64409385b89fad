package pics.aed.load.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * p99 response time against concurrent users, one line per request, as a self-contained SVG (plain text, no
 * library): users on a logarithmic axis (100, 300, 1,000 are evenly spread as the ramp's levels are), milliseconds on
 * a linear one.
 */
final class P99Chart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 70;
    private static final int RIGHT = 300;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354"
    };

    private P99Chart() {}

    static String svg(List<LoadFigures.Row> rows, String caption) {
        Map<String, List<LoadFigures.Row>> byRequest = new LinkedHashMap<>();
        rows.stream()
                .sorted((a, b) -> a.request().compareTo(b.request()))
                .forEach(row -> byRequest
                        .computeIfAbsent(row.request(), ignored -> new ArrayList<>())
                        .add(row));
        TreeSet<Integer> levels = new TreeSet<>();
        rows.forEach(row -> levels.add(row.users()));
        long maxP99 = rows.stream().mapToLong(LoadFigures.Row::p99).max().orElse(1);
        long yMax = niceCeiling(Math.max(1, maxP99));

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(
                text(LEFT, 24, "p99 response time against concurrent users (aedpics load suite)", "font-size=\"16\""));
        svg.append(text(LEFT, 40, escape(caption), "fill=\"#555\""));
        axes(svg, levels, yMax);
        int colour = 0;
        int legendY = TOP + 10;
        for (Map.Entry<String, List<LoadFigures.Row>> request : byRequest.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (LoadFigures.Row row : request.getValue()) {
                double x = x(row.users(), levels);
                double y = y(row.p99(), yMax);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s at %d users: p99 %d ms</title>"
                                + "</circle>%n",
                        x,
                        y,
                        stroke,
                        escape(request.getKey()),
                        row.users(),
                        row.p99()));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(),
                    stroke));
            int legendX = WIDTH - RIGHT + 20;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    legendX,
                    legendY - 4,
                    legendX + 18,
                    legendY - 4,
                    stroke));
            svg.append(text(legendX + 24, legendY, escape(request.getKey()), ""));
            legendY += 18;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, TreeSet<Integer> levels, long yMax) {
        int plotBottom = HEIGHT - BOTTOM;
        int plotRight = WIDTH - RIGHT;
        svg.append(line(LEFT, TOP, LEFT, plotBottom, "#333"));
        svg.append(line(LEFT, plotBottom, plotRight, plotBottom, "#333"));
        for (int i = 0; i <= 5; i++) {
            long value = yMax * i / 5;
            double y = y(value, yMax);
            svg.append(line(LEFT, (int) y, plotRight, (int) y, "#e5e5e5"));
            svg.append(text(LEFT - 8, (int) y + 4, String.valueOf(value), "text-anchor=\"end\""));
        }
        for (int users : levels) {
            double x = x(users, levels);
            svg.append(line((int) x, plotBottom, (int) x, plotBottom + 5, "#333"));
            svg.append(
                    text((int) x, plotBottom + 20, String.format(Locale.ROOT, "%,d", users), "text-anchor=\"middle\""));
        }
        svg.append(text((LEFT + plotRight) / 2, HEIGHT - 18, "concurrent virtual users", "text-anchor=\"middle\""));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">p99 (ms)</text>%n",
                (TOP + plotBottom) / 2,
                (TOP + plotBottom) / 2));
    }

    /** Users on a log scale between the lowest and the highest level (one level alone sits in the middle). */
    private static double x(int users, TreeSet<Integer> levels) {
        double left = LEFT + 40;
        double right = WIDTH - RIGHT - 40;
        if (levels.first().equals(levels.last())) {
            return (left + right) / 2;
        }
        double lo = Math.log(levels.first());
        double hi = Math.log(levels.last());
        return left + (Math.log(users) - lo) / (hi - lo) * (right - left);
    }

    private static double y(long millis, long yMax) {
        double top = TOP;
        double bottom = HEIGHT - BOTTOM;
        return bottom - (double) millis / yMax * (bottom - top);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static long niceCeiling(long value) {
        long power = 1;
        while (power * 10 <= value) {
            power *= 10;
        }
        for (long step : new long[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String line(int x1, int y1, int x2, int y2, String stroke) {
        return String.format(
                Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>%n", x1, y1, x2, y2, stroke);
    }

    private static String text(int x, int y, String content, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", x, y, attributes, content);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
