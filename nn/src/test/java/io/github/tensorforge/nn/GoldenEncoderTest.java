package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.TransformerEncoderLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden values for a Transformer encoder layer, written by {@code nn/scripts/safetensors_interop.py
 * write-encoder-fixture}: weights under PyTorch's parameter names, an input with a key padding mask, and the outputs
 * of PyTorch's formulas (post- and pre-norm) computed in float64. TensorForge must load the weights by name and
 * reproduce the outputs.
 */
class GoldenEncoderTest {
    @TempDir Path dir;

    @Test void encoderLayerMatchesPyTorchFormulas() throws IOException {
        Path f = dir.resolve("encoder.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/encoder_layer_fixture.safetensors")) {
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        try (var scope = TensorScope.open()) {
            Map<String, Tensor> t = Safetensors.load(f, Backends.current(), "");
            for (boolean normFirst : new boolean[] {false, true}) {
                TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.0, Activation.Kind.RELU, normFirst,
                        1e-5, new Rng(0));
                Safetensors.loadInto(f, layer, "layer.");
                layer.eval();
                float[] got = layer.forward(t.get("input"), t.get("key_padding_mask"), false).toFloatArray();
                float[] want = t.get(normFirst ? "expected_pre_norm" : "expected_post_norm").toFloatArray();
                assertEquals(want.length, got.length);
                double worst = 0;
                int at = -1;
                for (int i = 0; i < want.length; i++) {
                    double d = Math.abs(want[i] - got[i]);
                    if (d > worst) {
                        worst = d;
                        at = i;
                    }
                }
                assertEquals(0.0, worst, 1e-4, "normFirst=" + normFirst + ": largest difference at element " + at
                        + " (want " + (at < 0 ? "" : want[at]) + ", got " + (at < 0 ? "" : got[at]) + ")");
                layer.close();
            }
        }
    }
}
