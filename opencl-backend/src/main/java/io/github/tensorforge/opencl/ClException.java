package io.github.tensorforge.opencl;

/** A failed OpenCL call; {@link #status()} holds the status code, whose name is in the message. */
public class ClException extends RuntimeException {
    private final int status;

    public ClException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ClException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The OpenCL status code (negative), or 0 when the failure was detected before calling OpenCL. */
    public int status() { return status; }

    /** The status code's name, e.g. CL_OUT_OF_RESOURCES. */
    public String statusName() { return ClErrors.name(status); }
}
