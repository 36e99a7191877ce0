"""Run one Nemo program through nemo-python and print its counts.

Usage: python3 nemo_run.py WORKLOAD_DIR

Loads WORKLOAD_DIR/program.rls (written by the engine bench's --emit; its
@import paths are relative to WORKLOAD_DIR, so this changes into it),
reasons to the full model, and prints `C = N` (the row of the `c`
predicate, a #count aggregate) and, when the program has point queries,
`T = N` (the row of `t`): the lines every engine of the comparison prints.
"""

import os
import sys

import nmo_python


def only_value(engine, predicate):
    rows = list(engine.result(predicate))
    if len(rows) != 1 or len(rows[0]) != 1:
        raise SystemExit(f"nemo: expected one row in {predicate}, got {rows[:3]}")
    return int(rows[0][0])


def main():
    os.chdir(sys.argv[1])
    program = nmo_python.load_file("program.rls")
    engine = nmo_python.NemoEngine(program)
    engine.reason()
    print(f"C = {only_value(engine, 'c')}")
    if os.path.exists("facts/q.csv"):
        print(f"T = {only_value(engine, 't')}")


if __name__ == "__main__":
    main()
