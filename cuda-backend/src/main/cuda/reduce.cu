// reduce.cu: SUM, MAX, MIN, ARGMAX, ARGMIN over any set of axes of a strided tensor.
//
// The host splits the input's axes into kept axes (M output elements) and reduced axes (K elements per output), each
// described by shape/stride arrays (RLayout). A group of `group` threads (32: one warp, or 256: the whole block)
// reduces one output: each thread accumulates a strided subset of the K elements, then the group combines them with
// warp shuffles and, for 256-thread groups, one shared-memory step (a block tree).
// Launch: blockDim.x = 256; gridDim.x = ceil(M / (256 / group)); gridDim.y = S splits of the K range, each `chunk`
// elements long. With S > 1 the kernel writes S partial results per output (values, and indices for ARG*) and the
// host runs the kernel a second time over the partials (xIdx then carries the partial indices) with S = 1.
// Semantics (ScalarMath / ReferenceBackend): MAX/MIN/ARG* propagate NaN (the first NaN is the extreme), ARG* return the
// first index of the extreme value, integer sums wrap, bool sums are "any" (stored != 0). float sums accumulate in
// double.
#include "common.cuh"

struct RLayout {
    int keepRank;
    int keepShape[TF_MAX_RANK];
    int keepStride[TF_MAX_RANK];
    int redRank;
    int redShape[TF_MAX_RANK];
    int redStride[TF_MAX_RANK];
    int offset;
};

// Accumulator type per element type.
template <typename T> struct RAcc { typedef T type; };
template <> struct RAcc<float> { typedef double type; };
template <> struct RAcc<u8> { typedef int type; };

template <typename A> __device__ __forceinline__ A r_max(A a, A b) {
    if (tf_isnan(a)) return a;
    if (tf_isnan(b)) return b;
    return b > a ? b : a;
}
template <typename A> __device__ __forceinline__ A r_min(A a, A b) {
    if (tf_isnan(a)) return a;
    if (tf_isnan(b)) return b;
    return b < a ? b : a;
}

// Should candidate (bv, bi) replace the current (av, ai) for ARGMAX (max = true) or ARGMIN? Index -1 means "none".
// Ties and NaN-vs-NaN go to the smaller index, so the combination is order-independent.
template <typename A> __device__ __forceinline__ bool r_take(bool max, A av, i64 ai, A bv, i64 bi) {
    if (bi < 0) return false;
    if (ai < 0) return true;
    bool an = tf_isnan(av), bn = tf_isnan(bv);
    if (an || bn) return (an && bn) ? bi < ai : bn;
    if (bv == av) return bi < ai;
    return max ? bv > av : bv < av;
}

template <typename A> __device__ __forceinline__ void r_combine(int op, A& v, i64& idx, A ov, i64 oidx) {
    switch (op) {
        case ROP_SUM: v += ov; break;
        case ROP_MAX: v = r_max(v, ov); break;
        case ROP_MIN: v = r_min(v, ov); break;
        case ROP_ARGMAX:
        case ROP_ARGMIN:
            if (r_take(op == ROP_ARGMAX, v, idx, ov, oidx)) { v = ov; idx = oidx; }
            break;
    }
}

template <typename A> __device__ __forceinline__ A r_identity(int op) {
    switch (op) {
        case ROP_SUM: return (A)0;
        case ROP_MAX: return Limits<A>::lowest();
        case ROP_MIN: return Limits<A>::highest();
        default: return (A)0;
    }
}

template <typename T>
__device__ void reduce_impl(int op, const RLayout& L, int M, int K, int chunk, int group,
                            T* outVal, i64* outIdx, const T* x, const i64* xIdx) {
    typedef typename RAcc<T>::type A;
    __shared__ A sval[8];
    __shared__ i64 sidx[8];

    int groupsPerBlock = blockDim.x / group;
    int g = threadIdx.x / group, lane = threadIdx.x % group;
    int m = blockIdx.x * groupsPerBlock + g;
    int split = blockIdx.y, splits = gridDim.y;
    bool active = m < M;

    A v = r_identity<A>(op);
    i64 idx = -1;
    if (active) {
        i64 base = L.offset;
        int rem = m;
        for (int d = L.keepRank - 1; d >= 0; d--) {
            int c = rem % L.keepShape[d];
            rem /= L.keepShape[d];
            base += (i64)c * L.keepStride[d];
        }
        int k0 = split * chunk;
        int k1 = min(K, k0 + chunk);
        for (int k = k0 + lane; k < k1; k += group) {
            i64 pos = base;
            int r = k;
            for (int d = L.redRank - 1; d >= 0; d--) {
                int c = r % L.redShape[d];
                r /= L.redShape[d];
                pos += (i64)c * L.redStride[d];
            }
            A xv = (A)x[pos];
            i64 xi = xIdx ? xIdx[pos] : (i64)k;
            r_combine<A>(op, v, idx, xv, xi);
        }
    }
    // Warp tree.
    for (int d = 16; d > 0; d >>= 1) {
        A ov = tf_shfl_down<A>(v, d);
        i64 oi = __shfl_down_sync(0xffffffffu, idx, d);
        r_combine<A>(op, v, idx, ov, oi);
    }
    if (group > 32) {   // block tree over the 8 warps of the block (group == blockDim.x == 256)
        int warp = threadIdx.x >> 5;
        if ((threadIdx.x & 31) == 0) { sval[warp] = v; sidx[warp] = idx; }
        __syncthreads();
        if (threadIdx.x == 0) {
            for (int w = 1; w < (int)(blockDim.x >> 5); w++) r_combine<A>(op, v, idx, sval[w], sidx[w]);
        }
    }
    if (active && lane == 0) {
        int o = m * splits + split;
        if (outVal) outVal[o] = tf_convert<T>(v);
        if (outIdx) outIdx[o] = idx;
    }
}

#define TF_REDUCE(SUF, T) \
    extern "C" __global__ void reduce_##SUF(int op, RLayout L, int M, int K, int chunk, int group, T* outVal, \
                                            i64* outIdx, const T* x, const i64* xIdx) { \
        reduce_impl<T>(op, L, M, K, chunk, group, outVal, outIdx, x, xIdx); \
    }
TF_REDUCE(f32, float) TF_REDUCE(f64, double) TF_REDUCE(i32, int) TF_REDUCE(i64, i64) TF_REDUCE(u8, u8)
