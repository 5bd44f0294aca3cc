# Sourced by the README's commands (scripts/demo.sh, scripts/test.sh): they
# need root (apt-get, network namespaces, charon). A root shell goes on as
# it is; any other user is asked through sudo, the script run again with
# the same arguments and the IMSAKA_* settings kept.
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "$(basename "$0"): must run as root (sudo is not installed)" >&2
		exit 1
	fi
	imsaka_env=()
	while IFS= read -r imsaka_var; do
		imsaka_env+=("$imsaka_var")
	done < <(env | grep '^IMSAKA_[A-Z0-9_]*=' || true)
	exec sudo env "${imsaka_env[@]}" bash "$(readlink -f "$0")" "$@"
fi
