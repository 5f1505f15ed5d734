#!/bin/sh
# Makes sure the Debian packages a target needs are installed: `scripts/deps.sh run|test|bench|fuzz`.
# As root it installs what is missing; otherwise it prints the one apt-get line to run.
set -eu

run_pkgs="build-essential pkg-config meson ninja-build python3 tzdata libcurl4-openssl-dev libpq-dev
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcmocka-dev
libmagic-dev libgraphicsmagick1-dev libexif-dev zlib1g-dev"
test_pkgs="$run_pkgs postgresql-15 pgbouncer clang-format chromium python3-aiosmtpd python3-prometheus-client"
bench_pkgs="$run_pkgs wrk postgresql-15"
fuzz_pkgs="$run_pkgs clang"

case "${1:-run}" in
run) want=$run_pkgs ;;
test) want=$test_pkgs ;;
bench) want=$bench_pkgs ;;
fuzz) want=$fuzz_pkgs ;;
*) echo "usage: $0 run|test|bench|fuzz" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
# The web UI is built with Node.js and npm (any source: Debian's packages, or a newer Node
# already on the machine; Vite needs Node 20.19 or later).  Checked by command, not package.
if ! command -v npm >/dev/null 2>&1; then
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	missing="$missing npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "missing Debian packages; run:"
	echo "  sudo apt-get install -y$missing"
	exit 1
fi
