// matmul.cu: our own batched GEMM, C[b] (M x N, row-major, ldc) = A[b] (M x K) * B[b] (K x N), with an optional
// epilogue C = act(C + bias[n]); plus bias_act (the same epilogue as a separate pass, used after cuBLAS).
//
// A and B are fully strided (a transposed operand is just swapped strides); batch axes (up to 6) have their own
// strides per operand, 0 for a broadcast operand. Tiling: a block of 256 threads computes a BM x BN tile of C; the
// K loop stages BK-deep slices of A and B in shared memory (double-buffered: the next slice is fetched into
// registers while the current one is multiplied, so one barrier per slice); each thread accumulates a TM x TN
// register block (float: 128x128 tiles, 8x8 per thread; double: 64x64 tiles, 4x4 per thread). Threads own two
// half-blocks of rows and columns (ty*TM/2 and BM/2 + ty*TM/2) so that shared-memory fragment reads are conflict-free
// 128-bit loads. When a float operand is unit-stride along one axis, 16-byte aligned and the tile is fully inside
// the matrix, its slice is fetched with float4 loads (flags in GemmArgs.vec); edge tiles use guarded scalar loads,
// so any M, N, K works.
// Launch: blockDim.x = 256, gridDim = (ceil(N / BN), ceil(M / BM), min(batch, 65535)); blocks loop over the batch
// with stride gridDim.z.
#include "common.cuh"

#define TF_MAX_BATCH_RANK 6
#define VEC_A_ROW 1   // A unit-stride along k: float4 along k
#define VEC_A_COL 2   // A unit-stride along m: float4 along m
#define VEC_B_ROW 4   // B unit-stride along n: float4 along n
#define VEC_B_COL 8   // B unit-stride along k: float4 along k

struct GemmArgs {
    int M, N, K;
    int sAm, sAk;         // A strides along m and k
    int sBk, sBn;         // B strides along k and n
    int ldc;              // C row stride (column stride 1)
    int batch;            // number of matrices
    int batchRank;
    int batchShape[TF_MAX_BATCH_RANK];
    int batchStrideA[TF_MAX_BATCH_RANK];
    int batchStrideB[TF_MAX_BATCH_RANK];
    int batchStrideC[TF_MAX_BATCH_RANK];
    int offA, offB, offC;
    int vec;              // VEC_* flags, computed by the host (float only)
    int act;              // OP_* code of the epilogue activation (OpCodes.activation), or OP_NONE
};

// Reads N consecutive shared-memory values, as one 128-bit load where the type allows it.
template <typename T, int N> struct Frag {
    __device__ static void load(const T* p, T* dst) {
#pragma unroll
        for (int i = 0; i < N; i++) dst[i] = p[i];
    }
};
template <> struct Frag<float, 4> {
    __device__ static void load(const float* p, float* dst) {
        float4 v = *reinterpret_cast<const float4*>(p);
        dst[0] = v.x; dst[1] = v.y; dst[2] = v.z; dst[3] = v.w;
    }
};
template <> struct Frag<double, 2> {
    __device__ static void load(const double* p, double* dst) {
        double2 v = *reinterpret_cast<const double2*>(p);
        dst[0] = v.x; dst[1] = v.y;
    }
};

template <typename T> __device__ __forceinline__ void load4(const T* p, T* dst) {
    dst[0] = p[0]; dst[1] = p[1]; dst[2] = p[2]; dst[3] = p[3];
}
template <> __device__ __forceinline__ void load4<float>(const float* p, float* dst) {
    float4 v = *reinterpret_cast<const float4*>(p);
    dst[0] = v.x; dst[1] = v.y; dst[2] = v.z; dst[3] = v.w;
}

template <typename T, int BM, int BN, int BK, int TM, int TN>
struct Gemm {
    static constexpr int NT = (BM / TM) * (BN / TN);
    static constexpr int PA = BM * BK / NT;   // A elements fetched per thread per slice
    static constexpr int PB = BK * BN / NT;   // B elements fetched per thread per slice
    static constexpr int PADA = BM + 16 / sizeof(T);
    static constexpr int PADB = BN + 16 / sizeof(T);

    // Load modes, uniform per block and slice: 0 = guarded scalar, 1 = float4 along the unit-stride axis.
    // Element j of this thread's A fetch maps to (m, k) inside the tile.
    __device__ static void coordA(int mode, const GemmArgs& g, int tid, int j, int& m, int& k) {
        if (mode == VEC_A_ROW) { m = tid / (BK / 4); k = (tid % (BK / 4)) * 4 + j; }
        else if (mode == VEC_A_COL) { k = tid / (BM / 4); m = (tid % (BM / 4)) * 4 + j; }
        else if (g.sAk == 1) { int e = tid + j * NT; m = e / BK; k = e % BK; }
        else { int e = tid + j * NT; k = e / BM; m = e % BM; }
    }
    __device__ static void coordB(int mode, const GemmArgs& g, int tid, int j, int& k, int& n) {
        if (mode == VEC_B_ROW) { k = tid / (BN / 4); n = (tid % (BN / 4)) * 4 + j; }
        else if (mode == VEC_B_COL) { n = tid / (BK / 4); k = (tid % (BK / 4)) * 4 + j; }
        else if (g.sBn == 1) { int e = tid + j * NT; k = e / BN; n = e % BN; }
        else { int e = tid + j * NT; n = e / BK; k = e % BK; }
    }

    __device__ static int modeA(const GemmArgs& g, int m0, int k0) {
        if (sizeof(T) != 4 || PA != 4) return 0;
        bool full = m0 + BM <= g.M && k0 + BK <= g.K;
        if (!full) return 0;
        if (g.vec & VEC_A_ROW) return VEC_A_ROW;
        if (g.vec & VEC_A_COL) return VEC_A_COL;
        return 0;
    }
    __device__ static int modeB(const GemmArgs& g, int n0, int k0) {
        if (sizeof(T) != 4 || PB != 4) return 0;
        bool full = n0 + BN <= g.N && k0 + BK <= g.K;
        if (!full) return 0;
        if (g.vec & VEC_B_ROW) return VEC_B_ROW;
        if (g.vec & VEC_B_COL) return VEC_B_COL;
        return 0;
    }

    __device__ static void fetchA(int mode, const GemmArgs& g, const T* A, int tid, int m0, int k0, T* r) {
        if (mode != 0) {
            int m, k;
            coordA(mode, g, tid, 0, m, k);
            const T* p = A + (i64)(m0 + m) * g.sAm + (i64)(k0 + k) * g.sAk;
            load4<T>(p, r);
            return;
        }
#pragma unroll
        for (int j = 0; j < PA; j++) {
            int m, k;
            coordA(0, g, tid, j, m, k);
            int gm = m0 + m, gk = k0 + k;
            r[j] = (gm < g.M && gk < g.K) ? A[(i64)gm * g.sAm + (i64)gk * g.sAk] : (T)0;
        }
    }
    __device__ static void fetchB(int mode, const GemmArgs& g, const T* B, int tid, int n0, int k0, T* r) {
        if (mode != 0) {
            int k, n;
            coordB(mode, g, tid, 0, k, n);
            const T* p = B + (i64)(k0 + k) * g.sBk + (i64)(n0 + n) * g.sBn;
            load4<T>(p, r);
            return;
        }
#pragma unroll
        for (int j = 0; j < PB; j++) {
            int k, n;
            coordB(0, g, tid, j, k, n);
            int gk = k0 + k, gn = n0 + n;
            r[j] = (gk < g.K && gn < g.N) ? B[(i64)gk * g.sBk + (i64)gn * g.sBn] : (T)0;
        }
    }

    __device__ static void run(const GemmArgs& g, T* C, const T* A, const T* B, const T* bias) {
        __shared__ __align__(16) T As[2][BK][PADA];
        __shared__ __align__(16) T Bs[2][BK][PADB];
        const int tid = threadIdx.x;
        const int tx = tid % (BN / TN), ty = tid / (BN / TN);
        const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;

        for (int bz = blockIdx.z; bz < g.batch; bz += gridDim.z) {
            i64 oa = g.offA, ob = g.offB, oc = g.offC;
            int rem = bz;
            for (int d = g.batchRank - 1; d >= 0; d--) {
                int c = rem % g.batchShape[d];
                rem /= g.batchShape[d];
                oa += (i64)c * g.batchStrideA[d];
                ob += (i64)c * g.batchStrideB[d];
                oc += (i64)c * g.batchStrideC[d];
            }
            const T* Ab = A + oa;
            const T* Bb = B + ob;

            T acc[TM][TN];
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = (T)0;

            T ra[PA], rb[PB];
            int ma = modeA(g, m0, 0), mb = modeB(g, n0, 0);
            fetchA(ma, g, Ab, tid, m0, 0, ra);
            fetchB(mb, g, Bb, tid, n0, 0, rb);
            store(g, 0, ma, mb, tid, ra, rb, As, Bs);
            __syncthreads();

            int cur = 0;
            for (int k0 = 0; k0 < g.K; k0 += BK) {
                bool next = k0 + BK < g.K;
                int na = 0, nb = 0;
                if (next) {
                    na = modeA(g, m0, k0 + BK);
                    nb = modeB(g, n0, k0 + BK);
                    fetchA(na, g, Ab, tid, m0, k0 + BK, ra);
                    fetchB(nb, g, Bb, tid, n0, k0 + BK, rb);
                }
#pragma unroll
                for (int kk = 0; kk < BK; kk++) {
                    T a[TM], b[TN];
                    Frag<T, TM / 2>::load(&As[cur][kk][ty * (TM / 2)], a);
                    Frag<T, TM / 2>::load(&As[cur][kk][BM / 2 + ty * (TM / 2)], a + TM / 2);
                    Frag<T, TN / 2>::load(&Bs[cur][kk][tx * (TN / 2)], b);
                    Frag<T, TN / 2>::load(&Bs[cur][kk][BN / 2 + tx * (TN / 2)], b + TN / 2);
#pragma unroll
                    for (int i = 0; i < TM; i++)
#pragma unroll
                        for (int j = 0; j < TN; j++) acc[i][j] = fma(a[i], b[j], acc[i][j]);
                }
                if (next) store(g, cur ^ 1, na, nb, tid, ra, rb, As, Bs);
                __syncthreads();
                cur ^= 1;
            }

            T* Cb = C + oc;
#pragma unroll
            for (int i = 0; i < TM; i++) {
                int m = m0 + (i < TM / 2 ? ty * (TM / 2) + i : BM / 2 + ty * (TM / 2) + i - TM / 2);
                if (m >= g.M) continue;
#pragma unroll
                for (int j = 0; j < TN; j++) {
                    int n = n0 + (j < TN / 2 ? tx * (TN / 2) + j : BN / 2 + tx * (TN / 2) + j - TN / 2);
                    if (n >= g.N) continue;
                    T v = acc[i][j];
                    if (bias) v += bias[n];
                    if (g.act != OP_NONE) v = tf_activation<T>(g.act, v);
                    Cb[(i64)m * g.ldc + n] = v;
                }
            }
        }
    }

    __device__ static void store(const GemmArgs& g, int buf, int ma, int mb, int tid, const T* ra, const T* rb,
                                 T (*As)[BK][PADA], T (*Bs)[BK][PADB]) {
#pragma unroll
        for (int j = 0; j < PA; j++) {
            int m, k;
            coordA(ma, g, tid, j, m, k);
            As[buf][k][m] = ra[j];
        }
#pragma unroll
        for (int j = 0; j < PB; j++) {
            int k, n;
            coordB(mb, g, tid, j, k, n);
            Bs[buf][k][n] = rb[j];
        }
    }
};

extern "C" __global__ void __launch_bounds__(256) gemm_f32(GemmArgs g, float* C, const float* A, const float* B,
                                                          const float* bias) {
    Gemm<float, 128, 128, 8, 8, 8>::run(g, C, A, B, bias);
}

extern "C" __global__ void __launch_bounds__(256) gemm_f64(GemmArgs g, double* C, const double* A, const double* B,
                                                          const double* bias) {
    Gemm<double, 64, 64, 8, 4, 4>::run(g, C, A, B, bias);
}

// out[r, c] = act(out[r, c] + bias[c]) for a contiguous (rows, n) matrix; bias may be null. 1-D grid-stride loop,
// blockDim.x = 256.
template <typename T>
__device__ void bias_act_impl(int act, int total, int n, T* out, const T* bias) {
    TF_GRID_LOOP(i, total) {
        T v = out[i];
        if (bias) v += bias[i % n];
        if (act != OP_NONE) v = tf_activation<T>(act, v);
        out[i] = v;
    }
}

#define TF_BIAS_ACT(SUF, T) \
    extern "C" __global__ void bias_act_##SUF(int act, int total, int n, T* out, const T* bias) { \
        bias_act_impl<T>(act, total, n, out, bias); }
TF_BIAS_ACT(f32, float) TF_BIAS_ACT(f64, double)
