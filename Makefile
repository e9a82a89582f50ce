# The commands: `make demo` runs the demo, `make test` runs every test, `make pkg` builds pkg/ alone, `make bench`
# runs the benchmarks (P1-P6 in Node and Chromium).
# Each installs what it needs first (scripts/setup.sh skips what is already there).
.PHONY: demo test pkg bench

pkg:
	scripts/setup.sh build
	scripts/build-pkg.sh

test:
	scripts/test.sh

demo: pkg
	node www/serve.mjs

bench: pkg
	node bench/run.mjs
