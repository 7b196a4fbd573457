/*
 * norm.cl - fused row kernels over the last axis for floating T (see common.cl): softmax / log-softmax forward and
 * backward, layer norm forward and backward. Every view is contiguous and read as (rows, n), with a base offset.
 *
 * Launch shape of the row kernels (softmax_*, layernorm_fwd, layernorm_bwd_x): one work-group per row;
 * global = rows * local, local a power of two <= RWG (the local scratch size, -DRWG). Work-items stride over the row;
 * row sums and maxima combine through a tree in local memory (wg_sum / wg_max), so each row is read 2-3 times.
 *
 * layernorm_bwd_params: gradGamma[j] = sum_r gradY[r,j] * xhat[r,j], gradBeta[j] = sum_r gradY[r,j]; one work-item
 * per column j walking the rows in order (deterministic); global = n rounded up to the local size.
 */

inline T wg_sum(T v, __local T* s) {
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    s[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k = lsz >> 1; k > 0; k >>= 1) {
        if (lid < k) s[lid] += s[lid + k];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return s[0];
}

inline T wg_max(T v, __local T* s) {
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    s[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k = lsz >> 1; k > 0; k >>= 1) {
        if (lid < k) {
            T a = s[lid], b = s[lid + k];
            s[lid] = (isnan(a) || isnan(b)) ? a + b : fmax(a, b);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return s[0];
}

__kernel void softmax_fwd(__global T* out, int ooff, __global const T* x, int xoff, int n, int logOut) {
    __local T scratch[RWG];
    const int lid = get_local_id(0), lsz = get_local_size(0);
    const long row = get_group_id(0);
    __global const T* xr = x + xoff + row * n;
    __global T* orow = out + ooff + row * n;
    T m = -INFINITY;
    for (int j = lid; j < n; j += lsz) { T v = xr[j]; m = (isnan(m) || isnan(v)) ? m + v : fmax(m, v); }
    m = wg_max(m, scratch);
    T s = (T)0;
    for (int j = lid; j < n; j += lsz) s += exp(xr[j] - m);
    s = wg_sum(s, scratch);
    if (logOut) {
        T ls = log(s);
        for (int j = lid; j < n; j += lsz) orow[j] = xr[j] - m - ls;
    } else {
        T inv = (T)1 / s;
        for (int j = lid; j < n; j += lsz) orow[j] = exp(xr[j] - m) * inv;
    }
}

/* softmax: gradX = y * (gradY - sum(gradY * y)); log-softmax: gradX = gradY - exp(y) * sum(gradY). */
__kernel void softmax_bwd(__global T* gx, int gxoff, __global const T* y, int yoff, __global const T* gy, int gyoff,
                          int n, int logOut) {
    __local T scratch[RWG];
    const int lid = get_local_id(0), lsz = get_local_size(0);
    const long row = get_group_id(0);
    __global const T* yr = y + yoff + row * n;
    __global const T* gr = gy + gyoff + row * n;
    __global T* xr = gx + gxoff + row * n;
    T s = (T)0;
    if (logOut) {
        for (int j = lid; j < n; j += lsz) s += gr[j];
    } else {
        for (int j = lid; j < n; j += lsz) s += gr[j] * yr[j];
    }
    s = wg_sum(s, scratch);
    if (logOut) {
        for (int j = lid; j < n; j += lsz) xr[j] = gr[j] - exp(yr[j]) * s;
    } else {
        for (int j = lid; j < n; j += lsz) xr[j] = yr[j] * (gr[j] - s);
    }
}

/* out = (x - mean) * rstd * gamma + beta, rstd = 1 / sqrt(var + eps), biased variance (two passes for accuracy). */
__kernel void layernorm_fwd(__global T* out, int ooff, __global T* mean, int moff, __global T* rstd, int roff,
                            __global const T* x, int xoff, __global const T* gamma, int goff, int hasGamma,
                            __global const T* beta, int boff, int hasBeta, int n, T eps) {
    __local T scratch[RWG];
    const int lid = get_local_id(0), lsz = get_local_size(0);
    const long row = get_group_id(0);
    __global const T* xr = x + xoff + row * n;
    __global T* orow = out + ooff + row * n;
    T s = (T)0;
    for (int j = lid; j < n; j += lsz) s += xr[j];
    const T mu = wg_sum(s, scratch) / (T)n;
    T q = (T)0;
    for (int j = lid; j < n; j += lsz) { T d = xr[j] - mu; q += d * d; }
    const T var = wg_sum(q, scratch) / (T)n;
    const T rs = (T)1 / sqrt(var + eps);
    for (int j = lid; j < n; j += lsz) {
        T v = (xr[j] - mu) * rs;
        if (hasGamma) v *= gamma[goff + j];
        if (hasBeta) v += beta[boff + j];
        orow[j] = v;
    }
    if (lid == 0) {
        mean[moff + row] = mu;
        rstd[roff + row] = rs;
    }
}

/* gradX = rstd * (g - mean(g) - xhat * mean(g * xhat)), with g = gradY * gamma and xhat = (x - mean) * rstd. */
__kernel void layernorm_bwd_x(__global T* gx, int gxoff, __global const T* gy, int gyoff, __global const T* x, int xoff,
                              __global const T* mean, int moff, __global const T* rstd, int roff,
                              __global const T* gamma, int goff, int hasGamma, int n) {
    __local T scratch[RWG];
    const int lid = get_local_id(0), lsz = get_local_size(0);
    const long row = get_group_id(0);
    __global const T* xr = x + xoff + row * n;
    __global const T* gr = gy + gyoff + row * n;
    __global T* out = gx + gxoff + row * n;
    const T mu = mean[moff + row];
    const T rs = rstd[roff + row];
    T s1 = (T)0, s2 = (T)0;
    for (int j = lid; j < n; j += lsz) {
        T g = gr[j] * (hasGamma ? gamma[goff + j] : (T)1);
        s1 += g;
        s2 += g * (xr[j] - mu) * rs;
    }
    const T mg = wg_sum(s1, scratch) / (T)n;
    const T mgx = wg_sum(s2, scratch) / (T)n;
    for (int j = lid; j < n; j += lsz) {
        T g = gr[j] * (hasGamma ? gamma[goff + j] : (T)1);
        T xhat = (xr[j] - mu) * rs;
        out[j] = rs * (g - mg - xhat * mgx);
    }
}

__kernel void layernorm_bwd_params(__global T* ggamma, int ggoff, int writeGamma, __global T* gbeta, int gboff,
                                   int writeBeta, __global const T* gy, int gyoff, __global const T* x, int xoff,
                                   __global const T* mean, int moff, __global const T* rstd, int roff, int rows, int n) {
    const int j = get_global_id(0);
    if (j >= n) return;
    T sg = (T)0, sb = (T)0;
    for (int r = 0; r < rows; r++) {
        T g = gy[gyoff + (long) r * n + j];
        sb += g;
        sg += g * (x[xoff + (long) r * n + j] - mean[moff + r]) * rstd[roff + r];
    }
    if (writeGamma) ggamma[ggoff + j] = sg;
    if (writeBeta) gbeta[gboff + j] = sb;
}
