// index.cu: gather (index select along one axis) and its adjoint scatter-add.
//
// Launch: 1-D grid-stride loops, blockDim.x = 256, gridDim.x = min(ceil(n / 256), 32 * multiprocessors).
// gather:      out[.., i, ..] = src[.., index[i], ..]; one thread per output element. L.shape is out's shape;
//              operand 0 = out, operand 1 = src (strides of src, whose coordinate along `axis` is index[i]).
// scatter_add: out[.., index[i], ..] += src[.., i, ..]; one thread per src element, accumulating with atomicAdd
//              (float, double, int, long long), so repeated indices add up; the order of float additions is not
//              fixed. bool stores 1 where src is non-zero (an "or", which is what "+= then != 0" means).
//              L.shape is src's shape; operand 0 = out, operand 1 = src.
// index is a 1-D int64 view: element i is at idx[idxOffset + i * idxStride].
#include "common.cuh"

template <typename T>
__device__ void gather_impl(Layout L, int axis, T* out, const T* src, const i64* idx, int idxStride, int idxOffset) {
    TF_GRID_LOOP(i, L.n) {
        i64 po = L.offset[0], ps = L.offset[1];
        int rem = i;
        for (int d = L.rank - 1; d >= 0; d--) {
            int c = rem % L.shape[d];
            rem /= L.shape[d];
            po += (i64)c * L.stride[0][d];
            i64 cs = d == axis ? idx[idxOffset + (i64)c * idxStride] : (i64)c;
            ps += cs * L.stride[1][d];
        }
        out[po] = src[ps];
    }
}

template <typename T> __device__ __forceinline__ void tf_atomic_add(T* p, T v) { atomicAdd(p, v); }
template <> __device__ __forceinline__ void tf_atomic_add<i64>(i64* p, i64 v) {
    atomicAdd((unsigned long long*)p, (unsigned long long)v);   // two's complement: wraps like Java's long
}
template <> __device__ __forceinline__ void tf_atomic_add<u8>(u8* p, u8 v) {
    if (v) *p = 1;   // every writer stores the same byte, so the race is benign
}

template <typename T>
__device__ void scatter_add_impl(Layout L, int axis, T* out, const T* src, const i64* idx, int idxStride,
                                 int idxOffset) {
    TF_GRID_LOOP(i, L.n) {
        i64 po = L.offset[0], ps = L.offset[1];
        int rem = i;
        for (int d = L.rank - 1; d >= 0; d--) {
            int c = rem % L.shape[d];
            rem /= L.shape[d];
            ps += (i64)c * L.stride[1][d];
            i64 co = d == axis ? idx[idxOffset + (i64)c * idxStride] : (i64)c;
            po += co * L.stride[0][d];
        }
        tf_atomic_add<T>(out + po, src[ps]);
    }
}

#define TF_INDEX(SUF, T) \
    extern "C" __global__ void gather_##SUF(Layout L, int axis, T* out, const T* src, const i64* idx, int idxStride, \
                                            int idxOffset) { gather_impl<T>(L, axis, out, src, idx, idxStride, idxOffset); } \
    extern "C" __global__ void scatter_add_##SUF(Layout L, int axis, T* out, const T* src, const i64* idx, \
                                                 int idxStride, int idxOffset) { \
        scatter_add_impl<T>(L, axis, out, src, idx, idxStride, idxOffset); }
TF_INDEX(f32, float) TF_INDEX(f64, double) TF_INDEX(i32, int) TF_INDEX(i64, i64) TF_INDEX(u8, u8)
