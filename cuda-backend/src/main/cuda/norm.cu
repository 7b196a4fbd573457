// norm.cu: fused row kernels over the last axis of contiguous (rows, n) tensors: softmax / log-softmax forward and
// backward, layer norm forward and backward, and the fused element-wise kernels: activation backward
// (gradX = gradY * act'(x)), the Adam/AdamW optimizer step (adam_step, five contiguous operands updated in place) and
// inverted dropout with a counter-based mask (dropout).
//
// Launch of the row kernels: one block per row (grid-stride over rows through blockIdx.x), blockDim.x a multiple of
// 32 between 32 and 1024 chosen by the host from n; row statistics are block trees accumulated in double (tf_block_sum/max).
// layernorm_bwd_params: blockDim = (32, 8), gridDim.x = ceil(n / 32); each block owns 32 columns, its 8 thread rows
// walk the rows and are combined in shared memory (deterministic: no atomics).
// activation_bwd, adam_step, dropout: 1-D grid-stride loops, blockDim.x = 256, gridDim.x = min(ceil(n / 256), 32 * SMs).
#include "common.cuh"

template <typename T>
__device__ void softmax_fwd_impl(int rows, int n, int logMode, T* out, const T* x) {
    __shared__ double scratch[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + (i64)r * n;
        T* yr = out + (i64)r * n;
        double mx = -__longlong_as_double(0x7ff0000000000000LL);
        for (int j = threadIdx.x; j < n; j += blockDim.x) mx = tf_nanmax(mx, (double)xr[j]);
        mx = tf_block_max(mx, scratch);
        T m = (T)mx;
        double s = 0;
        for (int j = threadIdx.x; j < n; j += blockDim.x) s += (double)tf_exp(xr[j] - m);
        s = tf_block_sum(s, scratch);
        if (logMode) {
            T lse = (T)log(s);
            for (int j = threadIdx.x; j < n; j += blockDim.x) yr[j] = xr[j] - m - lse;
        } else {
            T inv = (T)(1.0 / s);
            for (int j = threadIdx.x; j < n; j += blockDim.x) yr[j] = tf_exp(xr[j] - m) * inv;
        }
    }
}

// softmax: gradX = y * (gradY - sum(gradY * y)); log-softmax: gradX = gradY - exp(y) * sum(gradY).
template <typename T>
__device__ void softmax_bwd_impl(int rows, int n, int logMode, T* gx, const T* y, const T* gy) {
    __shared__ double scratch[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* yr = y + (i64)r * n;
        const T* gr = gy + (i64)r * n;
        T* xr = gx + (i64)r * n;
        double s = 0;
        if (logMode) { for (int j = threadIdx.x; j < n; j += blockDim.x) s += (double)gr[j]; }
        else { for (int j = threadIdx.x; j < n; j += blockDim.x) s += (double)gr[j] * (double)yr[j]; }
        s = tf_block_sum(s, scratch);
        T st = (T)s;
        if (logMode) { for (int j = threadIdx.x; j < n; j += blockDim.x) xr[j] = gr[j] - tf_exp(yr[j]) * st; }
        else { for (int j = threadIdx.x; j < n; j += blockDim.x) xr[j] = yr[j] * (gr[j] - st); }
    }
}

// out = (x - mean) * rstd * gamma + beta, rstd = 1 / sqrt(var + eps) with the biased variance (two passes).
template <typename T>
__device__ void layernorm_fwd_impl(int rows, int n, double eps, T* out, T* mean, T* rstd, const T* x,
                                   const T* gamma, const T* beta) {
    __shared__ double scratch[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + (i64)r * n;
        T* yr = out + (i64)r * n;
        double s = 0;
        for (int j = threadIdx.x; j < n; j += blockDim.x) s += (double)xr[j];
        double mu = tf_block_sum(s, scratch) / n;
        double q = 0;
        for (int j = threadIdx.x; j < n; j += blockDim.x) { double d = (double)xr[j] - mu; q += d * d; }
        double var = tf_block_sum(q, scratch) / n;
        double rs = 1.0 / sqrt(var + eps);
        for (int j = threadIdx.x; j < n; j += blockDim.x) {
            double v = ((double)xr[j] - mu) * rs;
            if (gamma) v *= (double)gamma[j];
            if (beta) v += (double)beta[j];
            yr[j] = (T)v;
        }
        if (threadIdx.x == 0) { mean[r] = (T)mu; rstd[r] = (T)rs; }
    }
}

// gradX = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = gradY * gamma and xhat = (x - mean) * rstd.
template <typename T>
__device__ void layernorm_bwd_impl(int rows, int n, T* gx, const T* gy, const T* x, const T* mean, const T* rstd,
                                   const T* gamma) {
    __shared__ double scratch[32];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + (i64)r * n;
        const T* gr = gy + (i64)r * n;
        T* out = gx + (i64)r * n;
        double mu = (double)mean[r], rs = (double)rstd[r];
        double sg = 0, sgx = 0;
        for (int j = threadIdx.x; j < n; j += blockDim.x) {
            double g = (double)gr[j] * (gamma ? (double)gamma[j] : 1.0);
            double xh = ((double)xr[j] - mu) * rs;
            sg += g;
            sgx += g * xh;
        }
        sg = tf_block_sum(sg, scratch) / n;
        sgx = tf_block_sum(sgx, scratch) / n;
        for (int j = threadIdx.x; j < n; j += blockDim.x) {
            double g = (double)gr[j] * (gamma ? (double)gamma[j] : 1.0);
            double xh = ((double)xr[j] - mu) * rs;
            out[j] = (T)(rs * (g - sg - xh * sgx));
        }
    }
}

// gradGamma[j] = sum_r gradY[r, j] * xhat[r, j]; gradBeta[j] = sum_r gradY[r, j]. Either output may be null.
template <typename T>
__device__ void layernorm_bwd_params_impl(int rows, int n, T* gGamma, T* gBeta, const T* gy, const T* x,
                                          const T* mean, const T* rstd) {
    __shared__ double sg[8][33];
    __shared__ double sb[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    double accG = 0, accB = 0;
    if (col < n) {
        for (int r = threadIdx.y; r < rows; r += blockDim.y) {
            double g = (double)gy[(i64)r * n + col];
            double xh = ((double)x[(i64)r * n + col] - (double)mean[r]) * (double)rstd[r];
            accG += g * xh;
            accB += g;
        }
    }
    sg[threadIdx.y][threadIdx.x] = accG;
    sb[threadIdx.y][threadIdx.x] = accB;
    __syncthreads();
    if (threadIdx.y == 0 && col < n) {
        for (int t = 1; t < (int)blockDim.y; t++) { accG += sg[t][threadIdx.x]; accB += sb[t][threadIdx.x]; }
        if (gGamma) gGamma[col] = (T)accG;
        if (gBeta) gBeta[col] = (T)accB;
    }
}

// gradX = gradY * act'(x); RELU selects gradY where x > 0 (like the composite where(x > 0, gradY, 0)).
template <typename T>
__device__ void activation_bwd_impl(int op, int n, T* gx, const T* x, const T* gy) {
    if (op == OP_RELU) {
        TF_GRID_LOOP(i, n) gx[i] = x[i] > (T)0 ? gy[i] : (T)0;
    } else {
        TF_GRID_LOOP(i, n) gx[i] = gy[i] * tf_activation_grad<T>(op, x[i]);
    }
}

// One Adam/AdamW step in place (FusedKernels.adamStep). The host folds both weight-decay forms into l2 = wd for Adam's
// gradient term (0 for AdamW) and decay = 1 - lr wd for AdamW's shrink (1 for Adam). The scalars arrive in double and
// are rounded to T once, as the composite rounds its scalar operands; vmax is null without amsgrad. The max propagates
// NaN like the composite's maximum.
template <typename T>
__device__ void adam_step_impl(int n, T* p, const T* g, T* m, T* v, T* vmax, double beta1, double c1, double beta2,
                               double c2, double l2, double decay, double stepSize, double invSqrtBc2, double eps) {
    const T b1 = (T)beta1, k1 = (T)c1, b2 = (T)beta2, k2 = (T)c2, wl2 = (T)l2, dec = (T)decay;
    const T st = (T)stepSize, inv = (T)invSqrtBc2, e = (T)eps;
    TF_GRID_LOOP(i, n) {
        T pi = p[i];
        T gi = g[i] + wl2 * pi;
        T mi = b1 * m[i] + k1 * gi;
        T vi = b2 * v[i] + k2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        if (vmax) {
            T old = vmax[i];
            vi = (old > vi || old != old) ? old : vi;
            vmax[i] = vi;
        }
        p[i] = pi * dec - st * mi / (tf_sqrt(vi) * inv + e);
    }
}

// MurmurHash3's fmix32 (DropoutMask.mix).
__device__ __forceinline__ unsigned int dropout_mix(unsigned int h) {
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

// Inverted dropout with DropoutMask's counter-based mask (FusedKernels.dropout): out[i] = x[i] * (kept ? scale : 0),
// element i kept when the top 24 of its 32 hashed bits are >= threshold; the mask is never stored, the backward pass
// runs the same kernel on the gradient. scale = 1 / (1 - p), rounded to T once as the host rounds it.
template <typename T>
__device__ void dropout_impl(int n, T* out, const T* x, unsigned int key0, unsigned int key1, int threshold,
                             double scale) {
    const T s = (T)scale;
    TF_GRID_LOOP(i, n) {
        unsigned int h = dropout_mix(dropout_mix((unsigned int)i * 0x9E3779B9u + key0) ^ key1);
        out[i] = x[i] * ((int)(h >> 8) >= threshold ? s : (T)0);
    }
}

#define TF_NORM(SUF, T) \
    extern "C" __global__ void softmax_fwd_##SUF(int rows, int n, int logMode, T* out, const T* x) { \
        softmax_fwd_impl<T>(rows, n, logMode, out, x); } \
    extern "C" __global__ void softmax_bwd_##SUF(int rows, int n, int logMode, T* gx, const T* y, const T* gy) { \
        softmax_bwd_impl<T>(rows, n, logMode, gx, y, gy); } \
    extern "C" __global__ void layernorm_fwd_##SUF(int rows, int n, double eps, T* out, T* mean, T* rstd, \
                                                   const T* x, const T* gamma, const T* beta) { \
        layernorm_fwd_impl<T>(rows, n, eps, out, mean, rstd, x, gamma, beta); } \
    extern "C" __global__ void layernorm_bwd_##SUF(int rows, int n, T* gx, const T* gy, const T* x, const T* mean, \
                                                   const T* rstd, const T* gamma) { \
        layernorm_bwd_impl<T>(rows, n, gx, gy, x, mean, rstd, gamma); } \
    extern "C" __global__ void layernorm_bwd_params_##SUF(int rows, int n, T* gGamma, T* gBeta, const T* gy, \
                                                          const T* x, const T* mean, const T* rstd) { \
        layernorm_bwd_params_impl<T>(rows, n, gGamma, gBeta, gy, x, mean, rstd); } \
    extern "C" __global__ void activation_bwd_##SUF(int op, int n, T* gx, const T* x, const T* gy) { \
        activation_bwd_impl<T>(op, n, gx, x, gy); } \
    extern "C" __global__ void adam_step_##SUF(int n, T* p, const T* g, T* m, T* v, T* vmax, double beta1, \
                                               double c1, double beta2, double c2, double l2, double decay, \
                                               double stepSize, double invSqrtBc2, double eps) { \
        adam_step_impl<T>(n, p, g, m, v, vmax, beta1, c1, beta2, c2, l2, decay, stepSize, invSqrtBc2, eps); } \
    extern "C" __global__ void dropout_##SUF(int n, T* out, const T* x, unsigned int key0, unsigned int key1, \
                                             int threshold, double scale) { \
        dropout_impl<T>(n, out, x, key0, key1, threshold, scale); }
TF_NORM(f32, float) TF_NORM(f64, double)
