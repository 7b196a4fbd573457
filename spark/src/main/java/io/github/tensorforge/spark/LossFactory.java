package io.github.tensorforge.spark;

import io.github.tensorforge.nn.loss.Loss;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Makes the training loss on each executor (a {@link Loss} itself is not serializable): {@code CrossEntropyLoss::new}
 * is one.
 */
@FunctionalInterface
public interface LossFactory extends Supplier<Loss>, Serializable {
    /**
     * The factory of a loss that has a public no-argument constructor ({@code CrossEntropyLoss}, {@code MSELoss}):
     * executors build it the same way.
     *
     * @param loss a loss whose settings are its class's defaults
     * @return a factory of new instances of its class
     * @throws IllegalArgumentException if the class has no public no-argument constructor
     */
    static LossFactory defaultOf(Loss loss) {
        Class<? extends Loss> type = loss.getClass();
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("SparkTrainer: the loss " + type.getName() + " has no public no-argument "
                    + "constructor; pass a LossFactory that builds it on the executors");
        }
        String name = type.getName();
        return () -> {
            try {
                return (Loss) Class.forName(name).getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("SparkTrainer: cannot build the loss " + name + " on this executor", e);
            }
        };
    }
}
