#!/bin/bash
# What `callprofit slurm submit SCENARIO --shards N --out DIR` does, by hand:
#   deploy/slurm/submit.sh SCENARIO N DIR [run flags such as --iterations 100000]
# DIR must be on a file system every node sees; callprofit must be on the nodes' PATH (or set
# CALLPROFIT to its path).
set -euo pipefail
scenario=$(realpath "$1"); n=$2; dir=$(realpath -m "$3"); shift 3
bin=${CALLPROFIT:-$(command -v callprofit)}
here=$(dirname "$(realpath "$0")")
mkdir -p "$dir/logs" "$dir/shards"
array=$(sbatch --parsable --array=0-$((n - 1)) --output="$dir/logs/shard-%a.out" \
  "$here/shard.sbatch" "$n" "$bin" run "$scenario" --long --out "$dir/shards" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --output="$dir/logs/merge.out" "$here/merge.sbatch" "$bin" merge "$dir/shards" --out "$dir/merged")
echo "shards: job $array (array 0-$((n - 1)))"
echo "merge: job ${merge%%;*} (after the shards succeed), writes $dir/merged"
