package io.github.tensorforge.cli.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the training and eval loss curves against the optimizer step as a PNG with java.awt in headless mode: axes
 * with ticks, the training loss (averaged per logging interval) in blue and the eval loss as orange points joined by
 * lines, a legend, and the best eval step marked.
 */
public final class LossPlot {
    /** A point of a curve. */
    public record Point(long step, double value) {}

    private LossPlot() {}

    public static void write(Path file, String title, List<Point> train, List<Point> eval, long bestStep) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 900, h = 540, left = 80, right = 30, top = 50, bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            long maxStep = 1;
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (List<Point> c : List.of(train, eval)) {
                for (Point p : c) {
                    if (!Double.isFinite(p.value())) continue;
                    maxStep = Math.max(maxStep, p.step());
                    lo = Math.min(lo, p.value());
                    hi = Math.max(hi, p.value());
                }
            }
            if (!Double.isFinite(lo)) {
                lo = 0;
                hi = 1;
            }
            if (hi - lo < 1e-9) {
                hi = lo + 1;
            }
            double pad = (hi - lo) * 0.05;
            lo = Math.max(0, lo - pad);
            hi += pad;
            int pw = w - left - right, ph = h - top - bottom;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            // grid and ticks
            for (int i = 0; i <= 5; i++) {
                double v = lo + (hi - lo) * i / 5;
                int y = top + ph - (int) Math.round(ph * (v - lo) / (hi - lo));
                g.setColor(new Color(230, 230, 230));
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.DARK_GRAY);
                String s = String.format(Locale.ROOT, "%.3f", v);
                g.drawString(s, left - 8 - fm.stringWidth(s), y + fm.getAscent() / 2);
            }
            for (int i = 0; i <= 5; i++) {
                long s = Math.round((double) maxStep * i / 5);
                int x = left + (int) Math.round(pw * (double) s / maxStep);
                g.setColor(new Color(230, 230, 230));
                g.drawLine(x, top, x, top + ph);
                g.setColor(Color.DARK_GRAY);
                String t = Long.toString(s);
                g.drawString(t, x - fm.stringWidth(t) / 2, top + ph + 18);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, pw, ph);
            g.drawString("optimizer step", left + pw / 2 - fm.stringWidth("optimizer step") / 2, h - 18);
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            r.drawString("loss", -(top + ph / 2) - fm.stringWidth("loss") / 2, 20);
            r.dispose();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, left, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            Color blue = new Color(31, 119, 180), orange = new Color(255, 127, 14);
            curve(g, train, blue, false, left, top, pw, ph, maxStep, lo, hi);
            curve(g, eval, orange, true, left, top, pw, ph, maxStep, lo, hi);
            if (bestStep >= 0 && !eval.isEmpty()) {
                int x = left + (int) Math.round(pw * (double) bestStep / maxStep);
                g.setColor(new Color(44, 160, 44));
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 5f}, 0f));
                g.drawLine(x, top, x, top + ph);
                g.setStroke(new BasicStroke(1f));
            }
            // legend
            int lx = left + pw - 190, ly = top + 12;
            g.setColor(new Color(255, 255, 255, 230));
            g.fillRect(lx - 8, ly - 4, 190, bestStep >= 0 && !eval.isEmpty() ? 62 : 44);
            g.setColor(Color.GRAY);
            g.drawRect(lx - 8, ly - 4, 190, bestStep >= 0 && !eval.isEmpty() ? 62 : 44);
            legend(g, blue, "training loss", lx, ly + 8);
            legend(g, orange, "eval loss", lx, ly + 26);
            if (bestStep >= 0 && !eval.isEmpty()) legend(g, new Color(44, 160, 44), "best eval (step " + bestStep + ")", lx, ly + 44);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available");
    }

    private static void legend(Graphics2D g, Color c, String label, int x, int y) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(x, y, x + 24, y);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.drawString(label, x + 32, y + 4);
    }

    private static void curve(Graphics2D g, List<Point> pts, Color c, boolean markers, int left, int top, int pw, int ph,
                              long maxStep, double lo, double hi) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int px = -1, py = -1;
        for (Point p : pts) {
            if (!Double.isFinite(p.value())) continue;
            int x = left + (int) Math.round(pw * (double) p.step() / maxStep);
            int y = top + ph - (int) Math.round(ph * (p.value() - lo) / (hi - lo));
            if (px >= 0) g.drawLine(px, py, x, y);
            if (markers) g.fillOval(x - 3, y - 3, 7, 7);
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
