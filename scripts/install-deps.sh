#!/bin/bash
# Installs every Debian package imsaka needs to build, run and test, and
# the deb-src entries that let scripts/strongswan-source.sh fetch the
# strongSwan source matching the installed charon. Idempotent.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root (apt-get install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
	# build
	build-essential autoconf automake libtool pkg-config
	libssl-dev libosip2-dev check
	# fetching the strongSwan source (apt-get source)
	dpkg-dev bzip2 xz-utils
	# Debian's charon, swanctl and the plugins the scenarios load
	strongswan-charon strongswan-swanctl libcharon-extra-plugins
	libstrongswan-extra-plugins
	# the namespace test bench and its independent checks
	iproute2 iputils-ping nftables tshark tcpdump socat sip-tester procps
	psmisc util-linux openssl python3
	# the phone-shaped test UE's own Milenage (testing/scripts/phone)
	python3-cryptography
	# TLS-PSK interop peers (gnutls-cli, gnutls-serv)
	gnutls-bin
	# fuzzing
	clang
	# --- registration benchmark (bench/run-registration.sh): Kamailio 5.6
	# as the anchor registrar (its auth, registrar, usrloc, sl, ctl modules
	# are in the base package) ---
	kamailio
	# --- end registration benchmark ---
	# --- kernel-netlink lane (scripts/qemu-lane.sh, docs/TESTING-QEMU.md):
	# Debian's kernel under qemu with a busybox initramfs; kmod for depmod
	# and modprobe (host: initramfs modules, guest: module loading); the
	# kernel itself is fetched by the lane with apt-get download ---
	qemu-system-x86 busybox-static kmod
	# --- end kernel-netlink lane ---
	# --- Kamailio as P-CSCF in the guest (testing/tests/netlink/kamailio-*):
	# its IMS modules (ims_ipsec_pcscf, ims_registrar_pcscf, ...) beside
	# the kamailio above; the scenario starts it (testing/scripts/kamailio-run) ---
	kamailio-ims-modules
	# --- end Kamailio as P-CSCF ---
	# --- SA-set benchmark under kernel-netlink (bench/run-sa-set-guest.sh):
	# its anchor bench/xfrm_batch talks XFRM netlink through libmnl ---
	libmnl-dev
	# --- end SA-set benchmark ---
	# --- Debian packages of imsaka (debian/, dpkg-buildpackage) and their
	# check (lintian); man pages are rendered with groff-base's nroff ---
	debhelper lintian groff-base man-db
	# --- end Debian packages ---
	# --- the fleet (docs/FLEET.md): imsaka-scscf's PostgreSQL store
	# (libpq), the PostgreSQL 15 server its tests, the fleet scenario and
	# bench/run-sqn-fleet.sh start; Kamailio's dispatcher module is in
	# the kamailio package above ---
	libpq-dev postgresql
	# --- end the fleet ---
	# --- registration ladders (imsakactl ladder): the page is rendered
	# in headless Chromium by its test ---
	chromium
	# --- end registration ladders ---
)

SOURCES=/etc/apt/sources.list.d/imsaka-deb-src.sources

add_deb_src()
{
	local f
	if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list \
			/etc/apt/sources.list.d/; then
		return 1
	fi
	# mirror every binary entry as a source entry
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		case "$f" in *disabled*) continue ;; esac
		sed -n '/^Types:/,/^$/p' "$f" | sed 's/^Types: .*/Types: deb-src/'
		echo
	done > "$SOURCES.tmp"
	if [ -f /etc/apt/sources.list ]; then
		sed -n 's/^deb \(.*\)/deb-src \1/p' /etc/apt/sources.list \
			> /etc/apt/sources.list.d/imsaka-deb-src.list
	fi
	if [ -s "$SOURCES.tmp" ]; then
		mv "$SOURCES.tmp" "$SOURCES"
	else
		rm -f "$SOURCES.tmp"
	fi
	return 0
}

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done

if add_deb_src || [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: apt-get update"
	apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	# the kamailio package enables and starts its service; the bench runs
	# Kamailio only inside its namespaces, none may run on the host
	if [[ " ${missing[*]} " == *" kamailio "* ]]; then
		if [ -d /run/systemd/system ]; then
			systemctl disable --now kamailio.service >/dev/null 2>&1 || true
		else
			invoke-rc.d kamailio stop >/dev/null 2>&1 || true
		fi
	fi
fi
echo "install-deps: all packages present"
