"""Haircut taint as Spark joins, in local mode, checked against the compiled scan's result.

Run with an environment that has pyspark (not a LexBridge dependency):
``python benchmarks/spark/haircut_spark.py DIR`` after ``export_chain.py DIR``.

The forward scan is sequential; Spark instead iterates to a fixpoint: each round recomputes every
transaction that spends a tainted output from the current taint of its inputs
(``T = Σ taint``, ``V = Σ value`` per transaction, then ``floor(v·T/V)`` per output and the
residual to the fee), until no output changes. Exact integers: the products are DECIMAL(38,0).
"""

from __future__ import annotations

import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F  # noqa: N812


def main() -> None:
    folder = sys.argv[1]
    max_rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(f"{folder}/checkpoints")
    outputs = spark.read.parquet(f"{folder}/outputs.parquet").cache()
    inputs = spark.read.parquet(f"{folder}/inputs.parquet").cache()
    seeds = spark.read.parquet(f"{folder}/seeds.parquet")
    pot = (
        inputs.join(outputs.select("o", "value"), "o").groupBy("t").agg(F.sum("value").alias("pot"))
    ).cache()
    seeded = (
        seeds.join(outputs.select("o", "value"), "o")
        .select("o", F.col("value").alias("taint"))
        .cache()
    )
    taint = seeded
    start = time.perf_counter()
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        spent = (
            inputs.join(taint, "o")
            .groupBy("t")
            .agg(F.sum("taint").alias("taint_in"))
            .join(pot, "t")
        )
        outs = outputs.where(F.col("t") >= 0).join(spent, "t")
        regular = outs.where(F.col("kind") != 1).withColumn(
            "share",
            F.least(
                F.col("value"),
                F.floor(
                    F.col("value").cast("decimal(38,0)")
                    * F.col("taint_in").cast("decimal(38,0)")
                    / F.col("pot").cast("decimal(38,0)")
                ).cast("long"),
            ),
        )
        given = regular.groupBy("t").agg(F.sum("share").alias("given"))
        fee = (
            outs.where(F.col("kind") == 1)
            .join(given, "t", "left")
            .withColumn(
                "share",
                F.least(F.col("value"), F.col("taint_in") - F.coalesce(F.col("given"), F.lit(0))),
            )
        )
        computed = (
            regular.select("o", "share")
            .unionByName(fee.select("o", "share"))
            .where(F.col("share") > 0)
        )
        new_taint = (
            computed.join(seeded.select("o"), "o", "left_anti")
            .withColumnRenamed("share", "taint")
            .unionByName(seeded)
        ).localCheckpoint()
        changed = (
            new_taint.alias("n")
            .join(taint.alias("p"), "o", "full_outer")
            .where(~F.coalesce(F.col("n.taint") == F.col("p.taint"), F.lit(False)))
            .count()
        )
        taint = new_taint
        if changed == 0:
            break
    took = time.perf_counter() - start
    expected = spark.read.parquet(f"{folder}/expected.parquet")
    mismatches = (
        taint.alias("s")
        .join(expected.alias("e"), "o", "full_outer")
        .where(~F.coalesce(F.col("s.taint") == F.col("e.taint"), F.lit(False)))
        .count()
    )
    print(
        f"Spark local[2]: {rounds} rounds to the fixpoint in {took:.1f} s ({took / rounds:.2f} s a round); "
        f"{taint.count():,} tainted outputs; outputs differing from the compiled scan: {mismatches}"
    )
    spark.stop()


if __name__ == "__main__":
    main()
