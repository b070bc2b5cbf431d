#!/usr/bin/env bash
# Peak memory (maximum resident set size) of sotay, with fictional pupils:
#
#   scripts/measure-memory.sh [N]          the interface on a notebook of N pupils: fills a
#                                          temporary notebook, runs `sotay` under
#                                          /usr/bin/time -v inside tmux, waits until the class
#                                          list is on screen, quits with F10
#   scripts/measure-memory.sh import [N]   `sotay import` of a CSV class list of N pupils
#                                          into a notebook with a profile and no pupils
#   scripts/measure-memory.sh demo [N]     `sotay demo --students N`
#
# N is 2000 unless given. With LOCKED=1 the notebook is locked with a passphrase (given in
# SOTAY_PASSPHRASE, so the interface opens without its lock screen; the unlock's Argon2id
# memory is counted). Builds the release binary first. Needs GNU time (Debian: time), and
# tmux for the interface.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=tui
case "${1:-}" in
  import | demo) mode=$1; shift ;;
esac
n=${1:-2000}
cargo build --release --quiet
dir=$(mktemp -d)
out=$(mktemp)
trap 'tmux kill-session -t sotay-mem 2>/dev/null || true; rm -rf "$dir" "$out"' EXIT
bin=./target/release/sotay
if [ "${LOCKED:-0}" = 1 ]; then
  export SOTAY_PASSPHRASE="mật khẩu đo bộ nhớ"
fi
# Locks the notebook in $1 when LOCKED=1.
lock() {
  [ "${LOCKED:-0}" = 1 ] || return 0
  SOTAY_NEW_PASSPHRASE="$SOTAY_PASSPHRASE" "$bin" --lang en --data-dir "$1" passphrase set >/dev/null 2>&1
}
peak() { awk -F': ' '/Maximum resident set size/ {print $2}' "$out"; }
case $mode in
  import)
    # The school year under way (one starts in August), which `init` takes.
    y=$(date +%Y)
    [ "$(date +%-m)" -ge 8 ] || y=$((y - 1))
    "$bin" --lang en --data-dir "$dir/nb" init --teacher "Cô Giáo Thử" --school "Trường Thử" \
      --school-code 01 --class 8A --school-year "$y-$((y + 1))" >/dev/null
    {
      echo "Mã HS,Họ và tên,Ngày sinh,Giới tính,Địa chỉ,Họ tên cha mẹ,Số điện thoại"
      for i in $(seq 1 "$n"); do
        printf 'HS%06d,Học Sinh Thử %d,%02d/%02d/2013,%s,"Thôn Thử, xã Thử",Phụ Huynh Thử,0900%06d\n' \
          "$i" "$i" $((i % 28 + 1)) $((i % 12 + 1)) "$([ $((i % 2)) = 0 ] && echo Nam || echo Nữ)" "$i"
      done
    } >"$dir/lop.csv"
    /usr/bin/time -v -o "$out" "$bin" --lang en --data-dir "$dir/nb" import "$dir/lop.csv" >/dev/null
    what="importing $n pupils"
    ;;
  demo)
    /usr/bin/time -v -o "$out" "$bin" --lang en demo --data-dir "$dir/nb" --students "$n" >/dev/null
    what="demo --students $n"
    ;;
  tui)
    "$bin" --lang en demo --data-dir "$dir" --students "$n" >/dev/null
    lock "$dir"
    tmux new-session -d -s sotay-mem -x 120 -y 40 \
      "SOTAY_PASSPHRASE='${SOTAY_PASSPHRASE:-}' /usr/bin/time -v -o $out $bin --lang en --data-dir $dir"
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
    what="the interface with $n pupils"
    ;;
esac
kb=$(peak)
[ "${LOCKED:-0}" = 1 ] && what="$what, locked with a passphrase"
echo "peak RSS of $what: $kb KiB ($((kb / 1024)) MiB)"
