/*
 * reduce.cl - reductions over any set of axes, for one dtype T (see common.cl).
 *
 * The host permutes the input logically so that kept axes come first and reduced axes last: the input is then a
 * matrix of `rows` output elements by `len` reduced elements. `kept` addresses the first element of a row (its offset
 * is the view's offset); `red` addresses element j within a row (offset 0). Both are collapsed Layouts, so the common
 * contiguous cases cost one multiply per element.
 *
 * SUM adds (0 for an empty row); MAX/MIN propagate NaN; ARGMAX/ARGMIN write the long index of the first extreme value
 * along the single reduced axis (a NaN counts as the extreme, the first NaN wins).
 *
 * Launch shapes:
 *  - *_wg: one work-group per row (long rows); global = rows * local, local a power of two <= RWG (the local scratch
 *    size, -DRWG). Each work-item strides over the row, then a tree in local memory combines the partials.
 *    reduce_wg can also split each row into `chunks` ranges of `chunkLen` (global = rows * chunks * local, output
 *    rows * chunks partials): the host uses that for a few very long rows, so that the whole device works, and then
 *    reduces the (rows, chunks) partials with a second launch.
 *  - *_serial: one work-item per row (short rows, many of them); global = rows rounded up to the local size.
 */

#if IS_FLOAT
  #define ISNAN(v) isnan(v)
#else
  #define ISNAN(v) 0
#endif

inline T r_identity(int op) {
    return op == ROP_MAX ? T_LOWEST : (op == ROP_MIN ? T_HIGHEST : (T)0);
}

inline T r_combine(int op, T a, T b) {
    if (op == ROP_SUM) {
#if IS_BOOL
        return (a | b) != 0;
#else
        return a + b;
#endif
    }
    if (ISNAN(a)) return a;
    if (ISNAN(b)) return b;
    if (op == ROP_MAX) return a > b ? a : b;
    return a < b ? a : b;
}

/* Whether (v, i) beats (w, j) for ARGMAX/ARGMIN; index -1 marks an empty slot. Earlier index wins ties. */
inline bool arg_better(int op, T v, int i, T w, int j) {
    if (i < 0) return false;
    if (j < 0) return true;
    if (ISNAN(v)) return !ISNAN(w) || i < j;
    if (ISNAN(w)) return false;
    if (op == ROP_ARGMAX ? v > w : v < w) return true;
    return v == w && i < j;
}

__kernel void reduce_wg(__global T* out, int ooff, __global const T* x, Layout kept, Layout red, int len, int op,
                        int chunks, int chunkLen) {
    __local T scratch[RWG];
    const int group = get_group_id(0);
    const int row = group / chunks;
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    const int base = lay_pos(&kept, row);
    const int lo = (group % chunks) * chunkLen;
    const int hi = min(len, lo + chunkLen);
    T acc = r_identity(op);
    for (int j = lo + lid; j < hi; j += lsz) acc = r_combine(op, acc, x[base + lay_pos(&red, j)]);
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = lsz >> 1; s > 0; s >>= 1) {
        if (lid < s) scratch[lid] = r_combine(op, scratch[lid], scratch[lid + s]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) out[ooff + group] = scratch[0];
}

__kernel void reduce_serial(__global T* out, int ooff, __global const T* x, Layout kept, Layout red, int len,
                            int rows, int op) {
    const int row = get_global_id(0);
    if (row >= rows) return;
    const int base = lay_pos(&kept, row);
    T acc = r_identity(op);
    for (int j = 0; j < len; j++) acc = r_combine(op, acc, x[base + lay_pos(&red, j)]);
    out[ooff + row] = acc;
}

__kernel void argreduce_wg(__global long* out, int ooff, __global const T* x, Layout kept, Layout red, int len,
                           int op) {
    __local T sval[RWG];
    __local int sidx[RWG];
    const int row = get_group_id(0);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    const int base = lay_pos(&kept, row);
    T best = (T)0;
    int bi = -1;
    for (int j = lid; j < len; j += lsz) {
        T v = x[base + lay_pos(&red, j)];
        if (arg_better(op, v, j, best, bi)) { best = v; bi = j; }
    }
    sval[lid] = best;
    sidx[lid] = bi;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = lsz >> 1; s > 0; s >>= 1) {
        if (lid < s && arg_better(op, sval[lid + s], sidx[lid + s], sval[lid], sidx[lid])) {
            sval[lid] = sval[lid + s];
            sidx[lid] = sidx[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) out[ooff + row] = sidx[0] < 0 ? 0 : sidx[0];
}

__kernel void argreduce_serial(__global long* out, int ooff, __global const T* x, Layout kept, Layout red, int len,
                               int rows, int op) {
    const int row = get_global_id(0);
    if (row >= rows) return;
    const int base = lay_pos(&kept, row);
    T best = (T)0;
    int bi = -1;
    for (int j = 0; j < len; j++) {
        T v = x[base + lay_pos(&red, j)];
        if (arg_better(op, v, j, best, bi)) { best = v; bi = j; }
    }
    out[ooff + row] = bi < 0 ? 0 : bi;
}
