#!/usr/bin/env bash
# Peak memory (maximum resident set size) of the interface on a notebook of N fictional
# pupils: builds the release binary, fills a temporary notebook, runs `sotay` under
# /usr/bin/time -v inside tmux, waits until the class list is on screen, quits with F10
# and prints the figure. Needs tmux and GNU time (Debian: tmux, time).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
cargo build --release --quiet
dir=$(mktemp -d)
out=$(mktemp)
trap 'tmux kill-session -t sotay-mem 2>/dev/null || true; rm -rf "$dir" "$out"' EXIT
./target/release/sotay --lang en demo --data-dir "$dir" --students "$n" >/dev/null
tmux new-session -d -s sotay-mem -x 120 -y 40 \
  "/usr/bin/time -v -o $out ./target/release/sotay --lang en --data-dir $dir"
# Wait for the first frame: the status bar counts the pupils.
for _ in $(seq 1 200); do
  tmux capture-pane -p -t sotay-mem | grep -q "$n" && break
  sleep 0.05
done
tmux send-keys -t sotay-mem F10
for _ in $(seq 1 200); do
  [ -s "$out" ] && grep -q "Maximum resident" "$out" && break
  sleep 0.05
done
kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
echo "peak RSS with $n pupils: $kb KiB ($((kb / 1024)) MiB)"
