package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test void smoke() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad();
        Tensor b = Tensor.of(new float[] {1, 0, -1}, 3);
        Tensor c = a.mul(b).add(1.0).relu().sum();
        System.out.println(c);
        c.backward();
        System.out.println(a.grad());
        System.out.println(a.matmul(a.t()));
        System.out.println(Tensor.arange(2000).reshape(40, 50));
        System.out.println(a.softmax(-1));
        System.out.println(Backends.report());
    }
}
