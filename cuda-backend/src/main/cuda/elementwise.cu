// elementwise.cu: fill, copy (with dtype conversion), unary ops, binary ops, comparisons and where.
//
// Every kernel is a 1-D grid-stride loop: launch with blockDim.x = 256 and gridDim.x = min(ceil(n / 256),
// 32 * multiprocessors). Operands are described by a Layout (common.cuh): when `contig` is non-zero all operands are
// dense row-major from their offsets and the kernel indexes them directly (the fast path); otherwise each thread
// decomposes its flat index over L.shape and applies each operand's strides (stride 0 = broadcast).
// Dtype suffixes: f32 float, f64 double, i32 int, i64 long long, u8 bool stored as one byte (0 or 1).
// Semantics follow io.github.tensorforge.reference.ScalarMath (Java's Math): MAX/MIN propagate NaN and order -0 < +0,
// integer ops wrap, ops on bool compute in int and store `!= 0`.
#include "common.cuh"

// ---- scalar op tables ---------------------------------------------------------------------------------------------

// Compute type: floats in themselves, integers in 64 bits (Java's long), bool in int.
template <typename T> struct Compute { typedef T type; };
template <> struct Compute<int> { typedef i64 type; };
template <> struct Compute<u8> { typedef int type; };

// Integer max/min; the floating overloads below follow Java's Math.max/min (NaN wins, -0 < +0).
template <typename C> __device__ __forceinline__ C tf_max(C a, C b) { return a > b ? a : b; }
template <typename C> __device__ __forceinline__ C tf_min(C a, C b) { return a < b ? a : b; }
template <> __device__ __forceinline__ float tf_max<float>(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return __float_as_int(a) < 0 ? b : a;
    return a > b ? a : b;
}
template <> __device__ __forceinline__ float tf_min<float>(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return __float_as_int(a) < 0 ? a : b;
    return a < b ? a : b;
}
template <> __device__ __forceinline__ double tf_max<double>(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return __double_as_longlong(a) < 0 ? b : a;
    return a > b ? a : b;
}
template <> __device__ __forceinline__ double tf_min<double>(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return __double_as_longlong(a) < 0 ? a : b;
    return a < b ? a : b;
}

// Math overloads of the ops only this file uses, resolved per precision as in common.cuh.
__device__ __forceinline__ float tf_log1p(float x) { return log1pf(x); }
__device__ __forceinline__ double tf_log1p(double x) { return log1p(x); }
__device__ __forceinline__ float tf_expm1(float x) { return expm1f(x); }
__device__ __forceinline__ double tf_expm1(double x) { return expm1(x); }
__device__ __forceinline__ float tf_floor(float x) { return floorf(x); }
__device__ __forceinline__ double tf_floor(double x) { return floor(x); }
__device__ __forceinline__ float tf_ceil(float x) { return ceilf(x); }
__device__ __forceinline__ double tf_ceil(double x) { return ceil(x); }
__device__ __forceinline__ float tf_rint(float x) { return rintf(x); }
__device__ __forceinline__ double tf_rint(double x) { return rint(x); }

// Floating unary ops (OP_* codes, see op_codes.cuh).
template <typename T> __device__ __forceinline__ T unary_float(int op, T x) {
    switch (op) {
        case OP_NEG: return -x;
        case OP_ABS: return x < (T)0 ? -x : (x == (T)0 ? (T)0 : x);
        case OP_SIGN: return x > (T)0 ? (T)1 : (x < (T)0 ? (T)-1 : x);   // keeps NaN and signed zero
        case OP_EXP: return tf_exp(x);
        case OP_LOG: return tf_log(x);
        case OP_SQRT: return tf_sqrt(x);
        case OP_RSQRT: return (T)1 / tf_sqrt(x);
        case OP_RECIP: return (T)1 / x;
        case OP_SIN: return tf_sin(x);
        case OP_COS: return tf_cos(x);
        case OP_TANH: return tf_tanh(x);
        case OP_ERF: return tf_erf(x);
        case OP_SIGMOID: return tf_sigmoid(x);
        case OP_RELU: return x > (T)0 ? x : (x != x ? x : (T)0);
        case OP_SOFTPLUS: return x > (T)20 ? x : tf_log1p(tf_exp(x));
        case OP_LOG1P: return tf_log1p(x);
        case OP_EXPM1: return tf_expm1(x);
        case OP_FLOOR: return tf_floor(x);
        case OP_CEIL: return tf_ceil(x);
        case OP_ROUND: return tf_rint(x);
        default: return tf_activation(op, x);   // GELU, GELU_TANH, SILU
    }
}

// Integer unary ops (NEG, ABS, SIGN, RELU); others never reach integers (core promotes).
template <typename C> __device__ __forceinline__ C unary_int(int op, C x) {
    switch (op) {
        case OP_NEG: return -x;
        case OP_ABS: return x < 0 ? -x : x;
        case OP_SIGN: return (C)((x > 0) - (x < 0));
        case OP_RELU: return x > 0 ? x : 0;
        default: return x;
    }
}

template <typename T> struct Unary {
    __device__ static T run(int op, T x) {
        typedef typename Compute<T>::type C;
        return tf_convert<T>(unary_int<C>(op, (C)x));
    }
};
template <> struct Unary<float> { __device__ static float run(int op, float x) { return unary_float(op, x); } };
template <> struct Unary<double> { __device__ static double run(int op, double x) { return unary_float(op, x); } };

template <typename C> __device__ __forceinline__ C binary_compute(int op, C a, C b) {
    switch (op) {
        case BOP_ADD: return a + b;
        case BOP_SUB: return a - b;
        case BOP_MUL: return a * b;
        case BOP_DIV: return a / b;
        case BOP_MAX: return tf_max<C>(a, b);
        case BOP_MIN: return tf_min<C>(a, b);
        default: return a;
    }
}
template <> __device__ __forceinline__ float binary_compute<float>(int op, float a, float b) {
    return op == BOP_POW ? tf_pow(a, b) : (op == BOP_DIV ? a / b :
           op == BOP_ADD ? a + b : op == BOP_SUB ? a - b : op == BOP_MUL ? a * b :
           op == BOP_MAX ? tf_max<float>(a, b) : tf_min<float>(a, b));
}
template <> __device__ __forceinline__ double binary_compute<double>(int op, double a, double b) {
    return op == BOP_POW ? tf_pow(a, b) : (op == BOP_DIV ? a / b :
           op == BOP_ADD ? a + b : op == BOP_SUB ? a - b : op == BOP_MUL ? a * b :
           op == BOP_MAX ? tf_max<double>(a, b) : tf_min<double>(a, b));
}

template <typename T> __device__ __forceinline__ u8 compare(int op, T a, T b) {
    switch (op) {
        case BOP_CMPLT: return a < b;
        case BOP_CMPLE: return a <= b;
        case BOP_CMPEQ: return a == b;
        case BOP_CMPNE: return a != b;
        default: return 0;   // no other op reaches compare_ (CudaOpCodesTest checks each op has its case)
    }
}

// ---- kernels ------------------------------------------------------------------------------------------------------

template <typename T>
__device__ void fill_impl(int n, T* out, T value) {
    TF_GRID_LOOP(i, n) out[i] = value;
}

// Copy x (operand 1) into out (operand 0), converting the element type. Java's conversions: float -> integer
// truncates toward zero through a 64-bit long (NaN gives 0), long -> float rounds through double.
template <typename To, typename From> struct CopyConv {
    __device__ static To run(From v) { return tf_convert<To>(v); }
};
template <typename From> struct FloatToLong {
    __device__ static i64 run(From v) { return v != v ? 0 : tf_convert<i64>(v); }
};
template <> struct CopyConv<i64, float> { __device__ static i64 run(float v) { return FloatToLong<float>::run(v); } };
template <> struct CopyConv<i64, double> { __device__ static i64 run(double v) { return FloatToLong<double>::run(v); } };
template <> struct CopyConv<int, float> { __device__ static int run(float v) { return (int)FloatToLong<float>::run(v); } };
template <> struct CopyConv<int, double> { __device__ static int run(double v) { return (int)FloatToLong<double>::run(v); } };
template <> struct CopyConv<float, i64> { __device__ static float run(i64 v) { return (float)(double)v; } };

template <typename To, typename From>
__device__ void copy_impl(Layout L, int contig, To* out, const From* x) {
    if (contig) {
        out += L.offset[0]; x += L.offset[1];
        TF_GRID_LOOP(i, L.n) out[i] = CopyConv<To, From>::run(x[i]);
    } else {
        TF_GRID_LOOP(i, L.n) {
            i64 p[2];
            tf_positions<2>(L, i, p);
            out[p[0]] = CopyConv<To, From>::run(x[p[1]]);
        }
    }
}

template <typename T>
__device__ void unary_impl(int op, Layout L, int contig, T* out, const T* x) {
    if (contig) {
        out += L.offset[0]; x += L.offset[1];
        TF_GRID_LOOP(i, L.n) out[i] = Unary<T>::run(op, x[i]);
    } else {
        TF_GRID_LOOP(i, L.n) {
            i64 p[2];
            tf_positions<2>(L, i, p);
            out[p[0]] = Unary<T>::run(op, x[p[1]]);
        }
    }
}

template <typename T>
__device__ __forceinline__ T binary_value(int op, T a, T b) {
    typedef typename Compute<T>::type C;
    return tf_convert<T>(binary_compute<C>(op, (C)a, (C)b));
}
template <> __device__ __forceinline__ float binary_value<float>(int op, float a, float b) { return binary_compute<float>(op, a, b); }
template <> __device__ __forceinline__ double binary_value<double>(int op, double a, double b) { return binary_compute<double>(op, a, b); }

template <typename T>
__device__ void binary_impl(int op, Layout L, int contig, T* out, const T* a, const T* b) {
    if (contig) {
        out += L.offset[0]; a += L.offset[1]; b += L.offset[2];
        TF_GRID_LOOP(i, L.n) out[i] = binary_value<T>(op, a[i], b[i]);
    } else {
        TF_GRID_LOOP(i, L.n) {
            i64 p[3];
            tf_positions<3>(L, i, p);
            out[p[0]] = binary_value<T>(op, a[p[1]], b[p[2]]);
        }
    }
}

template <typename T>
__device__ void compare_impl(int op, Layout L, int contig, u8* out, const T* a, const T* b) {
    if (contig) {
        out += L.offset[0]; a += L.offset[1]; b += L.offset[2];
        TF_GRID_LOOP(i, L.n) out[i] = compare<T>(op, a[i], b[i]);
    } else {
        TF_GRID_LOOP(i, L.n) {
            i64 p[3];
            tf_positions<3>(L, i, p);
            out[p[0]] = compare<T>(op, a[p[1]], b[p[2]]);
        }
    }
}

template <typename T>
__device__ void where_impl(Layout L, int contig, T* out, const u8* cond, const T* a, const T* b) {
    if (contig) {
        out += L.offset[0]; cond += L.offset[1]; a += L.offset[2]; b += L.offset[3];
        TF_GRID_LOOP(i, L.n) out[i] = cond[i] ? a[i] : b[i];
    } else {
        TF_GRID_LOOP(i, L.n) {
            i64 p[4];
            tf_positions<4>(L, i, p);
            out[p[0]] = cond[p[1]] ? a[p[2]] : b[p[3]];
        }
    }
}

// bf16 operands for cuBLAS's bf16 math mode: round-to-nearest-even of a strided (rows, cols) float matrix into a
// dense row-major array of 16-bit bf16 values. NaN stays a quiet NaN.
extern "C" __global__ void to_bf16_f32(Layout L, int contig, unsigned short* out, const float* x) {
    TF_GRID_LOOP(i, L.n) {
        float v;
        if (contig) v = x[L.offset[1] + i];
        else { i64 p[2]; tf_positions<2>(L, i, p); v = x[p[1]]; }
        unsigned int bits = __float_as_uint(v);
        unsigned short r;
        if ((bits & 0x7fffffffu) > 0x7f800000u) r = (unsigned short)((bits >> 16) | 0x40u);
        else r = (unsigned short)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
        out[L.offset[0] + i] = r;
    }
}

// ---- extern "C" entry points: one per dtype (and dtype pair for copy) -------------------------------------------

#define TF_FILL(SUF, T) \
    extern "C" __global__ void fill_##SUF(int n, T* out, T value) { fill_impl<T>(n, out, value); }
TF_FILL(f32, float) TF_FILL(f64, double) TF_FILL(i32, int) TF_FILL(i64, i64) TF_FILL(u8, u8)

#define TF_COPY(SO, TO, SI, TI) \
    extern "C" __global__ void copy_##SI##_##SO(Layout L, int contig, TO* out, const TI* x) { copy_impl<TO, TI>(L, contig, out, x); }
#define TF_COPY_FROM(SI, TI) \
    TF_COPY(f32, float, SI, TI) TF_COPY(f64, double, SI, TI) TF_COPY(i32, int, SI, TI) \
    TF_COPY(i64, i64, SI, TI) TF_COPY(u8, u8, SI, TI)
TF_COPY_FROM(f32, float) TF_COPY_FROM(f64, double) TF_COPY_FROM(i32, int) TF_COPY_FROM(i64, i64) TF_COPY_FROM(u8, u8)

#define TF_UNARY(SUF, T) \
    extern "C" __global__ void unary_##SUF(int op, Layout L, int contig, T* out, const T* x) { unary_impl<T>(op, L, contig, out, x); }
TF_UNARY(f32, float) TF_UNARY(f64, double) TF_UNARY(i32, int) TF_UNARY(i64, i64) TF_UNARY(u8, u8)

#define TF_BINARY(SUF, T) \
    extern "C" __global__ void binary_##SUF(int op, Layout L, int contig, T* out, const T* a, const T* b) { binary_impl<T>(op, L, contig, out, a, b); } \
    extern "C" __global__ void compare_##SUF(int op, Layout L, int contig, u8* out, const T* a, const T* b) { compare_impl<T>(op, L, contig, out, a, b); } \
    extern "C" __global__ void where_##SUF(Layout L, int contig, T* out, const u8* cond, const T* a, const T* b) { where_impl<T>(L, contig, out, cond, a, b); }
TF_BINARY(f32, float) TF_BINARY(f64, double) TF_BINARY(i32, int) TF_BINARY(i64, i64) TF_BINARY(u8, u8)
