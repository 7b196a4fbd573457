package io.github.tensorforge.bench.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A PNG chart drawn with java.awt (headless): lines over a numeric x axis (log2-scaled when the values span a factor of
 * 8 or more, as sizes do), or grouped bars over categories. One colour per series, consistent across charts when the
 * caller passes the same colour map.
 */
public final class Chart {
    public enum Kind { LINES, BARS }

    static final int WIDTH = 960, HEIGHT = 540;
    private static final int LEFT = 90, RIGHT = 190, TOP = 56, BOTTOM = 80;

    private final String title, xLabel, yLabel;
    private final Kind kind;
    /** series -> (x key -> y); x key is the category, or the numeric x as text for LINES. */
    private final Map<String, Map<String, Double>> data = new LinkedHashMap<>();
    private final List<String> categories = new ArrayList<>();
    private final Map<String, Color> colors;

    public Chart(String title, String xLabel, String yLabel, Kind kind, Map<String, Color> colors) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.kind = kind;
        this.colors = colors;
    }

    /** Adds (or replaces) the value of {@code series} at {@code x}: a category, or a number for LINES. */
    public Chart put(String series, String x, double y) {
        if (kind == Kind.LINES) Double.parseDouble(x); // fail now, with the value, rather than while drawing
        if (!categories.contains(x)) categories.add(x);
        data.computeIfAbsent(series, s -> new LinkedHashMap<>()).put(x, y);
        return this;
    }

    public Kind kind() { return kind; }

    public int seriesCount() { return data.size(); }

    public BufferedImage render() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawFrame(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    public void writePng(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(render(), "png", file.toFile())) throw new IOException("no PNG writer for " + file);
    }

    private void drawFrame(Graphics2D g) {
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        double maxY = 0;
        for (Map<String, Double> s : data.values()) for (double v : s.values()) if (Double.isFinite(v)) maxY = Math.max(maxY, v);
        double step = niceStep(maxY <= 0 ? 1 : maxY * 1.08 / 5);
        double top = Math.max(step, Math.ceil(maxY * 1.08 / step) * step);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        centered(g, title, LEFT + plotW / 2, 30);

        // y grid and labels
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double v = 0; v <= top + step / 2; v += step) {
            int y = TOP + plotH - (int) Math.round(v / top * plotH);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(v);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        centered(g, yLabel, -(TOP + plotH / 2), 24);
        g.setTransform(saved);
        centered(g, xLabel, LEFT + plotW / 2, HEIGHT - 18);

        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);

        if (kind == Kind.LINES) drawLines(g, plotW, plotH, top);
        else drawBars(g, plotW, plotH, top);
        drawLegend(g);
    }

    private void drawLines(Graphics2D g, int plotW, int plotH, double top) {
        TreeSet<Double> xs = new TreeSet<>();
        for (String c : categories) xs.add(Double.parseDouble(c));
        double lo = xs.first(), hi = xs.last();
        boolean log = lo > 0 && hi / lo >= 8;
        double a = log ? log2(lo) : lo, b = log ? log2(hi) : hi;
        int pad = 24;
        java.util.function.DoubleToIntFunction px = x -> {
            double t = b == a ? 0.5 : ((log ? log2(x) : x) - a) / (b - a);
            return LEFT + pad + (int) Math.round(t * (plotW - 2 * pad));
        };
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double x : xs) {
            int X = px.applyAsInt(x);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(X, TOP + plotH, X, TOP + plotH + 5);
            centered(g, format(x), X, TOP + plotH + 20);
        }
        for (Map.Entry<String, Map<String, Double>> s : data.entrySet()) {
            g.setColor(colors.getOrDefault(s.getKey(), Color.GRAY));
            g.setStroke(new BasicStroke(2.5f));
            List<double[]> pts = new ArrayList<>();
            for (Map.Entry<String, Double> p : s.getValue().entrySet()) {
                if (Double.isFinite(p.getValue())) pts.add(new double[] {Double.parseDouble(p.getKey()), p.getValue()});
            }
            pts.sort((p, q) -> Double.compare(p[0], q[0]));
            int prevX = -1, prevY = -1;
            for (double[] p : pts) {
                int X = px.applyAsInt(p[0]), Y = TOP + plotH - (int) Math.round(p[1] / top * plotH);
                if (prevX >= 0) g.drawLine(prevX, prevY, X, Y);
                g.fillOval(X - 4, Y - 4, 8, 8);
                prevX = X;
                prevY = Y;
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private void drawBars(Graphics2D g, int plotW, int plotH, double top) {
        int groups = categories.size(), n = Math.max(1, data.size());
        double groupW = plotW / (double) Math.max(1, groups);
        double barW = groupW * 0.8 / n;
        int fontSize = groupW < 70 ? 10 : 12;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        for (int c = 0; c < groups; c++) {
            String cat = categories.get(c);
            double x0 = LEFT + c * groupW + groupW * 0.1;
            int si = 0;
            for (Map.Entry<String, Map<String, Double>> s : data.entrySet()) {
                Double v = s.getValue().get(cat);
                if (v != null && Double.isFinite(v)) {
                    int h = (int) Math.round(v / top * plotH);
                    g.setColor(colors.getOrDefault(s.getKey(), Color.GRAY));
                    g.fillRect((int) Math.round(x0 + si * barW), TOP + plotH - h, Math.max(1, (int) Math.floor(barW) - 1), h);
                }
                si++;
            }
            g.setColor(Color.DARK_GRAY);
            centered(g, cat, (int) Math.round(LEFT + (c + 0.5) * groupW), TOP + plotH + 18 + (groups > 8 && c % 2 == 1 ? 14 : 0));
        }
    }

    private void drawLegend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = WIDTH - RIGHT + 20, y = TOP + 10;
        for (String s : data.keySet()) {
            g.setColor(colors.getOrDefault(s, Color.GRAY));
            g.fillRect(x, y - 10, 18, 12);
            g.setColor(Color.BLACK);
            g.drawString(s, x + 26, y);
            y += 22;
        }
    }

    private static void centered(Graphics2D g, String s, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, x - fm.stringWidth(s) / 2, y);
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
        if (Math.abs(v) >= 100) return String.format(java.util.Locale.ROOT, "%.0f", v);
        if (Math.abs(v) >= 1) return String.format(java.util.Locale.ROOT, "%.1f", v);
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }
}
