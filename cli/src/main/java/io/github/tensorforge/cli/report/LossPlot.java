package io.github.tensorforge.cli.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training and eval loss curves against the optimizer step, as a PNG drawn by XChart (headless): the training
 * loss (averaged per logging interval) in blue, the eval loss as orange points joined by lines, and the best eval
 * step as a dashed vertical line. Non-finite losses are left out.
 */
public final class LossPlot {
    /**
     * A point of a curve.
     *
     * @param step  the optimizer step
     * @param value the loss there
     */
    public record Point(long step, double value) {}

    static final int WIDTH = 900, HEIGHT = 540;
    private static final Color TRAIN = new Color(31, 119, 180), EVAL = new Color(255, 127, 14);

    private LossPlot() {}

    /**
     * Writes the chart to {@code file} (replacing it).
     *
     * @param file     the PNG to write
     * @param title    the chart's title
     * @param train    training loss points (at least one finite)
     * @param eval     eval loss points (may be empty)
     * @param bestStep the step of the best evaluation, marked when positive
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, String title, List<Point> train, List<Point> eval, long bestStep) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
        add(chart, "train loss", train, TRAIN, false);
        add(chart, "eval loss", eval, EVAL, true);
        if (bestStep > 0 && !eval.isEmpty()) {
            XYSeries best = chart.addSeries("best eval (step " + bestStep + ")", new double[] {bestStep, bestStep},
                    yRange(train, eval));
            best.setLineColor(Color.GRAY);
            best.setLineStyle(SeriesLines.DASH_DASH);
            best.setMarker(SeriesMarkers.NONE);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void add(XYChart chart, String name, List<Point> points, Color color, boolean markers) {
        double[] x = points.stream().filter(p -> Double.isFinite(p.value())).mapToDouble(Point::step).toArray();
        double[] y = points.stream().filter(p -> Double.isFinite(p.value())).mapToDouble(Point::value).toArray();
        if (x.length == 0) return;
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /** The lowest and highest finite loss of both curves (a flat line when there is one value). */
    private static double[] yRange(List<Point> train, List<Point> eval) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (List<Point> c : List.of(train, eval)) {
            for (Point p : c) {
                if (!Double.isFinite(p.value())) continue;
                lo = Math.min(lo, p.value());
                hi = Math.max(hi, p.value());
            }
        }
        return Double.isFinite(lo) ? new double[] {lo, hi} : new double[] {0, 1};
    }
}
