package io.github.tensorforge.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Einstein summation over one or two operands, as {@code torch.einsum}: {@code "ij,jk->ik"}, {@code "bhqd,bhkd->bhqk"},
 * {@code "i,j->ij"}, {@code "ij->ji"}, {@code "ii"}-free forms. Two operands become one batched matmul: each operand is
 * permuted to (batch, kept, contracted) and reshaped to three axes, so the work runs in the backend's GEMM and the
 * gradient comes from matmul's. Letters only in one operand and not in the output are summed first. Without
 * {@code ->} the output is the letters that appear once, in alphabetical order (NumPy's rule).
 */
final class Einsum {
    private Einsum() {}

    static Tensor einsum(String equation, Tensor... operands) {
        String eq = equation.replace(" ", "");
        String lhs = eq, rhs = null;
        int arrow = eq.indexOf("->");
        if (arrow >= 0) {
            lhs = eq.substring(0, arrow);
            rhs = eq.substring(arrow + 2);
        }
        String[] ins = lhs.split(",", -1);
        if (ins.length != operands.length || ins.length < 1 || ins.length > 2) {
            throw new IllegalArgumentException("einsum: '" + equation + "' names " + ins.length + " operands but "
                    + operands.length + " were given; one or two operands are supported");
        }
        if (eq.contains(".")) throw new IllegalArgumentException("einsum: '" + equation + "': ellipsis (...) is not supported yet");
        Map<Character, Integer> sizes = new LinkedHashMap<>();
        for (int o = 0; o < ins.length; o++) {
            String s = ins[o];
            Tensor t = operands[o];
            if (s.length() != t.rank()) {
                throw new IllegalArgumentException("einsum: operand " + o + " has " + t.rank() + " axes " + Shapes.str(t.shape)
                        + " but '" + s + "' names " + s.length());
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!Character.isLetter(c)) throw new IllegalArgumentException("einsum: '" + equation + "': '" + c + "' is not a letter");
                if (s.indexOf(c) != i) {
                    throw new IllegalArgumentException("einsum: '" + equation + "': letter '" + c + "' repeats within operand "
                            + o + " (diagonals are not supported yet)");
                }
                Integer prev = sizes.putIfAbsent(c, t.shape[i]);
                if (prev != null && prev != t.shape[i]) {
                    throw new IllegalArgumentException("einsum: '" + equation + "': letter '" + c + "' has size " + prev
                            + " and " + t.shape[i] + "; sizes of a letter must agree");
                }
            }
        }
        if (rhs == null) {
            StringBuilder implicit = new StringBuilder();
            String all = lhs;
            sizes.keySet().stream().sorted().filter(c -> count(all, c) == 1).forEach(implicit::append);
            rhs = implicit.toString();
        }
        for (int i = 0; i < rhs.length(); i++) {
            char c = rhs.charAt(i);
            if (!sizes.containsKey(c)) throw new IllegalArgumentException("einsum: '" + equation + "': output letter '" + c + "' is in no operand");
            if (rhs.indexOf(c) != i) throw new IllegalArgumentException("einsum: '" + equation + "': output letter '" + c + "' repeats");
        }
        if (ins.length == 1) {
            Labeled a = sumOnly(new Labeled(operands[0], ins[0]), "", rhs);
            return a.permutedTo(rhs);
        }
        Labeled a = sumOnly(new Labeled(operands[0], ins[0]), ins[1], rhs);
        Labeled b = sumOnly(new Labeled(operands[1], ins[1]), a.letters, rhs);
        String batch = "", keptA = "", keptB = "", contracted = "";
        for (char c : a.letters.toCharArray()) {
            boolean inB = b.letters.indexOf(c) >= 0, inOut = rhs.indexOf(c) >= 0;
            if (inB && inOut) batch += c;
            else if (inB) contracted += c;
            else keptA += c;
        }
        for (char c : b.letters.toCharArray()) if (a.letters.indexOf(c) < 0) keptB += c;
        int bs = product(sizes, batch), m = product(sizes, keptA), n = product(sizes, keptB), k = product(sizes, contracted);
        Tensor am = a.permutedTo(batch + keptA + contracted).reshape(bs, m, k);
        Tensor bm = b.permutedTo(batch + contracted + keptB).reshape(bs, k, n);
        String order = batch + keptA + keptB;
        int[] shape = new int[order.length()];
        for (int i = 0; i < shape.length; i++) shape[i] = sizes.get(order.charAt(i));
        return new Labeled(am.matmul(bm).reshape(shape), order).permutedTo(rhs);
    }

    /** An operand and the letters of its axes. */
    private record Labeled(Tensor t, String letters) {
        Tensor permutedTo(String target) {
            int[] perm = new int[target.length()];
            boolean identity = true;
            for (int i = 0; i < perm.length; i++) {
                perm[i] = letters.indexOf(target.charAt(i));
                identity &= perm[i] == i;
            }
            return identity ? t : t.permute(perm);
        }
    }

    /** Sums away the letters of {@code x} that are neither in the other operand nor in the output. */
    private static Labeled sumOnly(Labeled x, String other, String out) {
        List<Integer> axes = new ArrayList<>();
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < x.letters.length(); i++) {
            char c = x.letters.charAt(i);
            if (other.indexOf(c) < 0 && out.indexOf(c) < 0) axes.add(i);
            else kept.append(c);
        }
        if (axes.isEmpty()) return x;
        return new Labeled(x.t.sum(axes.stream().mapToInt(Integer::intValue).toArray(), false), kept.toString());
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
        return n;
    }

    private static int product(Map<Character, Integer> sizes, String letters) {
        int p = 1;
        for (char c : letters.toCharArray()) p *= sizes.get(c);
        return p;
    }
}
