"""The benchmark suite: workloads, data, one adapter per library, the runner's parts."""
