"""The benchmarks at a tiny size, so that none of them can rot: each must finish with failed_actions 0."""
