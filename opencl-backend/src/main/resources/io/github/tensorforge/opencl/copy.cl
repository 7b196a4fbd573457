/*
 * copy.cl - element-wise copy between two strided views of the same shape, converting the element type.
 *
 * Built once per (source, destination) type pair with -DSRC_T=<type> -DDST_T=<type> and a conversion rule:
 * -DCONV_BOOL (anything to uchar 0/1 as value != 0), -DCONV_SAT (floating to integer: truncate toward zero and
 * saturate to the long range, NaN -> 0, then narrow to DST_T by wrapping, exactly like Java's (int) (long) v), or neither (a C cast: integer widening and
 * wrapping narrowing, integer to floating, double to float rounding to nearest).
 *
 * Launch shape: 1-D, one work-item per element, global = n rounded up to the local size; gid >= n returns.
 * copy_c: both contiguous (base offsets only); copy_s: both as Layouts (the output may be strided too).
 */
#if defined(CONV_BOOL)
  #define CONV(v) ((DST_T)((v) != 0))
#elif defined(CONV_SAT)
  #define CONV(v) ((DST_T) convert_long_sat_rtz(v))
#else
  #define CONV(v) ((DST_T)(v))
#endif

__kernel void copy_c(__global DST_T* out, int ooff, __global const SRC_T* x, int xoff, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[ooff + i] = CONV(x[xoff + i]);
}

__kernel void copy_s(__global DST_T* out, Layout lo, __global const SRC_T* x, Layout lx, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    out[lay_pos(&lo, i)] = CONV(x[lay_pos(&lx, i)]);
}
