package io.github.tensorforge.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark chart drawn by XChart (headless) as a PNG: lines over numeric x values (in order and equally spaced, so
 * sizes that double sit on a log2 axis, each labelled), or grouped bars over categories. One colour per series, consistent across
 * charts when the caller passes the same colour map; the legend sits outside the plot, on the right.
 */
public final class Chart {
    /** How the values are drawn. */
    public enum Kind {
        /** Lines over a numeric x axis. */
        LINES,
        /** Grouped bars over categories. */
        BARS
    }

    static final int WIDTH = 960, HEIGHT = 540;

    private final String title, xLabel, yLabel;
    private final Kind kind;
    /** series -> (x key -> y); x key is the category, or the numeric x as text for LINES. */
    private final Map<String, Map<String, Double>> data = new LinkedHashMap<>();
    private final List<String> categories = new ArrayList<>();
    private final Map<String, Color> colors;

    /**
     * An empty chart.
     *
     * @param title  the title
     * @param xLabel the x axis title
     * @param yLabel the y axis title (the rate's unit)
     * @param kind   lines or bars
     * @param colors colours by series name (others are grey)
     */
    public Chart(String title, String xLabel, String yLabel, Kind kind, Map<String, Color> colors) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.kind = kind;
        this.colors = colors;
    }

    /**
     * Adds (or replaces) the value of {@code series} at {@code x}.
     *
     * @param series the series (the legend entry)
     * @param x      a category, or a number for {@link Kind#LINES}
     * @param y      the value
     * @return this
     * @throws NumberFormatException when the chart draws lines and {@code x} is not a number
     */
    public Chart put(String series, String x, double y) {
        if (kind == Kind.LINES) Double.parseDouble(x); // fail now, with the value, rather than while drawing
        if (!categories.contains(x)) categories.add(x);
        data.computeIfAbsent(series, s -> new LinkedHashMap<>()).put(x, y);
        return this;
    }

    /**
     * How the values are drawn.
     *
     * @return lines or bars
     */
    public Kind kind() { return kind; }

    /**
     * The number of series.
     *
     * @return the series put so far
     */
    public int seriesCount() { return data.size(); }

    /**
     * Draws the chart.
     *
     * @return a {@code WIDTH} x {@code HEIGHT} image
     */
    public BufferedImage render() {
        System.setProperty("java.awt.headless", "true");
        return BitmapEncoder.getBufferedImage(kind == Kind.LINES ? lines() : bars());
    }

    /**
     * Writes the chart as a PNG, creating the parent directory.
     *
     * @param file the file to write (replaced)
     * @throws IOException when it cannot be written
     */
    public void writePng(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(kind == Kind.LINES ? lines() : bars(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Lines over the x values in numeric order, equally spaced (sizes that double are so on a log2 axis). */
    private CategoryChart lines() {
        List<String> xs = new ArrayList<>(categories);
        xs.sort((p, q) -> Double.compare(Double.parseDouble(p), Double.parseDouble(q)));
        CategoryChart c = chart(xs);
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        c.getStyler().setOverlapped(true); // every series' point at its x, not side by side as bars
        data.forEach((name, points) -> {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String v : xs) {
                Double p = points.get(v);
                if (p != null && Double.isFinite(p)) {
                    x.add(v);
                    y.add(p);
                }
            }
            if (x.isEmpty()) return;
            CategorySeries s = c.addSeries(name, x, y);
            s.setLineColor(color(name));
            s.setMarkerColor(color(name));
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return c;
    }

    private CategoryChart bars() {
        CategoryChart c = chart(categories);
        data.forEach((name, points) -> {
            List<Double> ys = new ArrayList<>(categories.size());
            for (String x : categories) {
                Double y = points.get(x);
                ys.add(y == null || !Double.isFinite(y) ? 0.0 : y); // a missing bar is drawn as none
            }
            CategorySeries s = c.addSeries(name, categories, ys);
            s.setFillColor(color(name));
        });
        return c;
    }

    private Color color(String series) { return colors.getOrDefault(series, Color.GRAY); }

    private CategoryChart chart(List<String> xs) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        CategoryStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setAntiAlias(true);
        s.setYAxisMin(0.0);
        s.setXAxisLabelRotation(xs.size() > 6 ? 30 : 0);
        return c;
    }
}
