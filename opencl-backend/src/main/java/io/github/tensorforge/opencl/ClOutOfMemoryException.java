package io.github.tensorforge.opencl;

/**
 * The device could not hold an allocation (CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES, or a request beyond
 * the device's limits). The backend stays usable: free memory and retry, or allocate less.
 */
public class ClOutOfMemoryException extends ClException {
    public ClOutOfMemoryException(String message, int status) {
        super(message, status);
    }
}
