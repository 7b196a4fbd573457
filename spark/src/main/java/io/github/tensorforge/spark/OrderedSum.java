package io.github.tensorforge.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sums one value per shard in shard order, as a tree: with {@code depth >= 2} and enough shards, executors first add
 * up groups of consecutive shards (one shuffle), then the driver adds the groups. Unlike Spark's
 * {@code treeAggregate}, which adds results in the order tasks finish, the order here never depends on timing, so a
 * retried or slow task cannot change a single bit of the sum: float addition is not associative.
 */
final class OrderedSum {
    private OrderedSum() {}

    /** A value that adds another into itself and returns itself. */
    interface Summable<T> extends Serializable {
        T add(T other);
    }

    /** Below this many shards one level (the driver adding every shard's value) is as cheap as a tree. */
    static final int TREE_FROM = 8;

    static <T extends Summable<T>> T of(JavaRDD<Shard> shards, Function<Shard, T> value, int depth, T zero) {
        JavaPairRDD<Integer, T> perShard = shards.mapToPair(s -> new Tuple2<>(s.index(), value.call(s)));
        int n = shards.getNumPartitions();
        List<Tuple2<Integer, T>> parts;
        if (depth >= 2 && n >= TREE_FROM) {
            int group = (int) Math.ceil(Math.sqrt(n));
            parts = perShard.mapToPair(t -> new Tuple2<>(t._1() / group, t))
                    .groupByKey((n + group - 1) / group)
                    .mapValues(OrderedSum::sumInOrder)
                    .collect();
        } else {
            parts = perShard.collect();
        }
        List<Tuple2<Integer, T>> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        T total = zero;
        for (Tuple2<Integer, T> t : sorted) total = total.add(t._2());
        return total;
    }

    private static <T extends Summable<T>> T sumInOrder(Iterable<Tuple2<Integer, T>> group) {
        List<Tuple2<Integer, T>> list = new ArrayList<>();
        group.forEach(list::add);
        list.sort(Comparator.comparing(Tuple2::_1));
        T total = list.get(0)._2();
        for (int i = 1; i < list.size(); i++) total = total.add(list.get(i)._2());
        return total;
    }
}
