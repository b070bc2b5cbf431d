#!/usr/bin/env bash
# Windows smoke test: cross-compiles sotay.exe (x86_64-pc-windows-gnu) and runs the command
# line a teacher's school PC would run under Wine, in a fresh Wine prefix: init, import the
# sample class list (CSV, then XLSX), a demo class, export each format, a Vietnamese export
# with pupils' names to a Vietnamese file name, a refused export, and the school report
# merged from the two classes' files, a class's bundle making devices under Wine and on
# Linux in turn, the same class synced through a hub (the Linux sotay-hub) between a
# Wine and a Linux device, and a principal's report pulled from that hub under Wine with a
# key file named in Vietnamese. Every step also runs with the Linux binary, and the
# two runs must agree: the same exit codes and byte-identical text reports, so no figure is
# written into this script. Last, the interface starts in a console (tmux), shows the class
# list and quits with F10, and the notebook opens again afterwards.
#
# Needs: the Rust target x86_64-pc-windows-gnu, x86_64-w64-mingw32-gcc (Debian:
# gcc-mingw-w64-x86-64), Wine (Debian: wine64), tmux and python3. `.ci/run` installs them.
# Exits 0 when everything agrees, 1 on any difference or failure, 2 when something it
# needs is missing. KEEP=1 keeps its temporary folder (both runs' files) to look at.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
step_timeout=120

say() { printf '== windows-smoke [%ss]: %s\n' "$SECONDS" "$*"; }
fail() {
  printf 'windows-smoke: FAILED: %s\n' "$*" >&2
  exit 1
}

wine=$(command -v wine64 || true)
[ -n "$wine" ] || { [ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64; } || true
[ -n "$wine" ] || wine=$(command -v wine || true)
wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] || { [ -x /usr/lib/wine/wineserver64 ] && wineserver=/usr/lib/wine/wineserver64; } || true
missing=()
[ -n "$wine" ] || missing+=("wine (Debian: wine64)")
[ -n "$wineserver" ] || missing+=("wineserver (Debian: wine64)")
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=("x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64)")
command -v tmux >/dev/null || missing+=(tmux)
command -v python3 >/dev/null || missing+=(python3)
command -v rustup >/dev/null || missing+=(rustup)
rustup target list --installed 2>/dev/null | grep -qx "$target" || missing+=("the Rust target $target")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'windows-smoke: missing: %s\n' "${missing[@]}" >&2
  exit 2
fi

target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
# A debug build without debug info: about half the build time of a release build on two
# cores, the same code, with overflow checks and debug assertions on top.
exe=$target_dir/$target/debug/sotay.exe
linux=$target_dir/debug/sotay

work=$(mktemp -d)
export WINEPREFIX=$work/wineprefix
# No Wine messages, no display (console programs need none), no Mono or Gecko set-up, and
# a UTF-8 locale, so Wine hands sotay.exe the Vietnamese arguments as the teacher typed them.
export WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES="mscoree=;mshtml=" LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY SOTAY_DATA_DIR
tmux_socket=$work/tmux
cleanup() {
  [ -z "${hub_pid:-}" ] || kill "$hub_pid" 2>/dev/null || true
  tmux -S "$tmux_socket" kill-server 2>/dev/null || true
  "$wineserver" -k 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "windows-smoke: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

say "building sotay.exe ($target, debug, no debug info)"
CARGO_PROFILE_DEV_DEBUG=0 cargo build --quiet --target "$target" --bin sotay
say "building the Linux binary to compare with"
cargo build --quiet --bin sotay

say "starting a fresh Wine prefix"
timeout 180 "$wine" wineboot -i >"$work/wineboot.log" 2>&1 || {
  cat "$work/wineboot.log" >&2
  fail "wineboot could not set up a Wine prefix"
}
system32=$WINEPREFIX/drive_c/windows/system32
if [ ! -e "$system32/bcryptprimitives.dll" ]; then
  # Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's standard library calls
  # for random numbers; Windows 10 and 11 have it. A stand-in, for this prefix only.
  say "this Wine lacks bcryptprimitives.dll: adding the stand-in (scripts/windows/)"
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$system32/bcryptprimitives.dll" \
    scripts/windows/bcryptprimitives.c -ladvapi32
fi

# The school year containing today, by sotay's rule (it starts in August), so the second
# class belongs to the demo class's school year.
year=$(date +%Y)
month=$(date +%-m)
[ "$month" -ge 8 ] || year=$((year - 1))
school_year="$year-$((year + 1))"
nb8a="sổ tay 8A"
nb8b="sổ tay 8B"
full_vi="Báo cáo 8A đầy đủ.md"

# run OS NAME ARGS...: runs sotay in $work/OS, keeping its exit code and output as NAME.*.
run() {
  local os=$1 name=$2
  shift 2
  local rc=0
  if [ "$os" = windows ]; then
    (cd "$work/$os" && timeout "$step_timeout" "$wine" "$exe" "$@") \
      >"$work/$os/$name.out" 2>"$work/$os/$name.err" </dev/null || rc=$?
    if [ "$rc" != 0 ] && [ ! -s "$work/$os/$name.err" ] && [ ! -s "$work/$os/$name.out" ]; then
      # sotay never fails without saying why, so a silent failure is Wine's own (seen
      # once in CI: exit 1, no output). Once more, with Wine's error messages kept.
      say "'$name' failed silently under Wine (exit $rc): once more, with Wine's errors shown"
      rc=0
      (cd "$work/$os" && WINEDEBUG=err+all timeout "$step_timeout" "$wine" "$exe" "$@") \
        >"$work/$os/$name.out" 2>"$work/$os/$name.err" </dev/null || rc=$?
    fi
  else
    (cd "$work/$os" && timeout "$step_timeout" "$linux" "$@") \
      >"$work/$os/$name.out" 2>"$work/$os/$name.err" </dev/null || rc=$?
  fi
  echo "$rc" >"$work/$os/$name.rc"
  echo "$name" >>"$work/$os/steps"
}

# linux_run NAME ARGS...: the Linux binary in the Wine run's folder, kept as NAME.* there.
linux_run() {
  local name=$1 rc=0
  shift
  (cd "$work/windows" && timeout "$step_timeout" "$linux" "$@") \
    >"$work/windows/$name.out" 2>"$work/windows/$name.err" </dev/null || rc=$?
  echo "$rc" >"$work/windows/$name.rc"
}

# The hub steps of the Wine run (see `steps`); the hub's address is kept in hub.url.
hub_steps() {
  local hub_bin=$target_dir/debug/sotay-hub i url code invite
  [ -x "$hub_bin" ] || cargo build --quiet -p sotay-hub
  "$hub_bin" serve --listen 127.0.0.1:0 --data "$work/hub" >"$work/hub.out" 2>"$work/hub.err" &
  hub_pid=$!
  for i in $(seq 1 300); do
    url=$(sed -n 's/^sotay-hub listening on //p' "$work/hub.out")
    [ -n "$url" ] && break
    kill -0 "$hub_pid" 2>/dev/null || fail "sotay-hub did not start: $(cat "$work/hub.err")"
    sleep 0.1
  done
  [ -n "$url" ] || fail "sotay-hub did not say where it listens"
  code=$("$hub_bin" enrol --data "$work/hub" --lang en --school-code DEMO01 --class 8A \
    --school-year "$school_year" | tail -n 1)
  run windows hub-join --data-dir "$nb8a" --lang en join "$url" --code "$code"
  run windows hub-invite --data-dir "$nb8a" --lang en invite
  invite=$(tail -n 1 "$work/windows/hub-invite.out")
  linux_run hub-linux-join --data-dir "hub linux device" --lang en join "$url" --code "$invite" \
    --recovery-code "$(tail -n 1 "$work/windows/account-new.out")"
  linux_run hub-linux-import --data-dir "hub linux device" --lang en import roster-8A.csv
  linux_run hub-linux-sync --data-dir "hub linux device" --lang en sync
  run windows hub-sync --data-dir "$nb8a" --lang en sync
  linux_run hub-linux-export --data-dir "hub linux device" --lang vi export -o "hub linux.md" \
    --format md --period "$school_year" --detail full
  run windows hub-export --data-dir "$nb8a" --lang vi export -o "hub wine.md" \
    --format md --period "$school_year" --detail full
  # A principal's computer under Wine: a reader's key in a file named in Vietnamese,
  # enrolled for the school; the Wine notebook accepts it and syncs; the school report
  # pulled under Wine (with the code) is the one the Linux binary pulls (with the token
  # kept beside the key).
  printf 'school_code,school,commune,province\nDEMO01,Trường THCS Thực Hành,Xã An Lạc,Thành phố Hải Phòng\n' \
    >"$work/places.csv"
  "$hub_bin" places import "$work/places.csv" --data "$work/hub" --lang en >/dev/null
  run windows reader-key --lang en keys new-report-key -o "khóa trường.key"
  local reader_code print
  reader_code=$("$hub_bin" enrol --data "$work/hub" --lang en --reader school:DEMO01 \
    --public-key "$(tail -n 1 "$work/windows/reader-key.out")" | tail -n 1)
  print=$(sed -n 's/^Fingerprint: \([^ ]*\).*/\1/p' "$work/windows/reader-key.out")
  run windows reader-accept --data-dir "$nb8a" --lang en readers accept "$print"
  run windows reader-sync --data-dir "$nb8a" --lang en sync
  run windows reader-pull --lang vi report pull --hub "$url" --key "khóa trường.key" \
    --code "$reader_code" --period "$school_year" -o "báo cáo trường.md"
  linux_run reader-linux-pull --lang vi report pull --hub "$url" --key "khóa trường.key" \
    --period "$school_year" -o "school linux.md"
  kill "$hub_pid" 2>/dev/null || true
  wait "$hub_pid" 2>/dev/null || true
}

# The steps, run once for each system, each in its own folder, with relative paths.
steps() {
  local os=$1 f
  rm -rf "${work:?}/$os"
  mkdir -p "$work/$os"
  cp tests/fixtures/import/roster-8A.csv tests/fixtures/import/roster-8A.xlsx "$work/$os/"
  run "$os" init --data-dir "$nb8b" --lang en init --teacher "Nguyễn Thị Mẫu" \
    --school "Trường THCS Thực Hành" --school-code DEMO01 --class 8B \
    --school-year "$school_year" --commune "Xã An Lạc" --province "Thành phố Hải Phòng"
  run "$os" import-csv --data-dir "$nb8b" --lang en import roster-8A.csv
  run "$os" import-xlsx --data-dir "$nb8b" --lang en import roster-8A.xlsx
  run "$os" demo --lang en demo --data-dir "$nb8a" --students 45 --seed 7
  for f in xlsx csv html md; do
    run "$os" "export-8A-$f" --data-dir "$nb8a" --lang en export -o "8A.$f" --format "$f" \
      --period "$school_year"
    run "$os" "export-8B-$f" --data-dir "$nb8b" --lang en export -o "8B.$f" --format "$f" \
      --period "$school_year"
  done
  run "$os" export-vi-full --data-dir "$nb8a" --lang vi export -o "$full_vi" --format md \
    --period "$school_year" --detail full
  run "$os" export-exists --data-dir "$nb8b" --lang en export -o 8B.md --format md \
    --period "$school_year"
  run "$os" merge-md --lang en report merge 8A.xlsx 8B.csv -o school.md --format md
  run "$os" merge-csv --lang en report merge 8A.html 8B.md -o school.csv --format csv
  run "$os" merge-xlsx --lang en report merge 8A.md 8B.xlsx -o school.xlsx --format xlsx
  run "$os" no-console --data-dir "$nb8b" --lang en
  # A notebook copied from another computer (here: the one the Linux run made) is checked
  # in full before it opens, then reports as it did at home.
  if [ "$os" = windows ]; then
    cp -r "$work/linux/$nb8a" "$work/windows/copied 8A"
    run windows export-copied --data-dir "copied 8A" --lang en export -o copied-8A.md \
      --format md --period "$school_year"
    # A bundle crosses systems: the 8A notebook gets an account under Wine, its bundle
    # makes a second device with the Linux binary, and that device's bundle one more under
    # Wine. Each device reports the class as the first does.
    run windows account-new --data-dir "$nb8a" --lang en account new
    local code
    code=$(tail -n 1 "$work/windows/account-new.out")
    run windows bundle-export --data-dir "$nb8a" --lang en bundle export -o "8A bundle.sotay"
    local rc=0
    (cd "$work/windows" && timeout "$step_timeout" "$linux" --data-dir "linux device" --lang en \
      bundle import "8A bundle.sotay" --recovery-code "$code" >linux-join.out 2>linux-join.err) || rc=$?
    echo "$rc" >"$work/windows/linux-join.rc"
    (cd "$work/windows" && timeout "$step_timeout" "$linux" --data-dir "linux device" --lang en \
      bundle export -o "from linux.sotay" >/dev/null 2>&1) || true
    run windows join-from-linux --data-dir "wine device" --lang en bundle import "from linux.sotay" \
      --recovery-code "$code"
    run windows export-wine-device --data-dir "wine device" --lang vi export -o "wine device.md" \
      --format md --period "$school_year" --detail full
    # Through a hub (the Linux sotay-hub on loopback): the Wine notebook joins it with its
    # account, invites a Linux device that pulls the class, the Linux device imports a list
    # and syncs, and the Wine notebook pulls that: both then report the class alike.
    hub_steps
    # Without --data-dir the notebook goes to the user's data folder the README names.
    run windows default-folder --lang en init --teacher "Nguyễn Thị Mẫu" \
      --school "Trường THCS Thực Hành" --school-code DEMO01 --class 8C \
      --school-year "$school_year"
  fi
}

# The figure NAME in the figures block every text export carries.
figure() { sed -n "s/^$2\t//p" "$1" | head -n 1; }

# What an XLSX holds, without its timestamps: every part but docProps, by name.
xlsx_parts() {
  python3 - "$1" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in sorted(z.namelist()):
        if not n.startswith("docProps/"):
            sys.stdout.write(n + "\n" + z.read(n).decode("utf-8") + "\n")
EOF
}

compare() {
  local l=$work/linux w=$work/windows rc name f
  while read -r name; do
    [ "$(cat "$l/$name.rc")" = "$(cat "$w/$name.rc")" ] ||
      fail "'$name' exited $(cat "$w/$name.rc") under Wine but $(cat "$l/$name.rc") on Linux:" \
        "$(cat "$w/$name.err" "$w/$name.out") (WINEDEBUG=err+all shows Wine's own messages)"
  done <"$l/steps"
  for name in init import-csv import-xlsx demo merge-md merge-csv merge-xlsx; do
    [ "$(cat "$w/$name.rc")" = 0 ] || fail "'$name' exited $(cat "$w/$name.rc"): $(cat "$w/$name.err")"
  done
  [ "$(cat "$w/export-exists.rc")" = 5 ] || fail "an export over an existing file was not refused (code 5)"
  [ "$(cat "$w/no-console.rc")" = 1 ] || fail "the interface without a console did not exit 1"
  # Import reports the same counts; the texts are English, so no console encoding in play.
  for name in import-csv import-xlsx; do
    diff -u "$l/$name.out" "$w/$name.out" >&2 || fail "'$name' reported other counts under Wine"
  done
  [ "$(cat "$w/export-copied.rc")" = 0 ] ||
    fail "the notebook made on Linux did not open under Wine: $(cat "$w/export-copied.err")"
  cmp -s "$l/8A.md" "$w/copied-8A.md" || fail "the notebook made on Linux reports otherwise under Wine"
  [ "$(cat "$w/default-folder.rc")" = 0 ] || fail "init without --data-dir failed: $(cat "$w/default-folder.err")"
  for name in account-new bundle-export linux-join join-from-linux export-wine-device; do
    [ "$(cat "$w/$name.rc")" = 0 ] || fail "'$name' exited $(cat "$w/$name.rc"): $(cat "$w/$name.err")"
  done
  for name in hub-join hub-invite hub-linux-join hub-linux-import hub-linux-sync hub-sync \
    hub-linux-export hub-export; do
    [ "$(cat "$w/$name.rc")" = 0 ] || fail "'$name' exited $(cat "$w/$name.rc"): $(cat "$w/$name.err")"
  done
  for name in reader-key reader-accept reader-sync reader-pull reader-linux-pull; do
    [ "$(cat "$w/$name.rc")" = 0 ] || fail "'$name' exited $(cat "$w/$name.rc"): $(cat "$w/$name.err")"
  done
  grep -q "^Figures for " "$w/reader-sync.out" ||
    fail "the Wine notebook published no figures to the reader: $(cat "$w/reader-sync.out")"
  cmp -s "$w/báo cáo trường.md" "$w/school linux.md" || {
    diff -u "$w/báo cáo trường.md" "$w/school linux.md" | head -n 40 >&2
    fail "the school report pulled under Wine and on Linux differ"
  }
  grep -q "^Batches sent: 0 .*received: [1-9]" "$w/hub-sync.out" ||
    fail "the Wine notebook pulled nothing from the hub: $(cat "$w/hub-sync.out")"
  cmp -s "$w/hub linux.md" "$w/hub wine.md" || {
    diff -u "$w/hub linux.md" "$w/hub wine.md" | head -n 40 >&2
    fail "a Wine and a Linux device synced through the hub report the class otherwise"
  }
  cmp -s "$w/$full_vi" "$w/hub wine.md" &&
    fail "the Linux device's import did not reach the Wine notebook through the hub"
  cmp -s "$w/$full_vi" "$w/wine device.md" || {
    diff -u "$w/$full_vi" "$w/wine device.md" | head -n 40 >&2
    fail "a device made from a bundle (Wine, then Linux, then Wine) reports the class otherwise"
  }
  compgen -G "$WINEPREFIX/drive_c/users/*/AppData/Roaming/sotay/sotay/data/*" >/dev/null ||
    fail "init without --data-dir did not write to %APPDATA%\\sotay\\sotay\\data"
  for f in 8A.csv 8A.html 8A.md 8B.csv 8B.html 8B.md "$full_vi" school.md school.csv; do
    [ -s "$w/$f" ] || fail "$f was not written under Wine"
    cmp -s "$l/$f" "$w/$f" || {
      diff -u "$l/$f" "$w/$f" | head -n 40 >&2
      fail "$f differs between Linux and Wine"
    }
  done
  for f in 8A.xlsx 8B.xlsx school.xlsx; do
    [ -s "$w/$f" ] || fail "$f was not written under Wine"
    [ "$(xlsx_parts "$l/$f")" = "$(xlsx_parts "$w/$f")" ] || fail "$f differs between Linux and Wine"
  done
  # The figures themselves, as read from the sample list: 8B holds every pupil imported,
  # the school the sum of its classes.
  local imported pupils_8a pupils_8b
  imported=$(sed -n 's/^Imported: //p' "$l/import-csv.out")
  pupils_8a=$(figure "$w/8A.md" pupils)
  pupils_8b=$(figure "$w/8B.md" pupils)
  [ "${imported:-0}" -gt 0 ] || fail "the Linux run imported nobody"
  [ "$pupils_8b" = "$imported" ] || fail "8B.md counts '$pupils_8b' pupils, $imported were imported"
  [ "$(sed -n 's/^| Pupils | \([0-9]*\) |$/\1/p' "$w/school.md")" = $((pupils_8a + pupils_8b)) ] ||
    fail "the merged report does not count the classes' $pupils_8a + $pupils_8b pupils"
  # Vietnamese survives the Windows paths and the arguments: the teacher's name given to
  # init, and in the file named in Vietnamese, the Vietnamese texts and the pupils' names
  # (the first cell of the last row of the Linux run's cases table).
  grep -q "Nguyễn Thị Mẫu" "$w/8B.md" || fail "the teacher's Vietnamese name was lost under Wine"
  grep -q "MẬT" "$w/$full_vi" || fail "'$full_vi' is not in Vietnamese"
  local pupil
  pupil=$(grep '^| ' "$l/$full_vi" | tail -n 1 | cut -d '|' -f 2 | sed 's/^ *//; s/ *$//')
  { [ -n "$pupil" ] && grep -qF "| $pupil |" "$w/$full_vi"; } ||
    fail "'$full_vi' lacks the pupil '$pupil' under Wine"
}

# The interface in a console: Wine maps tmux's terminal to a Windows console. It must draw
# the class list (its pupils' status column: Wine's console redraws the screen out of
# order, so a header or a whole line may come out garbled, but not every pupil's row) and
# quit on F10 with code 0, leaving the notebook free for the next step.
tui() {
  local dir=$work/windows
  tmux -S "$tmux_socket" new-session -d -x 120 -y 40 -c "$dir" \
    "timeout --foreground $step_timeout '$wine' '$exe' --data-dir '$nb8b' --lang en; echo \$? >tui.rc"
  for _ in $(seq 1 240); do
    tmux -S "$tmux_socket" capture-pane -p | grep -q "Not screened" && break
    sleep 0.25
  done
  tmux -S "$tmux_socket" capture-pane -p | grep -q "Not screened" || {
    tmux -S "$tmux_socket" capture-pane -p >&2 || true
    fail "the interface did not show the class list under Wine"
  }
  # A second sotay on an open notebook is told so (code 3), as on Linux.
  run windows while-open --data-dir "$nb8b" --lang en export -o while-open.md --format md \
    --period "$school_year"
  [ "$(cat "$dir/while-open.rc")" = 3 ] ||
    fail "a second sotay on the open notebook exited $(cat "$dir/while-open.rc"), not 3 (locked)"
  tmux -S "$tmux_socket" send-keys F10
  for _ in $(seq 1 240); do
    [ -s "$dir/tui.rc" ] && break
    sleep 0.25
  done
  [ "$(cat "$dir/tui.rc" 2>/dev/null)" = 0 ] || fail "the interface did not quit with F10 (code 0)"
  run windows after-tui --data-dir "$nb8b" --lang en export -o after-tui.md --format md \
    --period "$school_year"
  [ "$(cat "$dir/after-tui.rc")" = 0 ] || fail "the notebook stayed locked after the interface quit"
}

# Reports carry today's date: if midnight passes during the run, run the steps again.
for _ in 1 2; do
  day=$(date +%F)
  say "running the steps with the Linux binary"
  steps linux
  say "running the same steps with sotay.exe under Wine"
  steps windows
  [ "$day" = "$(date +%F)" ] && break
done
compare
say "starting the interface under Wine"
tui
say "passed: sotay.exe agrees with the Linux binary on every step, and its interface starts and quits"
