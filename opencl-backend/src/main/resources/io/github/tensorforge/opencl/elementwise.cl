/*
 * elementwise.cl - element-wise kernels over one dtype T (see common.cl): unary ops, binary ops, comparisons (write
 * uchar 0/1), where (cond is uchar), fill, the activation derivatives of the fused backward pass, the fused
 * Adam/AdamW optimizer step (adam_step, float types only, five contiguous operands updated in place) and inverted
 * dropout with a counter-based mask (dropout, float types only).
 *
 * Launch shape: 1-D, one work-item per output element; global = n rounded up to the local size (256 or the kernel's
 * limit), and work-items with gid >= n return. The output is contiguous from `ooff`. Kernels ending in _c take
 * contiguous inputs (base offset only); kernels ending in _s take each input as a Layout (strides may be 0 for a
 * broadcast axis) and compute the input position per element.
 */

inline T unary_op(int op, T x) {
    switch (op) {
#if IS_BOOL
        case OP_NEG: return x;
        case OP_ABS: return x;
        case OP_SIGN: return x;
        case OP_RELU: return x;
#else
        case OP_NEG: return -x;
        case OP_SIGN: return x > (T)0 ? (T)1 : (x < (T)0 ? (T)-1 : x);
#if IS_FLOAT
        case OP_ABS: return fabs(x);
        case OP_RELU: return x > (T)0 ? x : (isnan(x) ? x : (T)0);
#else
        case OP_ABS: return x < (T)0 ? -x : x;
        case OP_RELU: return x > (T)0 ? x : (T)0;
#endif
#endif
#if IS_FLOAT
        case OP_EXP: return exp(x);
        case OP_LOG: return log(x);
        case OP_SQRT: return sqrt(x);
        case OP_RSQRT: return (T)1 / sqrt(x);
        case OP_RECIP: return (T)1 / x;
        case OP_SIN: return sin(x);
        case OP_COS: return cos(x);
        case OP_TANH: return tanh(x);
        case OP_ERF: return erf(x);
        case OP_SIGMOID: return f_sigmoid(x);
        case OP_GELU: return f_gelu(x);
        case OP_GELU_TANH: return f_gelu_tanh(x);
        case OP_SILU: return x * f_sigmoid(x);
        case OP_SOFTPLUS: return x > (T)20 ? x : log1p(exp(x));
        case OP_LOG1P: return log1p(x);
        case OP_EXPM1: return expm1(x);
        case OP_FLOOR: return floor(x);
        case OP_CEIL: return ceil(x);
        case OP_ROUND: return rint(x);
#endif
        default: return x;
    }
}

inline T binary_op(int op, T a, T b) {
    switch (op) {
#if IS_BOOL
        /* booleans behave as 0/1 integers whose results are clamped back to 0/1: ADD is or, MUL is and */
        case BOP_ADD: return (a | b) != 0;
        case BOP_SUB: return (a ^ b) != 0;
        case BOP_MUL: return (a & b) != 0;
        case BOP_MAX: return (a | b) != 0;
        case BOP_MIN: return (a & b) != 0;
#else
        case BOP_ADD: return a + b;
        case BOP_SUB: return a - b;
        case BOP_MUL: return a * b;
#endif
#if IS_FLOAT
        case BOP_DIV: return a / b;
        /* Java's Math.pow, unlike C's: NaN exponent -> NaN, and (+-1)^(+-inf) -> NaN */
        case BOP_POW: return (isnan(b) || (fabs(a) == (T)1 && isinf(b))) ? (T)NAN : pow(a, b);
        case BOP_MAX: return (isnan(a) || isnan(b)) ? a + b : fmax(a, b);
        case BOP_MIN: return (isnan(a) || isnan(b)) ? a + b : fmin(a, b);
#elif !IS_BOOL
        case BOP_MAX: return max(a, b);
        case BOP_MIN: return min(a, b);
#endif
        default: return a;
    }
}

inline uchar compare_op(int op, T a, T b) {
    switch (op) {
        case BOP_CMPLT: return a < b;
        case BOP_CMPLE: return a <= b;
        case BOP_CMPEQ: return a == b;
        case BOP_CMPNE: return a != b;
        default: return 0;
    }
}

__kernel void unary_c(__global T* out, int ooff, __global const T* x, int xoff, int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = unary_op(op, x[xoff + i]);
}

__kernel void unary_s(__global T* out, int ooff, __global const T* x, Layout lx, int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = unary_op(op, x[lay_pos(&lx, i)]);
}

__kernel void binary_c(__global T* out, int ooff, __global const T* a, int aoff, __global const T* b, int boff,
                       int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = binary_op(op, a[aoff + i], b[boff + i]);
}

__kernel void binary_s(__global T* out, int ooff, __global const T* a, Layout la, __global const T* b, Layout lb,
                       int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = binary_op(op, a[lay_pos(&la, i)], b[lay_pos(&lb, i)]);
}

__kernel void compare_c(__global uchar* out, int ooff, __global const T* a, int aoff, __global const T* b, int boff,
                        int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = compare_op(op, a[aoff + i], b[boff + i]);
}

__kernel void compare_s(__global uchar* out, int ooff, __global const T* a, Layout la, __global const T* b,
                        Layout lb, int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = compare_op(op, a[lay_pos(&la, i)], b[lay_pos(&lb, i)]);
}

__kernel void where_c(__global T* out, int ooff, __global const uchar* c, int coff, __global const T* a, int aoff,
                      __global const T* b, int boff, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = c[coff + i] ? a[aoff + i] : b[boff + i];
}

__kernel void where_s(__global T* out, int ooff, __global const uchar* c, Layout lc, __global const T* a, Layout la,
                      __global const T* b, Layout lb, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = c[lay_pos(&lc, i)] ? a[lay_pos(&la, i)] : b[lay_pos(&lb, i)];
}

/* Fill writes through a Layout so that a strided output view is honoured too. */
__kernel void fill_s(__global T* out, Layout lo, int n, T value) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[lay_pos(&lo, i)] = value;
}

#if IS_FLOAT
/* gradX = gradY * act'(x), all contiguous. */
inline T activation_grad(int op, T x) {
    switch (op) {
        case OP_RELU: return x > (T)0 ? (T)1 : (T)0;
        case OP_SIGMOID: { T s = f_sigmoid(x); return s * ((T)1 - s); }
        case OP_TANH: { T t = tanh(x); return (T)1 - t * t; }
        case OP_GELU: return (T)0.5 * ((T)1 + erf(x * SQRT_HALF)) + x * INV_SQRT_2PI * exp((T)-0.5 * x * x);
        case OP_GELU_TANH: {
            T u = SQRT_2_OVER_PI * (x + GELU_C * x * x * x);
            T t = tanh(u);
            T du = SQRT_2_OVER_PI * ((T)1 + (T)3 * GELU_C * x * x);
            return (T)0.5 * ((T)1 + t) + (T)0.5 * x * ((T)1 - t * t) * du;
        }
        case OP_SILU: { T s = f_sigmoid(x); return s * ((T)1 + x * ((T)1 - s)); }
        default: return (T)0;
    }
}

__kernel void activation_backward(__global T* gx, int gxoff, __global const T* x, int xoff, __global const T* gy,
                                  int gyoff, int n, int op) {
    int i = get_global_id(0);
    if (i >= n) return;
    gx[gxoff + i] = gy[gyoff + i] * activation_grad(op, x[xoff + i]);
}

/*
 * One Adam/AdamW update in place (FusedKernels.adamStep), one work-item per element, all operands contiguous from
 * their offsets. The host folds both weight-decay forms into two scalars: l2 = wd for Adam's gradient term (0 for
 * AdamW) and decay = 1 - lr wd for AdamW's parameter shrink (1 for Adam), so one kernel serves both. When amsgrad is 0
 * vmax is a dummy buffer that is neither read nor written. c1 = 1 - beta1 and c2 = 1 - beta2 are rounded to T on the
 * host from double, as the composite rounds its scalar operands. The max propagates NaN like the composite's maximum.
 */
__kernel void adam_step(__global T* p, int poff, __global const T* g, int goff, __global T* m, int moff,
                        __global T* v, int voff, __global T* vmax, int xoff, int amsgrad, int n,
                        T beta1, T c1, T beta2, T c2, T l2, T decay, T step_size, T inv_sqrt_bc2, T eps) {
    int i = get_global_id(0);
    if (i >= n) return;
    T pi = p[poff + i];
    T gi = g[goff + i] + l2 * pi;
    T mi = beta1 * m[moff + i] + c1 * gi;
    T vi = beta2 * v[voff + i] + c2 * gi * gi;
    m[moff + i] = mi;
    v[voff + i] = vi;
    if (amsgrad) {
        T old = vmax[xoff + i];
        vi = (old > vi || isnan(old)) ? old : vi;
        vmax[xoff + i] = vi;
    }
    p[poff + i] = pi * decay - step_size * mi / (sqrt(vi) * inv_sqrt_bc2 + eps);
}

/* MurmurHash3's fmix32 (DropoutMask.mix). */
inline uint dropout_mix(uint h) {
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

/*
 * Inverted dropout with the counter-based mask of DropoutMask (FusedKernels.dropout), one work-item per element:
 * out[i] = x[i] * (kept ? scale : 0), element i kept when the top 24 of its 32 hashed bits are >= threshold. The same
 * kernel on the gradient is the backward pass. scale = 1 / (1 - p) rounded to T on the host.
 */
__kernel void dropout(__global T* out, int ooff, __global const T* x, int xoff, int n, uint key0, uint key1,
                      int threshold, T scale) {
    int i = get_global_id(0);
    if (i >= n) return;
    uint h = dropout_mix(dropout_mix((uint) i * 0x9E3779B9u + key0) ^ key1);
    out[ooff + i] = x[xoff + i] * ((int) (h >> 8) >= threshold ? scale : (T) 0);
}
#endif
