package io.github.tensorforge.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.metrics.RegressionMetrics;

import java.util.List;
import java.util.Locale;

/** Renders nn's metrics as the command's text tables and as JSON ({@code metrics.json}). */
public final class MetricsReport {
    private MetricsReport() {}

    /** Per-class precision / recall / F1 / support, macro averages, accuracy, and the confusion matrix. */
    public static String classification(String title, ConfusionMatrix cm, List<String> classes) {
        int k = cm.numClasses();
        int nameWidth = 9;
        for (String c : classes) nameWidth = Math.max(nameWidth, Math.min(24, c.length()));
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(" (").append(cm.total()).append(" samples)\n");
        String rowFmt = "  %-" + nameWidth + "s %9s %9s %9s %9s%n";
        sb.append(String.format(Locale.ROOT, rowFmt, "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < k; c++) {
            sb.append(String.format(Locale.ROOT, rowFmt, cut(classes.get(c), nameWidth), f4(cm.precision(c)),
                    f4(cm.recall(c)), f4(cm.f1(c)), Long.toString(support(cm, c))));
        }
        sb.append(String.format(Locale.ROOT, rowFmt, "macro avg", f4(cm.macroPrecision()), f4(cm.macroRecall()),
                f4(cm.macroF1()), Long.toString(cm.total())));
        sb.append(String.format(Locale.ROOT, "  accuracy %.4f   macro-F1 %.4f%n", cm.accuracy(), cm.macroF1()));
        sb.append("confusion matrix (rows: true class, columns: predicted class)\n");
        int cell = 6;
        for (int c = 0; c < k; c++) cell = Math.max(cell, Long.toString(support(cm, c)).length() + 1);
        int longest = 0;
        for (String c : classes) longest = Math.max(longest, c.length());
        int colName = Math.max(cell, Math.min(12, longest));
        sb.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s", ""));
        for (int c = 0; c < k; c++) sb.append(String.format(Locale.ROOT, " %" + colName + "s", cut(classes.get(c), colName)));
        sb.append('\n');
        for (int t = 0; t < k; t++) {
            sb.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s", cut(classes.get(t), nameWidth)));
            for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, " %" + colName + "d", cm.count(t, p)));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static ObjectNode classificationJson(ConfusionMatrix cm, List<String> classes) {
        ObjectNode o = Json.object().put("task", "classification").put("samples", cm.total())
                .put("accuracy", cm.accuracy()).put("macro_precision", cm.macroPrecision())
                .put("macro_recall", cm.macroRecall()).put("macro_f1", cm.macroF1());
        ObjectNode per = o.putObject("per_class");
        for (int c = 0; c < cm.numClasses(); c++) {
            per.putObject(classes.get(c)).put("precision", cm.precision(c)).put("recall", cm.recall(c))
                    .put("f1", cm.f1(c)).put("support", support(cm, c));
        }
        ArrayNode m = o.putArray("confusion_matrix");
        for (int t = 0; t < cm.numClasses(); t++) {
            ArrayNode row = m.addArray();
            for (int p = 0; p < cm.numClasses(); p++) row.add(cm.count(t, p));
        }
        ArrayNode names = o.putArray("classes");
        classes.forEach(names::add);
        return o;
    }

    public static String regression(String title, RegressionMetrics m, int n) {
        return String.format(Locale.ROOT, "%s (%d samples)%n  MSE %.6g   MAE %.6g   R^2 %.4f%n", title, n, m.mse(), m.mae(),
                m.r2());
    }

    public static ObjectNode regressionJson(RegressionMetrics m, int n) {
        return Json.object().put("task", "regression").put("samples", n).put("mse", m.mse()).put("mae", m.mae())
                .put("r2", m.r2());
    }

    private static long support(ConfusionMatrix cm, int c) {
        long s = 0;
        for (int p = 0; p < cm.numClasses(); p++) s += cm.count(c, p);
        return s;
    }

    private static String f4(double v) { return String.format(Locale.ROOT, "%.4f", v); }

    private static String cut(String s, int w) { return s.length() <= w ? s : s.substring(0, w - 1) + "~"; }
}
