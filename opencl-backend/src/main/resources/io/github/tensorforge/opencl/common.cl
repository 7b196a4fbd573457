/*
 * common.cl - prepended to every TensorForge program (it launches nothing itself).
 *
 * Element type: exactly one of -DDT_F32, -DDT_F64, -DDT_I32, -DDT_I64, -DDT_U8 (BOOL is stored as uchar 0/1) selects
 * T, its 4-wide vector T4, and the extremes T_LOWEST / T_HIGHEST used as reduction identities. Programs whose kernels
 * need no single element type (copy.cl) pass none and define their own types; -DNEED_FP64 enables doubles for them.
 *
 * Layout: a strided view as a by-value kernel argument (rank <= 8, unused entries padded): element `flat` of the
 * logical row-major index space lives at offset + sum(coord[d] * strides[d]). Strides may be 0 (broadcast) and are in
 * elements. The host collapses dimensions before launch, so a contiguous view arrives as rank 1 with stride 1 and
 * lay_pos costs one multiply.
 */
#if defined(DT_F64) || defined(NEED_FP64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#if defined(DT_F32)
  #define T float
  #define T4 float4
  #define IS_FLOAT 1
  #define T_LOWEST (-INFINITY)
  #define T_HIGHEST INFINITY
#elif defined(DT_F64)
  #define T double
  #define T4 double4
  #define IS_FLOAT 1
  #define T_LOWEST (-(double)INFINITY)
  #define T_HIGHEST ((double)INFINITY)
#elif defined(DT_I32)
  #define T int
  #define T4 int4
  #define IS_FLOAT 0
  #define T_LOWEST INT_MIN
  #define T_HIGHEST INT_MAX
#elif defined(DT_I64)
  #define T long
  #define T4 long4
  #define IS_FLOAT 0
  #define T_LOWEST LONG_MIN
  #define T_HIGHEST LONG_MAX
#elif defined(DT_U8)
  #define T uchar
  #define T4 uchar4
  #define IS_FLOAT 0
  #define IS_BOOL 1
  #define T_LOWEST ((uchar)0)
  #define T_HIGHEST ((uchar)1)
#endif

#ifndef IS_BOOL
  #define IS_BOOL 0
#endif

#define MAXR 8

typedef struct {
    int rank;
    int offset;
    int shape[MAXR];
    int strides[MAXR];
} Layout;

/* Buffer position of logical row-major element `flat`. */
inline int lay_pos(const Layout* L, int flat) {
    if (L->rank == 1) return L->offset + flat * L->strides[0];
    int pos = L->offset;
    for (int d = L->rank - 1; d >= 0; --d) {
        int s = L->shape[d];
        int c = flat % s;
        flat /= s;
        pos += c * L->strides[d];
    }
    return pos;
}

/* The op codes (OP_*, BOP_*, ROP_*) are prepended to every program by ClContext, from spi.OpCodes. */

#if IS_FLOAT
#define SQRT_HALF ((T)0.70710678118654752440)
#define SQRT_2_OVER_PI ((T)0.79788456080286535588)
#define INV_SQRT_2PI ((T)0.39894228040143267794)
#define GELU_C ((T)0.044715)

inline T f_sigmoid(T x) { return (T)1 / ((T)1 + exp(-x)); }
inline T f_gelu(T x) { return (T)0.5 * x * ((T)1 + erf(x * SQRT_HALF)); }
/* 0.5 (1 + tanh(u)) == sigmoid(2u): exact at the tails, where a tanh that stops 1 ulp short of -1 times a huge x
   would leave a huge residue. */
inline T f_gelu_tanh(T x) { return x * f_sigmoid((T)2 * SQRT_2_OVER_PI * (x + GELU_C * x * x * x)); }

/* The activations the fused linear epilogue and activation backward accept; other codes return x unchanged. */
inline T f_activation(int op, T x) {
    switch (op) {
        case OP_RELU: return x > (T)0 ? x : (isnan(x) ? x : (T)0);
        case OP_SIGMOID: return f_sigmoid(x);
        case OP_TANH: return tanh(x);
        case OP_GELU: return f_gelu(x);
        case OP_GELU_TANH: return f_gelu_tanh(x);
        case OP_SILU: return x * f_sigmoid(x);
        default: return x;
    }
}
#endif
