#!/usr/bin/env bash
# Redraws the charts that README.md shows (docs/*.png) from the bundled scenarios, with their
# own iterations and seeds. Run from the repository root after changing a chart or a scenario.
set -euo pipefail
bin=target/release/callprofit
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q=(--quiet)
$bin run scenarios/center_20.toml "${q[@]}" --out "$tmp/center_20" >/dev/null
$bin run scenarios/queue_15.toml "${q[@]}" --out "$tmp/queue_15" >/dev/null
$bin compare scenarios/queue_1_5.toml scenarios/queue_15.toml scenarios/queue_15_staffed.toml \
    "${q[@]}" --out "$tmp/queues" >/dev/null
$bin compare scenarios/plans/baseline.toml scenarios/plans/base_plus_commission.toml \
    "${q[@]}" --out "$tmp/plans" >/dev/null
$bin sensitivity scenarios/center_20.toml "${q[@]}" --out "$tmp/sensitivity" >/dev/null
$bin erlang scenarios/queue_15.toml --out "$tmp/erlang" >/dev/null
$bin sweep scenarios/queue_15.toml --set demand.calls_per_agent_hour=1.5..21:14 --iterations 40 \
    "${q[@]}" --out "$tmp/sweep" >/dev/null
$bin run scenarios/subscriber_economics.toml "${q[@]}" --out "$tmp/subscriber" >/dev/null
$bin sweep scenarios/offers.toml --set incentives.behaviour.offer_share=0..0.5:11 "${q[@]}" \
    --out "$tmp/offers" >/dev/null
cp "$tmp/subscriber/cash_fan.png" docs/subscriber_economics_cash_fan.png
cp "$tmp/offers/sweep_chart.png" docs/offers_sweep.png
cp "$tmp/center_20/profit_histogram.png" docs/center_20_profit_histogram.png
cp "$tmp/center_20/profit_fan.png" docs/center_20_profit_fan.png
cp "$tmp/queue_15/queue_by_hour.png" docs/queue_15_by_hour.png
cp "$tmp/queues/compare_box.png" docs/queue_compare_box.png
cp "$tmp/queues/compare_s_curve.png" docs/queue_compare_s_curve.png
cp "$tmp/plans/difference_1.png" docs/plans_base_plus_commission_difference.png
cp "$tmp/sensitivity/tornado.png" docs/center_20_tornado.png
cp "$tmp/sweep/sweep_chart.png" docs/queue_15_sweep.png
cp "$tmp/erlang/erlang_intervals.png" docs/queue_15_erlang_intervals.png
echo "redrew docs/*.png"
