/*
 * matmul.cl - batched GEMM C[b] = A[b] (M x K) * B[b] (K x N) for floating T (see common.cl), with an optional fused
 * epilogue (bias over columns, then an activation) used by the fused linear kernel.
 *
 * Operands are fully strided: A(m, k) = A[aoff + batchOffA + m*sam + k*sak], B(k, n) = B[boff + batchOffB + k*sbk + n*sbn],
 * so a transposed operand is just swapped strides. Batch offsets come from Layouts over the batch index space whose
 * strides may be 0 (a broadcast operand). C is contiguous: C[coff + b*M*N + m*N + n].
 *
 * Tiling (compile-time, chosen per device by ClGemm): a work-group of WGN x WGM work-items computes a TM x TN tile of
 * C (TM = WGM*RM, TN = WGN*RN); each work-item holds an RM x RN register block of accumulators, owning rows
 * ty + i*WGM and columns tx + j*WGN (interleaved, so reads of the local tiles by neighbouring work-items hit
 * consecutive addresses, and the final stores are coalesced along n). K advances in steps of TK: the work-group copies a
 * TM x TK panel of A and a TK x TN panel of B into local memory (zero-filled past the matrix edges, so any M, N, K
 * works), then runs TK rank-1 updates from registers. Panel loads map consecutive work-items to the operand's unit
 * stride (row-major or transposed) for coalescing, and use vload4 when that stride is 1 and the extent along it is a
 * multiple of 4 (every 4-group of a tile then lies entirely inside or outside the matrix).
 *
 * Launch shape: 3-D, local = (WGN, WGM, 1), global = (ceil(N/TN)*WGN, ceil(M/TM)*WGM, batches); the batch index is
 * batchBase + get_global_id(2), so the host may split huge batch counts over several launches.
 */
#define TM (WGM * RM)
#define TN (WGN * RN)
#define WGS (WGM * WGN)
#define PAD 1

__kernel __attribute__((reqd_work_group_size(WGN, WGM, 1)))
void gemm(__global T* C, int coff,
          __global const T* A, int aoff, int sam, int sak,
          __global const T* B, int boff, int sbk, int sbn,
          int M, int N, int K,
          Layout batchA, Layout batchB, int batchBase,
          __global const T* bias, int biasOff, int hasBias, int act) {
    __local T As[TK][TM + PAD];
    __local T Bs[TK][TN + PAD];

    const int tx = get_local_id(0);
    const int ty = get_local_id(1);
    const int lid = ty * WGN + tx;
    const int n0 = get_group_id(0) * TN;
    const int m0 = get_group_id(1) * TM;
    const int batch = batchBase + get_global_id(2);

    __global const T* Ab = A + aoff + lay_pos(&batchA, batch);
    __global const T* Bb = B + boff + lay_pos(&batchB, batch);
    __global T* Cb = C + coff + (long) batch * M * N;

    const bool vecA = sak == 1 && (K & 3) == 0;
    const bool vecB = sbn == 1 && (N & 3) == 0;

    T acc[RM][RN];
    for (int i = 0; i < RM; i++)
        for (int j = 0; j < RN; j++) acc[i][j] = (T)0;

    for (int k0 = 0; k0 < K; k0 += TK) {
        /* A panel: TM rows x TK columns into As[k][m]. */
        if (vecA) {
            for (int l = lid; l < TM * TK / 4; l += WGS) {
                const int mm = l / (TK / 4), kk = (l % (TK / 4)) * 4;
                const int gm = m0 + mm, gk = k0 + kk;
                T4 v = (gm < M && gk < K) ? vload4(0, Ab + gm * sam + gk) : (T4)((T)0);
                As[kk][mm] = v.s0; As[kk + 1][mm] = v.s1; As[kk + 2][mm] = v.s2; As[kk + 3][mm] = v.s3;
            }
        } else if (sak == 1) {
            for (int l = lid; l < TM * TK; l += WGS) {
                const int mm = l / TK, kk = l % TK;
                const int gm = m0 + mm, gk = k0 + kk;
                As[kk][mm] = (gm < M && gk < K) ? Ab[gm * sam + gk] : (T)0;
            }
        } else {
            for (int l = lid; l < TM * TK; l += WGS) {
                const int kk = l / TM, mm = l % TM;
                const int gm = m0 + mm, gk = k0 + kk;
                As[kk][mm] = (gm < M && gk < K) ? Ab[gm * sam + gk * sak] : (T)0;
            }
        }
        /* B panel: TK rows x TN columns into Bs[k][n]. */
        if (vecB) {
            for (int l = lid; l < TK * TN / 4; l += WGS) {
                const int kk = l / (TN / 4), nn = (l % (TN / 4)) * 4;
                const int gk = k0 + kk, gn = n0 + nn;
                T4 v = (gk < K && gn < N) ? vload4(0, Bb + gk * sbk + gn) : (T4)((T)0);
                Bs[kk][nn] = v.s0; Bs[kk][nn + 1] = v.s1; Bs[kk][nn + 2] = v.s2; Bs[kk][nn + 3] = v.s3;
            }
        } else if (sbn == 1 || sbk != 1) {
            for (int l = lid; l < TK * TN; l += WGS) {
                const int kk = l / TN, nn = l % TN;
                const int gk = k0 + kk, gn = n0 + nn;
                Bs[kk][nn] = (gk < K && gn < N) ? Bb[gk * sbk + gn * sbn] : (T)0;
            }
        } else {
            for (int l = lid; l < TK * TN; l += WGS) {
                const int nn = l / TK, kk = l % TK;
                const int gk = k0 + kk, gn = n0 + nn;
                Bs[kk][nn] = (gk < K && gn < N) ? Bb[gk + gn * sbn] : (T)0;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);

#pragma unroll
        for (int kk = 0; kk < TK; kk++) {
            T a[RM], b[RN];
            for (int i = 0; i < RM; i++) a[i] = As[kk][ty + i * WGM];
            for (int j = 0; j < RN; j++) b[j] = Bs[kk][tx + j * WGN];
            for (int i = 0; i < RM; i++)
                for (int j = 0; j < RN; j++) acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    for (int i = 0; i < RM; i++) {
        const int m = m0 + ty + i * WGM;
        if (m >= M) continue;
        for (int j = 0; j < RN; j++) {
            const int n = n0 + tx + j * WGN;
            if (n >= N) continue;
            T v = acc[i][j];
            if (hasBias) v += bias[biasOff + n];
            if (act != OP_NONE) v = f_activation(act, v);
            Cb[(long) m * N + n] = v;
        }
    }
}
