#!/usr/bin/env bash
# Side-by-side comparison of regkb with SWI-Prolog (tabling), clingo, Nemo,
# ascent and crepe on the engine bench's workloads. Not part of `cargo test`
# or CI. See README.md beside this file.
#
# usage: benches/peers/run.sh [run.py options: --runs N --timeout S
#                              --engines regkb,swipl,... --workloads tc-chain,...]
# environment: PEERS_TARGET_DIR (builds, default /tmp/regkb-peers-target),
#              PEERS_WORK_DIR (emitted inputs, default /tmp/regkb-peers-work),
#              PEERS_NO_INSTALL=1 (do not install missing peers),
#              PEERS_OUT (table file, default benches/peers/RESULTS.md; '' = none)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${PEERS_TARGET_DIR:-/tmp/regkb-peers-target}
work=${PEERS_WORK_DIR:-/tmp/regkb-peers-work}
out=${PEERS_OUT-$here/RESULTS.md}
python=${PYTHON:-python3}

say() { printf 'run.sh: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

if [ "${PEERS_NO_INSTALL:-}" != 1 ]; then
    if ! command -v swipl >/dev/null; then
        say "installing SWI-Prolog (Debian swi-prolog-nox)"
        { as_root apt-get update && as_root apt-get install -y swi-prolog-nox; } >/dev/null \
            || say "could not install swi-prolog-nox; SWI-Prolog will be marked —"
    fi
    if ! "$python" -c 'import clingo' 2>/dev/null; then
        say "installing clingo (pip)"
        "$python" -m pip install --quiet clingo || say "could not install clingo; it will be marked —"
    fi
    if ! "$python" -c 'import nmo_python' 2>/dev/null; then
        say "installing Nemo (pip nemo-python)"
        "$python" -m pip install --quiet nemo-python || say "could not install nemo-python; Nemo will be marked —"
    fi
fi

say "building ascent, ascent_par and crepe (benches/peers/rust-peers)"
CARGO_TARGET_DIR="$target/rust-peers" cargo build --quiet --release \
    --manifest-path "$here/rust-peers/Cargo.toml" \
    || say "could not build rust-peers; ascent and crepe will be marked —"

say "building regkb and writing the workloads to $work"
rm -rf "$work"
(cd "$root" && CARGO_TARGET_DIR="$target/main" cargo bench --quiet --bench engine -- --emit "$work" >/dev/null) || {
    say "could not build regkb or emit the workloads"
    exit 1
}

args=(--dir "$work" --rust-peers "$target/rust-peers/release/rust-peers")
[ -n "$out" ] && args+=(--out "$out")
exec "$python" "$here/run.py" "${args[@]}" "$@"
