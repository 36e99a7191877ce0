"""Run regkb and its peers on the emitted workloads and print a table.

Usage (run.sh calls it after installing and building everything):

    python3 run.py --dir WORK [--runs 3] [--timeout 60]
                   [--engines regkb,swipl,...] [--workloads tc-chain,...]
                   [--rust-peers BIN] [--out RESULTS.md]

WORK is a folder written by `cargo bench --bench engine -- --emit WORK`:
one folder per workload with the same facts in every engine's format and a
manifest.txt with the expected counts. Every engine runs every workload
RUNS times as a child process, started by the engine bench binary's
`--launch` mode, which measures the wall time around the child and its
peak memory as wait4's ru_maxrss (the whole process: for clingo and Nemo,
which run through Python, the interpreter is included). Each
engine prints `C = N` (or `c(N)` for clingo) and, with point queries,
`T = N`; a count that differs from the manifest is marked in the table. A
run that exceeds the timeout is killed and shown as `> N s`; once an
engine timed out on a transitive closure (chain or random) it is not run
on the larger ones of the same family. An engine that is not installed is shown as `—`.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

ENGINES = ["regkb", "regkb-1t", "regkb-csv", "ascent", "ascent-par", "crepe", "swipl", "nemo", "clingo"]

# regkb itself: by default on every core (`--threads` left to the machine),
# on one thread (the figure held to the single-threaded peers), and reading
# its facts from the CSV files the compiled peers read (`@facts`, in
# `program-data.kb`), on every core.
REGKB = ("regkb", "regkb-1t", "regkb-csv")

TITLES = {
    "regkb": "regkb",
    "regkb-1t": "regkb 1 thread",
    "regkb-csv": "regkb from CSV",
    "ascent": "ascent",
    "ascent-par": "ascent_par",
    "crepe": "crepe",
    "swipl": "SWI-Prolog",
    "nemo": "Nemo",
    "clingo": "clingo",
}

# The project's issue: median wall seconds / peak MiB of the peers on a
# 2-core machine of the same kind (Soufflé is not in the registries, so it
# is not run here; its figures are the bar).
ISSUE = {
    "tc-chain-2000": {"souffle-i": "0.91 / 32", "souffle-c": "0.73 / 25"},
    "tc-chain-4000": {"souffle-i": "4.07 / 92", "souffle-c": "3.47 / 85"},
    "tc-random-2000x6000": {"souffle-i": "2.64 / 72", "souffle-c": "2.10 / 64"},
    "sg-forest-4000": {"souffle-i": "0.32 / 22", "souffle-c": "0.23 / 15"},
    "neg-500": {"souffle-i": "0.10 / 15", "souffle-c": "0.06 / 7"},
    "reg-materialise": {"souffle-i": "0.20 / 24", "souffle-c": "0.16 / 16"},
    "reg-queries": {"souffle-i": "0.35 / 27", "souffle-c": "0.31 / 19"},
}


def read_manifest(wdir):
    manifest = {}
    with open(os.path.join(wdir, "manifest.txt")) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            manifest[key] = value
    return manifest


def available(engine, args):
    """Whether the engine can run here, and why not."""
    if engine in REGKB:
        return os.access(args.regkb, os.X_OK), f"no regkb binary at {args.regkb}"
    if engine in ("ascent", "ascent-par", "crepe"):
        return os.access(args.rust_peers, os.X_OK), f"no rust-peers binary at {args.rust_peers}"
    if engine == "swipl":
        return shutil.which("swipl") is not None, "swipl not on PATH"
    module = {"clingo": "clingo", "nemo": "nmo_python"}[engine]
    ok = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).returncode == 0
    return ok, f"python module {module} not importable"


def command(engine, wdir, args):
    """The command line and working folder of one engine on one workload."""
    if engine in REGKB:
        threads = ["--threads", "1"] if engine == "regkb-1t" else []
        program = "program-data.kb" if engine == "regkb-csv" else "program.kb"
        return [
            args.regkb, "run", "--no-default-kb", "--max-tuples", "100000000",
            "--timeout", "0", *threads, program,
        ], wdir
    if engine in ("ascent", "ascent-par", "crepe"):
        return [args.rust_peers, engine, wdir], wdir
    if engine == "swipl":
        return ["swipl", "program.pl"], wdir
    if engine == "clingo":
        return [sys.executable, "-m", "clingo", "--outf=0", "-V0", "program.lp"], wdir
    if engine == "nemo":
        return [sys.executable, os.path.join(HERE, "nemo_run.py"), wdir], wdir
    raise ValueError(engine)


def parse(engine, output):
    """(count, trues) from an engine's standard output."""
    if engine in REGKB:
        count = re.search(r"^C = (\d+)$", output, re.M)
        trues = sum(1 for line in output.splitlines() if line == "true.")
        return (int(count.group(1)) if count else None), trues
    if engine == "clingo":
        count = re.search(r"\bc\((\d+)\)", output)
        trues = re.search(r"\bt\((\d+)\)", output)
    else:
        count = re.search(r"^C = (\d+)$", output, re.M)
        trues = re.search(r"^T = (\d+)$", output, re.M)
    return (
        int(count.group(1)) if count else None,
        int(trues.group(1)) if trues else None,
    )


def run_once(cmd, cwd, timeout, launcher):
    """Runs cmd through the engine bench's launcher (`--launch`), which
    measures wall time and wait4's ru_maxrss from a fresh small process (a
    child's ru_maxrss is at least its spawner's peak, so measuring from
    this Python process would add its own memory to every figure).
    Returns (seconds, peak KiB, stdout, stderr, exit status, timed_out)."""
    with tempfile.TemporaryDirectory() as tmp:
        out_path = os.path.join(tmp, "out")
        err_path = os.path.join(tmp, "err")
        proc = subprocess.Popen(
            [launcher, "--launch", out_path, err_path, *cmd],
            cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,
        )
        try:
            report, problem = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            return None, None, "", "", None, True

        def read(path):
            try:
                with open(path, "rb") as f:
                    return f.read().decode(errors="replace")
            except OSError:
                return ""

        fields = report.decode().split()
        if len(fields) < 3:
            return None, None, "", problem.decode(errors="replace"), -1, False
        status = int(fields[2]) if fields[2].lstrip("-").isdigit() else -1
        return (
            float(fields[0]), int(fields[1]), read(out_path), read(err_path), status, False,
        )


class Cell:
    """One engine on one workload."""

    def __init__(self):
        self.times = []
        self.peak_kib = 0
        self.timed_out = False
        self.skipped = False
        self.error = None
        self.mismatch = None

    def text(self, timeout):
        if self.skipped or self.timed_out:
            return f"> {timeout:g} s"
        if self.error:
            return "error"
        if not self.times:
            return "—"
        mark = " ✗" if self.mismatch else ""
        return f"{self.median():.2f} / {self.peak_kib / 1024:.0f}{mark}"

    def median(self):
        return statistics.median(self.times) if self.times else None


def bench(engine, workload, wdir, manifest, args, log):
    cell = Cell()
    cmd, cwd = command(engine, wdir, args)
    expected = int(manifest["expected"])
    expected_true = int(manifest["expected_true"]) if "expected_true" in manifest else None
    for _ in range(args.runs):
        seconds, kib, out, err, status, timed_out = run_once(cmd, cwd, args.timeout, args.launcher)
        if timed_out:
            cell.timed_out = True
            log(f"    {engine}: timed out after {args.timeout:g} s")
            return cell
        # clingo exits with 10 (satisfiable) or 30 (optimum) on success.
        ok_status = (0, 10, 30) if engine == "clingo" else (0,)
        if status not in ok_status:
            cell.error = f"exit {status}: {err.strip()[-500:]}"
            log(f"    {engine}: {cell.error}")
            return cell
        count, trues = parse(engine, out)
        problems = []
        if count != expected:
            problems.append(f"count {count}, expected {expected}")
        if expected_true is not None and trues != expected_true:
            problems.append(f"{trues} true, expected {expected_true}")
        if problems:
            cell.mismatch = "; ".join(problems)
            log(f"    {engine}: MISMATCH {cell.mismatch}")
        cell.times.append(seconds)
        cell.peak_kib = max(cell.peak_kib, kib)
    log(f"    {engine}: median {cell.median():.3f} s, peak {cell.peak_kib / 1024:.1f} MiB")
    return cell


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} × {cpu}{mem}, {platform.system()} {platform.release()}"


def versions(engines_here):
    def first_line(cmd):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    lines = []
    if "swipl" in engines_here:
        lines.append(first_line(["swipl", "--version"]))
    if "clingo" in engines_here:
        lines.append("clingo " + first_line([sys.executable, "-c", "import clingo; print(clingo.__version__)"]))
    if "nemo" in engines_here:
        lines.append("nemo-python " + first_line([sys.executable, "-c", "import importlib.metadata as m; print(m.version('nemo-python'))"]))
    return lines


def ratio(r):
    """A ratio with two significant digits below 10."""
    return f"{r:.2f}×" if r < 1 else f"{r:.1f}×" if r < 10 else f"{r:.0f}×"


def table(workloads, manifests, cells, engines, args):
    lines = []
    head = ["workload", "tuples"] + [TITLES[e] for e in engines]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for w in workloads:
        row = [w, f"{int(manifests[w]['expected']):,}"]
        row += [cells[(e, w)].text(args.timeout) for e in engines]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("Median wall seconds / peak MiB; ✗ marks a wrong count.")
    others = [e for e in engines if e not in REGKB]
    for me in [e for e in REGKB if e in engines and others]:
        lines.append("")
        lines.append(
            f"{TITLES[me]}: time ÷ each peer's time (and memory ÷ memory); "
            "above 1 means regkb is slower:"
        )
        lines.append("")
        head = ["workload"] + [f"÷ {TITLES[e]}" for e in others]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * len(others)) + "|")
        for w in workloads:
            mine = cells[(me, w)]
            row = [w]
            for e in others:
                theirs = cells[(e, w)]
                if mine.median() and theirs.median():
                    row.append(
                        f"{ratio(mine.median() / theirs.median())} / "
                        f"{ratio(mine.peak_kib / max(theirs.peak_kib, 1))}"
                    )
                elif mine.median() and (theirs.timed_out or theirs.skipped):
                    row.append(f"< {ratio(mine.median() / args.timeout)}")
                else:
                    row.append("—")
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="folder written by the engine bench's --emit")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--workloads", default="", help="comma-separated name filters")
    parser.add_argument("--regkb", help="the regkb binary (default: WORK/regkb-bin.txt)")
    parser.add_argument("--rust-peers", default="/tmp/regkb-peers-target/rust-peers/release/rust-peers")
    parser.add_argument("--out", help="also write the table, with date and machine, here")
    args = parser.parse_args()

    if not args.regkb:
        with open(os.path.join(args.dir, "regkb-bin.txt")) as f:
            args.regkb = f.read().strip()
    with open(os.path.join(args.dir, "launcher.txt")) as f:
        args.launcher = f.read().strip()
    with open(os.path.join(args.dir, "workloads.txt")) as f:
        workloads = [w for w in f.read().split() if w]
    filters = [f for f in args.workloads.split(",") if f]
    if filters:
        workloads = [w for w in workloads if any(f in w for f in filters)]
    engines = [e for e in args.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            parser.error(f"unknown engine {e}; known: {', '.join(ENGINES)}")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    manifests = {w: read_manifest(os.path.join(args.dir, w)) for w in workloads}
    cells = {}
    missing = {}
    for e in engines:
        ok, why = available(e, args)
        if not ok:
            missing[e] = why
            log(f"{e}: not available ({why}); marked —")
    # Smallest closure of a family (tc-chain, tc-random) an engine timed out
    # on: it is not run on larger ones of that family.
    closure_timeout = {}
    started = time.monotonic()
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for w in workloads:
        manifest = manifests[w]
        log(f"{w}: {manifest.get('description', '')}")
        for e in engines:
            if e in missing:
                cells[(e, w)] = Cell()
                continue
            family = w.rsplit("-", 1)[0]
            limit = closure_timeout.get((e, family))
            if manifest["kind"] == "tc" and limit is not None and int(manifest["expected"]) >= limit:
                cell = Cell()
                cell.skipped = True
                cells[(e, w)] = cell
                log(f"    {e}: skipped (timed out on a smaller closure)")
                continue
            cell = bench(e, w, os.path.join(args.dir, w), manifest, args, log)
            if cell.timed_out and manifest["kind"] == "tc":
                key = (e, family)
                closure_timeout[key] = min(closure_timeout.get(key, 1 << 62), int(manifest["expected"]))
            cells[(e, w)] = cell
    elapsed = time.monotonic() - started

    text = table(workloads, manifests, cells, engines, args)
    here = [e for e in engines if e not in missing]
    notes = [
        f"Date: {datetime.date.today().isoformat()}. Machine: {machine()}.",
        f"{args.runs} run(s) per engine and workload, timeout {args.timeout:g} s per run; "
        f"the whole comparison took {elapsed / 60:.1f} min. Load average at start {load_start}, "
        f"at end {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine skews the times).",
    ]
    try:
        tree = subprocess.run(
            ["git", "-C", HERE, "describe", "--always", "--dirty"],
            capture_output=True, text=True, timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        tree = ""
    if tree:
        notes.append(f"regkb tree: {tree}.")
    v = versions(here)
    if v:
        notes.append("Versions: " + "; ".join(v) + "; ascent and crepe as locked in rust-peers/Cargo.lock.")
    for e, why in missing.items():
        notes.append(f"{TITLES[e]} not run: {why}.")
    errors = [
        f"{TITLES[e]} on {w}: {c.error or c.mismatch}"
        for (e, w), c in cells.items()
        if c.error or c.mismatch
    ]
    for line in errors:
        notes.append(f"Problem: {line}")
    report = "\n".join(notes) + "\n\n" + text + "\n"
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write("# regkb and its peers: latest run\n\n")
            f.write("Written by `benches/peers/run.sh` (see README.md there for the workloads and the bar).\n\n")
            f.write(report)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
