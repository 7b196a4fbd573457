package io.github.tensorforge.nn.optim;

/**
 * Sets an optimizer's learning rate from a closed-form function of the step count. {@link #step()} is called once per
 * optimizer step (the {@link io.github.tensorforge.nn.train.Trainer} does); the state is the step count.
 */
public abstract class LrScheduler {
    /** The optimizer whose learning rate is set. */
    protected final Optimizer optimizer;
    /** The optimizer's learning rate when the scheduler was created: the rate the schedule scales. */
    protected final double baseLr;
    private long step;

    /**
     * A scheduler for {@code optimizer}, taking its current rate as the base rate. Subclasses call {@link #init()}
     * when constructed.
     *
     * @param optimizer the optimizer whose learning rate is set
     */
    protected LrScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** Applies the rate for step 0; subclasses call it at the end of their constructor. */
    protected final void init() { optimizer.setLr(lrAt(0)); }

    /**
     * The learning rate after {@code step} scheduler steps.
     *
     * @param step the number of scheduler steps, from 0
     * @return the learning rate
     */
    public abstract double lrAt(long step);

    /** Advances the step count by one and sets the optimizer's learning rate for it (the optimizer is modified). */
    public void step() {
        step++;
        optimizer.setLr(lrAt(step));
    }

    /**
     * The number of scheduler steps so far.
     *
     * @return the step count
     */
    public long stepCount() { return step; }

    /**
     * Restores the step count (and the learning rate it implies, set on the optimizer).
     *
     * @param step the step count, at least 0
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public void setStepCount(long step) {
        if (step < 0) throw new IllegalArgumentException("LrScheduler: step must be >= 0, got " + step);
        this.step = step;
        optimizer.setLr(lrAt(step));
    }

    /**
     * {@code base * gamma^floor(t / stepSize)}.
     *
     * @param opt      the optimizer; its current rate is the base
     * @param stepSize the steps between decays, positive
     * @param gamma    the factor applied at each decay
     * @return a new scheduler, with the optimizer's rate set for step 0
     * @throws IllegalArgumentException if {@code stepSize} is not positive
     */
    public static LrScheduler stepDecay(Optimizer opt, long stepSize, double gamma) {
        if (stepSize <= 0) throw new IllegalArgumentException("stepDecay: stepSize must be positive");
        return new LrScheduler(opt) {
            { init(); }
            @Override public double lrAt(long t) { return baseLr * Math.pow(gamma, t / stepSize); }
        };
    }

    /**
     * {@code base * gamma^t}.
     *
     * @param opt   the optimizer; its current rate is the base
     * @param gamma the factor applied at every step
     * @return a new scheduler, with the optimizer's rate set for step 0
     */
    public static LrScheduler exponential(Optimizer opt, double gamma) {
        return new LrScheduler(opt) {
            { init(); }
            @Override public double lrAt(long t) { return baseLr * Math.pow(gamma, t); }
        };
    }

    /**
     * {@code etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2}, held at etaMin after tMax.
     *
     * @param opt    the optimizer; its current rate is the base
     * @param tMax   the steps of the half cosine, positive
     * @param etaMin the final learning rate
     * @return a new scheduler, with the optimizer's rate set for step 0
     * @throws IllegalArgumentException if {@code tMax} is not positive
     */
    public static LrScheduler cosine(Optimizer opt, long tMax, double etaMin) {
        if (tMax <= 0) throw new IllegalArgumentException("cosine: tMax must be positive");
        return new LrScheduler(opt) {
            { init(); }
            @Override public double lrAt(long t) {
                long c = Math.min(t, tMax);
                return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * c / tMax)) / 2;
            }
        };
    }

    /**
     * Linear warm-up from 0 to base over {@code warmup} steps, then linear decay to 0 at {@code total} steps
     * (Hugging Face's {@code get_linear_schedule_with_warmup}).
     *
     * @param opt    the optimizer; its current rate is the base
     * @param warmup the warm-up steps, at least 0
     * @param total  the step where the rate reaches 0, greater than {@code warmup}
     * @return a new scheduler, with the optimizer's rate set for step 0
     * @throws IllegalArgumentException unless {@code 0 <= warmup < total}
     */
    public static LrScheduler warmupLinear(Optimizer opt, long warmup, long total) {
        if (warmup < 0 || total <= warmup) throw new IllegalArgumentException("warmupLinear: need 0 <= warmup < total, got "
                + warmup + ", " + total);
        return new LrScheduler(opt) {
            { init(); }
            @Override public double lrAt(long t) {
                if (t < warmup) return baseLr * t / (double) Math.max(1, warmup);
                return baseLr * Math.max(0.0, (double) (total - t) / (total - warmup));
            }
        };
    }
}
