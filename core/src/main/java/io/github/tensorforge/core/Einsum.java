package io.github.tensorforge.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Einstein summation over one or two operands, as {@code torch.einsum}: {@code "ij,jk->ik"}, {@code "bhqd,bhkd->bhqk"},
 * {@code "i,j->ij"}, {@code "ij->ji"}, {@code "...qd,...kd->...qk"}. Two operands become one batched matmul: each operand is
 * permuted to (batch, kept, contracted) and reshaped to three axes, so the work runs in the backend's GEMM and the
 * gradient comes from matmul's. Letters only in one operand and not in the output are summed first. Without
 * {@code ->} the output is the letters that appear once, in alphabetical order, after the ellipsis axes (NumPy's
 * rule). An ellipsis leads its operands and covers the same number of axes, of equal sizes, in each.
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
        // "..." stands for the same leading axes in every operand: name them with letters the equation does not use
        int ellipsis = -1;
        for (int o = 0; o < ins.length; o++) {
            if (!ins[o].contains(".")) continue;
            if (!ins[o].startsWith("...") || ins[o].indexOf('.', 3) >= 0) {
                throw new IllegalArgumentException("einsum: '" + equation + "': an ellipsis must lead its operand ('...ij'), once");
            }
            int k = operands[o].rank() - (ins[o].length() - 3);
            if (k < 0 || (ellipsis >= 0 && k != ellipsis)) {
                throw new IllegalArgumentException("einsum: '" + equation + "': the ellipsis of operand " + o + " would cover "
                        + k + " axes of " + Shapes.str(operands[o].shape) + "; it must cover the same number in every operand");
            }
            ellipsis = k;
        }
        if (ellipsis >= 0) {
            StringBuilder fresh = new StringBuilder();
            for (char c = 'A'; fresh.length() < ellipsis && c <= 'Z'; c++) if (eq.indexOf(c) < 0) fresh.append(c);
            if (fresh.length() < ellipsis) throw new IllegalArgumentException("einsum: '" + equation + "': too many axes under the ellipsis");
            for (int o = 0; o < ins.length; o++) ins[o] = ins[o].replace("...", fresh);
            if (rhs != null && rhs.contains(".")) {
                if (!rhs.startsWith("...") || rhs.indexOf('.', 3) >= 0) {
                    throw new IllegalArgumentException("einsum: '" + equation + "': the output's ellipsis must lead it, once");
                }
                rhs = rhs.replace("...", fresh);
            } else if (rhs == null) {
                lhs = String.join(",", ins);
                rhs = fresh + implicitOutput(lhs, fresh.toString());
            }
        } else if (eq.contains(".")) {
            throw new IllegalArgumentException("einsum: '" + equation + "': an output ellipsis needs one in the operands");
        }
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
        if (rhs == null) rhs = implicitOutput(lhs, "");
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

    /** NumPy's implicit output: the letters of {@code lhs} that occur once and are not in {@code skip}, sorted. */
    private static String implicitOutput(String lhs, String skip) {
        StringBuilder out = new StringBuilder();
        lhs.chars().filter(Character::isLetter).distinct().sorted()
                .filter(c -> count(lhs, (char) c) == 1 && skip.indexOf(c) < 0).forEach(c -> out.append((char) c));
        return out.toString();
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
