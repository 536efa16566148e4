"""Benchmark: build time, memory, weight and search cost of a series of 10 to 5000 episodes.

For each size N, the bench generates a synthetic series in a temporary folder (French
transcripts of about 1,500 words, 8 chapters, WebVTT captions, 2 themes among 12, a
self-hosted poster, third-party video hosts) and builds it twice: our site, with the
repository's mkdocs.yml and the `episodes` plugin, and a plain Material for MkDocs site
holding the same text (`projects`).

It prints, for each N, build time, the memory of every build process summed at each
instant (MkDocs, its workers, Pagefind: `tree_memory`), output size, the weight of one
episode page and of the series index, the bytes one search fetches; then the growth from
N=100 (build time fitted as a + b·N: `scale_fit`, `scale_report`) and whether the
targets of issue 21 (« ten times more »: at N=5000, build ≤ 0.3 × plain Material, all
processes ≤ 1.5 GB, linear growth, every page within budget, first search ≤ 160 KB,
later ones ≤ 60 KB) and of the former issue on 1000 episodes are met. It is a
benchmark, not a test: figures depend on the machine and its load, printed with them.

From N=2000 on, the plain Material build takes minutes (19 at N=5000 on the shared
two-core machine, against under 3 for ours): both sites are built once there.

Everything it measures with comes from the package as it ships (page weights, EcoIndex,
compression, slugs, URLs) and from the repository's mkdocs.yml (the page budget, the
themes): the bench restates none of it.

Modules: `synthetic` (the series), `projects` (the two sites' sources), `runs` (timed
builds, peak memory, profiling), `tree_memory` (every process of a build, sampled),
`measures` (sizes, page weights, search cost), `browser` (the --browser search check),
`scale_fit` and `scale_report` (growth), `report` (tables and bench/results.md).

It also loads every page kind of the demo site, and a bare Material page, in Chromium as
a slow phone on « Slow 4G » sees them (`slow_device`, its section `slow_device_report`):
largest contentful paint, total blocking time, layout shift. `--appareils-lents-seulement`
runs that part alone.

Usage, from the repository's root::

    python scripts/bench.py [--sizes 10,100,1000,2000,5000] [--write] [--profile] [--browser]
                            [--apercu oui|non|seul]
    python scripts/bench.py --echelle-seulement [--browser] [--write]
    python scripts/bench.py --appareils-lents-seulement [--write]

or `python -m bench …` from scripts/.
"""
