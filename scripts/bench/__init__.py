"""Benchmark: build time, weight and search cost of a series of 10, 100 and 1000 episodes.

For each size N, the bench generates a synthetic series in a temporary folder (French
transcripts of about 1,500 words, 8 chapters, WebVTT captions, 2 themes among 12, a
self-hosted poster, third-party video hosts) and builds it twice: our site, with the
repository's mkdocs.yml and the `episodes` plugin, and a plain Material for MkDocs site
holding the same text (`projects`).

It prints, for each N, build time, peak memory, output size, the weight of one episode
page and of the series index, the bytes one search fetches, and whether the targets of
the issue "Scale: a series of 1000 episodes builds fast and every page stays light" are
met. It is a benchmark, not a test: figures depend on the machine and its load.

Everything it measures with comes from the package as it ships (page weights, EcoIndex,
compression, slugs, URLs) and from the repository's mkdocs.yml (the page budget, the
themes): the bench restates none of it.

Modules: `synthetic` (the series), `projects` (the two sites' sources), `runs` (timed
builds, peak memory, profiling), `measures` (sizes, page weights, search cost),
`browser` (the --browser search check), `report` (tables and bench/results.md).

It also loads every page kind of the demo site, and a bare Material page, in Chromium as
a slow phone on « Slow 4G » sees them (`slow_device`, its section `slow_device_report`):
largest contentful paint, total blocking time, layout shift. `--appareils-lents-seulement`
runs that part alone.

Usage, from the repository's root::

    python scripts/bench.py [--sizes 10,100,1000] [--write] [--profile] [--browser]
    python scripts/bench.py --appareils-lents-seulement [--write]

or `python -m bench …` from scripts/.
"""
