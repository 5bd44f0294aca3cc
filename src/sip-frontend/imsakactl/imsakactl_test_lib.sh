# Shared by the imsakactl command tests (sourced): finds the binary, counts
# checks and failures, ends with the summary.
#
# IMSAKACTL  binary to test (default: ./src/sip-frontend/imsakactl/imsakactl,
#            relative to the build folder automake runs tests in)
set -u

imsakactl=${IMSAKACTL:-./src/sip-frontend/imsakactl/imsakactl}
if [ ! -x "$imsakactl" ]; then
	echo "FAIL: no imsakactl binary at $imsakactl (set IMSAKACTL)"
	exit 1
fi

failures=0
checks=0

# summary: print the counts, fail if any check failed
summary() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
}
