// common.cuh: helpers shared by every TensorForge kernel file (included by nvcc at build time and handed to NVRTC
// as a named header at run time, so it must not include any toolkit header).
//
// Layout: up to 4 operands that share one logical shape (rank <= 8, row-major iteration order) and each have their
// own element strides and offset. The host collapses mergeable axes first, so most launches see rank 1 or 2.
// A stride of 0 is a broadcast axis.
#pragma once

#define TF_MAX_RANK 8

typedef long long i64;
typedef unsigned char u8;

struct Layout {
    int rank;                      // number of axes in shape (0 = scalar)
    int n;                         // number of logical elements
    int shape[TF_MAX_RANK];
    int stride[4][TF_MAX_RANK];    // per operand, in elements
    int offset[4];                 // per operand, in elements
};

// Element positions of operands 0..NOP-1 for flat row-major index i.
template <int NOP>
__device__ __forceinline__ void tf_positions(const Layout& L, int i, i64 pos[NOP]) {
#pragma unroll
    for (int o = 0; o < NOP; o++) pos[o] = L.offset[o];
    for (int d = L.rank - 1; d >= 0; d--) {
        int extent = L.shape[d];
        int c = i % extent;
        i /= extent;
#pragma unroll
        for (int o = 0; o < NOP; o++) pos[o] += (i64)c * L.stride[o][d];
    }
}

// Grid-stride loop bounds for 1-D launches.
#define TF_GRID_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// ---- conversions between element types (float -> int truncates toward zero, anything -> bool is != 0) ------------
template <typename To, typename From> struct Conv { __device__ static To run(From v) { return (To)v; } };
template <typename From> struct Conv<u8, From> { __device__ static u8 run(From v) { return v != (From)0 ? 1 : 0; } };
template <> struct Conv<u8, u8> { __device__ static u8 run(u8 v) { return v != 0 ? 1 : 0; } };
// Java's (int)/(long) casts saturate and map NaN to 0; CUDA's conversions do the same for these directions.
template <> struct Conv<int, float> { __device__ static int run(float v) { return __float2int_rz(v); } };
template <> struct Conv<int, double> { __device__ static int run(double v) { return __double2int_rz(v); } };
template <> struct Conv<i64, float> { __device__ static i64 run(float v) { return __float2ll_rz(v); } };
template <> struct Conv<i64, double> { __device__ static i64 run(double v) { return __double2ll_rz(v); } };

template <typename To, typename From>
__device__ __forceinline__ To tf_convert(From v) { return Conv<To, From>::run(v); }

// NaN test that is false for integer types.
template <typename T> __device__ __forceinline__ bool tf_isnan(T v) { return false; }
template <> __device__ __forceinline__ bool tf_isnan<float>(float v) { return v != v; }
template <> __device__ __forceinline__ bool tf_isnan<double>(double v) { return v != v; }

// Largest / smallest finite-or-infinite values used as reduction identities.
template <typename T> struct Limits;
template <> struct Limits<float> { __device__ static float lowest() { return -__int_as_float(0x7f800000); }
                                   __device__ static float highest() { return __int_as_float(0x7f800000); } };
template <> struct Limits<double> { __device__ static double lowest() { return -__longlong_as_double(0x7ff0000000000000LL); }
                                    __device__ static double highest() { return __longlong_as_double(0x7ff0000000000000LL); } };
template <> struct Limits<int> { __device__ static int lowest() { return (int)0x80000000; }
                                 __device__ static int highest() { return 0x7fffffff; } };
template <> struct Limits<i64> { __device__ static i64 lowest() { return (i64)0x8000000000000000ULL; }
                                 __device__ static i64 highest() { return 0x7fffffffffffffffLL; } };
template <> struct Limits<u8> { __device__ static u8 lowest() { return 0; } __device__ static u8 highest() { return 1; } };

// Warp shuffles for every element type we reduce (64-bit values are shuffled as two halves by the intrinsic).
template <typename T> __device__ __forceinline__ T tf_shfl_down(T v, int delta) {
    return __shfl_down_sync(0xffffffffu, v, delta);
}
template <> __device__ __forceinline__ u8 tf_shfl_down<u8>(u8 v, int delta) {
    return (u8)__shfl_down_sync(0xffffffffu, (int)v, delta);
}

// Block-wide sum of a double (any blockDim that is a multiple of 32, up to 1024). Every thread gets the result.
// `scratch` must hold 32 doubles; the call contains __syncthreads and must be reached by the whole block.
__device__ __forceinline__ double tf_block_sum(double v, double* scratch) {
    for (int d = 16; d > 0; d >>= 1) v += __shfl_down_sync(0xffffffffu, v, d);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = (blockDim.x + 31) >> 5;
    __syncthreads();                       // scratch may still be read by a previous call
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < warps ? scratch[lane] : 0.0;
    if (warp == 0) {
        for (int d = 16; d > 0; d >>= 1) v += __shfl_down_sync(0xffffffffu, v, d);
        if (lane == 0) scratch[0] = v;
    }
    __syncthreads();
    return scratch[0];
}

// Block-wide max of a double with NaN propagation.
__device__ __forceinline__ double tf_nanmax(double a, double b) { return (a != a || a > b) ? a : b; }

__device__ __forceinline__ double tf_block_max(double v, double* scratch) {
    for (int d = 16; d > 0; d >>= 1) v = tf_nanmax(v, __shfl_down_sync(0xffffffffu, v, d));
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = (blockDim.x + 31) >> 5;
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < warps ? scratch[lane] : -__longlong_as_double(0x7ff0000000000000LL);
    if (warp == 0) {
        for (int d = 16; d > 0; d >>= 1) v = tf_nanmax(v, __shfl_down_sync(0xffffffffu, v, d));
        if (lane == 0) scratch[0] = v;
    }
    __syncthreads();
    return scratch[0];
}

// ---- activations shared by elementwise.cu (forward), norm.cu (backward) and matmul.cu (epilogue) ----------------
// Op codes (OP_*, BOP_*, ROP_*): generated from the Java enums by spi.OpCodes, at build time for nvcc and at run
// time for NVRTC, so no code is written by hand.
#include "op_codes.cuh"

#define TF_SQRT1_2 0.70710678118654752440
#define TF_SQRT2_PI 0.79788456080286535588
#define TF_INV_SQRT_2PI 0.39894228040143267794

// Math overloads resolved per precision, so float kernels never silently compute in double.
__device__ __forceinline__ float tf_exp(float x) { return expf(x); }
__device__ __forceinline__ double tf_exp(double x) { return exp(x); }
__device__ __forceinline__ float tf_log(float x) { return logf(x); }
__device__ __forceinline__ double tf_log(double x) { return log(x); }
__device__ __forceinline__ float tf_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double tf_sqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float tf_rsqrt(float x) { return rsqrtf(x); }
__device__ __forceinline__ double tf_rsqrt(double x) { return rsqrt(x); }
__device__ __forceinline__ float tf_sin(float x) { return sinf(x); }
__device__ __forceinline__ double tf_sin(double x) { return sin(x); }
__device__ __forceinline__ float tf_cos(float x) { return cosf(x); }
__device__ __forceinline__ double tf_cos(double x) { return cos(x); }
__device__ __forceinline__ float tf_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double tf_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float tf_erf(float x) { return erff(x); }
__device__ __forceinline__ double tf_erf(double x) { return erf(x); }
__device__ __forceinline__ float tf_pow(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double tf_pow(double x, double y) { return pow(x, y); }

// Floating activations, computed in T (float or double).
template <typename T> __device__ __forceinline__ T tf_sigmoid(T x) { return (T)1 / ((T)1 + tf_exp(-x)); }

template <typename T> __device__ __forceinline__ T tf_activation(int op, T x) {
    switch (op) {
        case OP_RELU: return x > (T)0 ? x : (x != x ? x : (T)0);   // NaN stays NaN, like ScalarMath
        case OP_SIGMOID: return tf_sigmoid(x);
        case OP_TANH: return tf_tanh(x);
        case OP_GELU: return (T)0.5 * x * ((T)1 + tf_erf(x * (T)TF_SQRT1_2));
        case OP_GELU_TANH: {
            T u = (T)TF_SQRT2_PI * (x + (T)0.044715 * x * x * x);
            return (T)0.5 * x * ((T)1 + tf_tanh(u));
        }
        case OP_SILU: return x * tf_sigmoid(x);
        default: return x;
    }
}

// d act(x) / dx for the activations that have fused backward kernels.
template <typename T> __device__ __forceinline__ T tf_activation_grad(int op, T x) {
    switch (op) {
        case OP_RELU: return x > (T)0 ? (T)1 : (T)0;
        case OP_SIGMOID: { T s = tf_sigmoid(x); return s * ((T)1 - s); }
        case OP_TANH: { T t = tf_tanh(x); return (T)1 - t * t; }
        case OP_GELU: {
            T cdf = (T)0.5 * ((T)1 + tf_erf(x * (T)TF_SQRT1_2));
            T pdf = (T)TF_INV_SQRT_2PI * tf_exp((T)-0.5 * x * x);
            return cdf + x * pdf;
        }
        case OP_GELU_TANH: {
            T x2 = x * x;
            T u = (T)TF_SQRT2_PI * (x + (T)0.044715 * x2 * x);
            T t = tf_tanh(u);
            T du = (T)TF_SQRT2_PI * ((T)1 + (T)(3 * 0.044715) * x2);
            return (T)0.5 * ((T)1 + t) + (T)0.5 * x * ((T)1 - t * t) * du;
        }
        case OP_SILU: { T s = tf_sigmoid(x); return s * ((T)1 + x * ((T)1 - s)); }
        default: return (T)1;
    }
}
