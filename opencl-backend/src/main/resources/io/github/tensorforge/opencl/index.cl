/*
 * index.cl - index select (gather) and its adjoint (scatter-add) along one axis, for one dtype T (see common.cl).
 * The index is a 1-D long view (base offset `ioff`, stride `istride`) whose values the core has range-checked.
 *
 * gather: out[.., i, ..] = src[.., index[i], ..]. `ls` has the OUTPUT's shape and the SOURCE's strides and offset.
 *   Launch: 1-D, one work-item per output element; global = n rounded up to the local size.
 *
 * scatter_add: out[.., index[i], ..] += src[.., i, ..]. Deterministic, no atomics: one work-item per OUTPUT element
 *   (out is contiguous with shape `oshape`), which walks the whole index list in order and adds every src element whose
 *   index hits it, so repeated indices accumulate in a fixed order and results are reproducible bit for bit. Cost is
 *   out elements x index length; the index list is read through the cache by all work-items of a group.
 *   `ls` has the SOURCE's shape and strides. Launch: 1-D, global = n rounded up to the local size.
 *
 * scatter_add_sorted: the same sums in the same order (ascending i per output element, so results are bit-identical to
 *   scatter_add), without scanning the whole index list per output element. The host picks it when out elements x
 *   index length is large (embedding gradients). Four steps, all deterministic:
 *     scatter_rank   one work-item per index entry i: rank[i] = #{p < i : index[p] == index[i]} (O(i) scan) and
 *                    count[index[i]] += 1 (atomic_inc on int: the totals do not depend on order);
 *     scatter_scan   one work-group: start[j] = sum of count[< j], start[J] = length (chunked scan, then a tree);
 *     scatter_place  one work-item per i: perm[start[index[i]] + rank[i]] = i, i.e. entries bucketed by target and
 *                    ascending within a bucket;
 *     scatter_add_sorted  one work-item per output element, adding src over its bucket in order.
 */

__kernel void gather(__global T* out, int ooff, __global const T* src, Layout ls, __global const long* idx, int ioff,
                     int istride, int axis, int n) {
    int gid = get_global_id(0);
    if (gid >= n) return;
    int flat = gid;
    int pos = ls.offset;
    for (int d = ls.rank - 1; d >= 0; --d) {
        int s = ls.shape[d];
        int c = flat % s;
        flat /= s;
        if (d == axis) c = (int) idx[ioff + c * istride];
        pos += c * ls.strides[d];
    }
    out[ooff + gid] = src[pos];
}

__kernel void scatter_add(__global T* out, int ooff, Layout oshape, __global const T* src, Layout ls,
                          __global const long* idx, int ioff, int istride, int len, int axis, int n) {
    int gid = get_global_id(0);
    if (gid >= n) return;
    int flat = gid;
    int base = ls.offset;
    int target = 0;
    for (int d = oshape.rank - 1; d >= 0; --d) {
        int s = oshape.shape[d];
        int c = flat % s;
        flat /= s;
        if (d == axis) target = c;
        else base += c * ls.strides[d];
    }
    const int sa = ls.strides[axis];
    T acc = out[ooff + gid];
    for (int i = 0; i < len; i++) {
        if ((int) idx[ioff + i * istride] == target) {
#if IS_BOOL
            acc = (acc | src[base + i * sa]) != 0;
#else
            acc += src[base + i * sa];
#endif
        }
    }
    out[ooff + gid] = acc;
}

__kernel void scatter_rank(__global int* rank, __global int* count, __global const long* idx, int ioff, int istride,
                           int len) {
    int i = get_global_id(0);
    if (i >= len) return;
    const long v = idx[ioff + i * istride];
    int r = 0;
    for (int p = 0; p < i; p++) r += idx[ioff + p * istride] == v;
    rank[i] = r;
    atomic_inc(&count[(int) v]);
}

__kernel void scatter_scan(__global int* start, __global const int* count, int J) {
    __local int part[RWG];
    const int lid = get_local_id(0), lsz = get_local_size(0);
    const int chunk = (J + lsz - 1) / lsz;
    const int lo = min(J, lid * chunk), hi = min(J, lo + chunk);
    int s = 0;
    for (int j = lo; j < hi; j++) s += count[j];
    part[lid] = s;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        int run = 0;
        for (int t = 0; t < lsz; t++) { int v = part[t]; part[t] = run; run += v; }
        start[J] = run;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    int run = part[lid];
    for (int j = lo; j < hi; j++) { start[j] = run; run += count[j]; }
}

__kernel void scatter_place(__global int* perm, __global const int* start, __global const int* rank,
                            __global const long* idx, int ioff, int istride, int len) {
    int i = get_global_id(0);
    if (i >= len) return;
    perm[start[(int) idx[ioff + i * istride]] + rank[i]] = i;
}

__kernel void scatter_add_sorted(__global T* out, int ooff, Layout oshape, __global const T* src, Layout ls,
                                 __global const int* start, __global const int* perm, int axis, int n) {
    int gid = get_global_id(0);
    if (gid >= n) return;
    int flat = gid;
    int base = ls.offset;
    int target = 0;
    for (int d = oshape.rank - 1; d >= 0; --d) {
        int s = oshape.shape[d];
        int c = flat % s;
        flat /= s;
        if (d == axis) target = c;
        else base += c * ls.strides[d];
    }
    const int sa = ls.strides[axis];
    T acc = out[ooff + gid];
    const int hi = start[target + 1];
    for (int q = start[target]; q < hi; q++) {
#if IS_BOOL
        acc = (acc | src[base + perm[q] * sa]) != 0;
#else
        acc += src[base + perm[q] * sa];
#endif
    }
    out[ooff + gid] = acc;
}
