# A thin alias layer: the scripts under deploy/ and tools/ do the work.
.PHONY: prereqs build test run bench chaos lint-proto clean

prereqs:
	@bash deploy/install-prereqs.sh

build: prereqs
	dotnet build BudgetMesh.sln -warnaserror -nologo

test: prereqs
	@bash tools/test/run-tests.sh

run: prereqs
	@bash deploy/run-local.sh

bench: prereqs
	@bash tools/bench/run-bench.sh

chaos: prereqs
	@bash tools/chaos/run-chaos.sh

lint-proto: prereqs
	cd contracts/proto && ../../tools/buf/node_modules/.bin/buf lint

clean:
	rm -rf artifacts
	dotnet clean BudgetMesh.sln -nologo -v:q
