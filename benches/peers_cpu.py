#!/usr/bin/env python3
"""The shared peers' throughput per CPU-second (time.process_time), beside
`perf stat -e task-clock` of `cargo run --release --example throughput`: on a machine that
other work loads, CPU time is the steadier figure. Usage: python3 benches/peers_cpu.py PEERS_DIR
(the folder that holds w1_peers.py and w2_queue.py)."""
import sys
import time

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "/work/shared/peers")
import w1_peers  # noqa: E402
import w2_queue  # noqa: E402

# W1: np_agg, 100,000 agent-years at 15 calls per agent-hour, 15 runs.
secs = []
for r in range(15):
    t = time.process_time()
    w1_peers.run_np_agg(15.0, 100000, 7 + r)
    secs.append(time.process_time() - t)
secs.sort()
print("W1 np_agg: median %.2f M agent-years per CPU-second, best %.2f"
      % (1e5 / secs[len(secs) // 2] / 1e6, 1e5 / secs[0] / 1e6))
# W2: the FCFS recursion with abandonment, 20 iterations a run, 5 runs.
rates = []
for r in range(5):
    t = time.process_time()
    offered = sum(w2_queue.iter_fcfs(7 + 1000 * r + i, True)["offered"] for i in range(20))
    rates.append(offered / (time.process_time() - t))
rates.sort()
print("W2 fcfs: median %.2f M calls per CPU-second, best %.2f" % (rates[2] / 1e6, rates[-1] / 1e6))
