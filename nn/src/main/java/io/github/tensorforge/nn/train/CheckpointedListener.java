package io.github.tensorforge.nn.train;

/**
 * A listener whose state travels in the {@link Trainer}'s checkpoints, so that a resumed run continues it (a history
 * of evaluations, for example) instead of starting it again. The state is written with the trainer's own position,
 * so the two always agree.
 */
public interface CheckpointedListener extends TrainingListener {
    /**
     * The name of the state in the checkpoint's metadata; unique among the trainer's listeners.
     *
     * @return the key, stored under {@link Trainer#LISTENER_PREFIX} plus this
     */
    String checkpointKey();

    /**
     * The state now, as text (JSON, typically); called whenever the trainer writes a checkpoint.
     *
     * @return the state
     */
    String checkpointState();

    /**
     * Restores what {@link #checkpointState()} returned, when a checkpoint is restored.
     *
     * @param state the text {@link #checkpointState()} returned when the checkpoint was written
     */
    void restoreCheckpointState(String state);
}
