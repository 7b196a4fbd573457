package io.github.tensorforge.cuda;

import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import jcuda.nvrtc.nvrtcResult;

/** Turns CUDA status codes into exceptions whose message names the call, the status and what was being done. */
final class CudaCheck {
    private CudaCheck() {}

    /** Name of a CUresult, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    static String name(int cuResult) { return CUresult.stringFor(cuResult); }

    /** Throws unless {@code status} is CUDA_SUCCESS. */
    static void check(int status, String call) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaException("cuda: " + call + " failed: " + CUresult.stringFor(status) + " (" + status + ")");
        }
    }

    /** Throws unless {@code status} is CUBLAS_STATUS_SUCCESS. */
    static void checkCublas(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException("cuda: " + call + " failed: " + cublasStatus.stringFor(status) + " (" + status + ")");
        }
    }

    /** Throws unless {@code status} is NVRTC_SUCCESS. */
    static void checkNvrtc(int status, String call) {
        if (status != nvrtcResult.NVRTC_SUCCESS) {
            throw new CudaException("cuda: " + call + " failed: " + nvrtcResult.stringFor(status) + " (" + status + ")");
        }
    }
}
