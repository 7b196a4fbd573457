package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.layers.LayerNorm;
import io.github.tensorforge.nn.layers.Linear;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.optim.AdamW;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.nn.optim.Optimizer.ParamGroup;
import io.github.tensorforge.nn.optim.RMSprop;
import io.github.tensorforge.nn.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter groups have PyTorch's meaning: a grouped optimizer updates each parameter exactly as an optimizer of that
 * parameter alone with the group's settings would, schedules included.
 */
class ParamGroupsTest {
    static final double[][] GRAD_W = {{0.1, -0.2, 0.3}, {-0.4, 0.5, 0.05}, {0.2, 0.2, -0.6}, {0.3, -0.1, 0.1}};
    static final double[][] GRAD_B = {{0.3, -0.1}, {0.2, 0.4}, {-0.5, 0.1}, {0.05, -0.3}};

    /** Optimizer factories of (parameters, lr, weight decay). */
    static final Map<String, Factory> KINDS = new LinkedHashMap<>();

    interface Factory { Optimizer make(Map<String, Parameter> ps, double lr, double wd); }

    static {
        KINDS.put("sgd", (ps, lr, wd) -> new SGD(ps, lr, 0.9, 0, wd, false));
        KINDS.put("rmsprop", (ps, lr, wd) -> new RMSprop(ps, lr, 0.99, 1e-8, wd, 0.5, false));
        KINDS.put("adam", (ps, lr, wd) -> new Adam(ps, lr, 0.9, 0.999, 1e-8, wd, false));
        KINDS.put("adamw", (ps, lr, wd) -> new AdamW(ps, lr, 0.9, 0.999, 1e-8, wd, false));
    }

    static Map<String, Parameter> params(String... names) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, new Parameter(n.equals("w") ? Tensor.of(new double[] {0.5, -1.0, 2.0}, 3)
                    : Tensor.of(new double[] {0.25, -0.75}, 2)));
        }
        return m;
    }

    /** Steps every optimizer with the known gradients ({@code d sum(p * c) / dp = c}), stepping each schedule too. */
    static void run(Map<String, Parameter> ps, List<Optimizer> opts, List<LrScheduler> schedules) {
        for (int s = 0; s < GRAD_W.length; s++) {
            try (var scope = TensorScope.open()) {
                for (Optimizer o : opts) o.zeroGrad();
                Tensor loss = null;
                for (var e : ps.entrySet()) {
                    double[] g = e.getKey().equals("w") ? GRAD_W[s] : GRAD_B[s];
                    Tensor term = e.getValue().value().mul(Tensor.of(g, g.length)).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                loss.backward();
                for (Optimizer o : opts) o.step();
                for (LrScheduler l : schedules) l.step();
            }
        }
    }

    @Test void aGroupedOptimizerEqualsOneOptimizerPerGroup() {
        double lr = 0.1, wd = 0.5, scale = 0.5;
        for (var kind : KINDS.entrySet()) {
            for (boolean scheduled : new boolean[] {false, true}) {
                Map<String, Parameter> grouped = params("w", "bias");
                Optimizer g = kind.getValue().make(grouped, lr, wd);
                g.setGroups(List.of(new ParamGroup("no_decay", Set.of("bias"), 0.0, scale)));
                Map<String, Parameter> alone = params("w", "bias");
                Optimizer a = kind.getValue().make(Map.of("w", alone.get("w")), lr, wd);
                Optimizer b = kind.getValue().make(Map.of("bias", alone.get("bias")), lr * scale, 0.0);
                run(grouped, List.of(g), scheduled ? List.of(LrScheduler.warmupLinear(g, 2, 6)) : List.of());
                run(alone, List.of(a, b), scheduled
                        ? List.of(LrScheduler.warmupLinear(a, 2, 6), LrScheduler.warmupLinear(b, 2, 6)) : List.of());
                for (String n : List.of("w", "bias")) {
                    assertArrayEquals(alone.get(n).value().toDoubleArray(), grouped.get(n).value().toDoubleArray(), 0,
                            kind.getKey() + (scheduled ? " with warm-up" : "") + ": " + n);
                }
                // and the group mattered: without it the bias would have decayed at the full rate
                Map<String, Parameter> ungrouped = params("w", "bias");
                run(ungrouped, List.of(kind.getValue().make(ungrouped, lr, wd)), List.of());
                assertTrue(ungrouped.get("bias").value().sub(grouped.get("bias").value()).abs().max().item() > 1e-6,
                        kind.getKey());
            }
        }
    }

    @Test void biasesAndNormsAreWhatTheHuggingFaceRecipeExempts() {
        Module mlp = new Sequential(new Linear(4, 3, new Rng(1)), new LayerNorm(3), new Linear(3, 2, new Rng(2)));
        assertEquals(Set.of("0.bias", "1.weight", "1.bias", "2.bias"), Optimizer.biasesAndNorms(mlp));
        BertEncoder bert = new BertEncoder(new BertEncoder.Config(50, 8, 1, 2, 16, 16, 2, 1e-12, 0.0, false), new Rng(3));
        Set<String> exempt = Optimizer.biasesAndNorms(bert);
        assertTrue(exempt.contains("embeddings.LayerNorm.weight") && exempt.contains("encoder.layer.0.output.LayerNorm.bias")
                && exempt.contains("encoder.layer.0.attention.self.query.bias"), exempt.toString());
        assertTrue(!exempt.contains("encoder.layer.0.attention.self.query.weight")
                && !exempt.contains("embeddings.word_embeddings.weight"), exempt.toString());
        Optimizer opt = new AdamW(bert, 1e-3).setGroups(List.of(ParamGroup.withWeightDecay("no_decay", exempt, 0)));
        assertEquals("no_decay", opt.groupOf("embeddings.LayerNorm.weight").name());
        assertEquals(null, opt.groupOf("embeddings.word_embeddings.weight"));
    }

    @Test void groupsNamingUnknownOrTwiceGroupedParametersAreRefused() {
        Optimizer opt = new AdamW(params("w", "bias"), 0.1, 0.9, 0.999, 1e-8, 0.01, false);
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> opt.setGroups(List.of(ParamGroup.withWeightDecay("g", Set.of("biass"), 0))));
        assertTrue(unknown.getMessage().contains("'biass', which is not a trainable parameter"), unknown.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> opt.setGroups(List.of(
                ParamGroup.withWeightDecay("a", Set.of("bias"), 0), ParamGroup.withWeightDecay("b", Set.of("bias"), 0))));
        assertTrue(twice.getMessage().contains("in two groups, 'a' and 'b'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ParamGroup("g", Set.of("w"), -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ParamGroup("g", Set.of("w"), 0, Double.NaN));
    }
}
