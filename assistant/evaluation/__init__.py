"""Golden-question evaluation: suites, deterministic metrics, and the runner that ties them together."""
