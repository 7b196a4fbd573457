package io.github.tensorforge.cuda;

/**
 * Device memory ran out even after the allocator freed its cache and retried. The backend stays usable: release
 * tensors (close scopes) or use smaller batches and try again.
 */
public class CudaOutOfMemoryException extends CudaException {
    private static final long serialVersionUID = 1L;
    private final long requestedBytes;

    public CudaOutOfMemoryException(String message, long requestedBytes) {
        super(message);
        this.requestedBytes = requestedBytes;
    }

    public long requestedBytes() { return requestedBytes; }
}
