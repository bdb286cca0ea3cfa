"""What builds, checks and publishes the stories: the build (papermill, staging, incremental
hashes), the kernels it starts, the static site, `cecot diff`, the benchmark, the command line
and the project's pytest plugin."""
