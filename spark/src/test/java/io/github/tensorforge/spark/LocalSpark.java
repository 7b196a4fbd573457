package io.github.tensorforge.spark;

import org.apache.spark.SparkConf;

/** Spark's local mode inside the test JVM: no UI, loopback only, small shuffles. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkConf conf(String master, String app) {
        return new SparkConf().setMaster(master).setAppName(app)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "4")
                .set("spark.ui.showConsoleProgress", "false");
    }
}
