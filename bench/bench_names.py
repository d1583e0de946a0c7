"""How long the name index takes to build and to resolve, at the sizes imports reach.

For each size, the synthetic organisations' names (``redchain.synthetic``) go into a
``NameIndex``; then it resolves names of three sorts:

* **exact**: names as the units have them (dictionary look-ups on the clean and core forms);
* **first fuzzy**: one name with a character dropped, which builds the fuzzy blocks' character
  pair lists on the way (paid once per index);
* **fuzzy**: more such names, each scored with rapidfuzz against its shortlist.

No engine is involved: the importer reads the units from the graph once and then does this.

    python bench/bench_names.py                      # 10k, 100k and 250k units
    python bench/bench_names.py --sizes 2000 --names 50       # smoke run
"""

from __future__ import annotations

import argparse
import json
import random
import time

from redchain import synthetic
from redchain.importing.names import NameIndex, Unit


def measure(size: int, names: int, seed: int) -> dict[str, float | int]:
    orgs = synthetic.Organizations(synthetic.Layout.for_size(size), seed)
    written = [orgs.name(i) for i in range(size)]
    units = [Unit(f"{i:018d}", name) for i, name in enumerate(written)]
    rng = random.Random(seed)

    started = time.perf_counter()
    index = NameIndex.from_units(units)
    build = time.perf_counter() - started

    exact = rng.sample(written, min(names, size))
    started = time.perf_counter()
    found = index.resolve_many(exact)
    exact_s = time.perf_counter() - started

    damaged = [n[: len(n) // 2] + n[len(n) // 2 + 1 :] for n in rng.sample(written, names + 1)]
    started = time.perf_counter()
    index.resolve(damaged[0])
    first = time.perf_counter() - started
    started = time.perf_counter()
    fuzzy = index.resolve_many(damaged[1:])
    fuzzy_s = time.perf_counter() - started
    return {
        "units": size,
        "build_s": round(build, 2),
        "exact_ms_per_name": round(exact_s / len(exact) * 1000, 3),
        "exact_resolved": sum(1 for r in found.values() if r.ok),
        "first_fuzzy_s": round(first, 2),
        "fuzzy_ms_per_name": round(fuzzy_s / len(fuzzy) * 1000, 1),
        "fuzzy_with_candidates": sum(1 for r in fuzzy.values() if r.candidates),
        "names": names,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 250_000])
    parser.add_argument("--names", type=int, default=200, help="names resolved of each sort")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for size in args.sizes:
        print(json.dumps(measure(size, args.names, args.seed)), flush=True)


if __name__ == "__main__":
    main()
