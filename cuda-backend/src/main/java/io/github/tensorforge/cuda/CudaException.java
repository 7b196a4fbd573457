package io.github.tensorforge.cuda;

/** A CUDA driver, cuBLAS or NVRTC call failed, or the CUDA backend cannot run an operation; the message says which. */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) { super(message); }

    public CudaException(String message, Throwable cause) { super(message, cause); }
}
