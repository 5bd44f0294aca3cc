#!/bin/bash
# Fetches the strongSwan source that matches the installed charon with
# `apt-get source`, runs strongSwan's own configure once (so its config.h
# describes Debian's build: mediation on, IKEv1/IKEv2) and caches the result
# outside the work tree. Prints the configured source directory on stdout.
#
# IMSAKA_CACHE   cache directory (default /var/cache/imsaka)
set -euo pipefail

CACHE=${IMSAKA_CACHE:-/var/cache/imsaka}

log() { echo "strongswan-source: $*" >&2; }
die() { log "error: $*"; exit 1; }

installed=$(dpkg-query -W -f='${Version}' strongswan-charon 2>/dev/null) ||
	die "strongswan-charon is not installed (run scripts/install-deps.sh)"
upstream=${installed%%-*}
upstream=${upstream#*:}

dir="$CACHE/strongswan-$upstream"
stamp="$dir/.imsaka-configured"

if [ ! -f "$stamp" ]; then
	mkdir -p "$CACHE"
	work=$(mktemp -d "$CACHE/fetch.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	# the exact Debian revision first, then any served revision of the same
	# upstream release (security updates keep the ABI of the release)
	versions=$(apt-cache showsrc strongswan 2>/dev/null |
		sed -n 's/^Version: //p' | sort -urV)
	[ -n "$versions" ] || die "no strongswan source package known to apt; " \
		"are the deb-src entries there (scripts/install-deps.sh) and was " \
		"'apt-get update' run?"
	fetched=
	for v in "$installed" $versions; do
		case "$v" in "$upstream"-*|*:"$upstream"-*) ;; *) continue ;; esac
		log "fetching strongswan=$v"
		if (cd "$work" && apt-get source -qq strongswan="$v") \
				>"$work/fetch.log" 2>&1; then
			fetched=$v
			break
		fi
	done
	[ -n "$fetched" ] || die "could not fetch a strongswan $upstream source " \
		"package (installed: $installed); see $work/fetch.log"
	[ "$fetched" = "$installed" ] || log "note: installed charon is " \
		"$installed, source is $fetched (same upstream release $upstream)"
	src=$(find "$work" -maxdepth 1 -type d -name "strongswan-$upstream" | head -n1)
	[ -n "$src" ] || die "apt-get source left no strongswan-$upstream folder"

	log "configuring strongSwan $upstream (Debian's options, minus those " \
		"needing extra -dev packages)"
	# Debian's debian/rules options that change what the headers declare are
	# kept (mediation above all: it changes daemon_t, ike_sa_t and
	# peer_cfg_t); plugins needing other libraries are left out, they do
	# not touch the layouts the imsaka plugin uses.
	(cd "$src" && ./configure --prefix=/usr --sysconfdir=/etc \
		--libdir=/usr/lib --libexecdir=/usr/lib \
		--enable-mediation --enable-eap-aka --enable-kernel-libipsec \
		--enable-addrblock --enable-bypass-lan --enable-ccm \
		--enable-certexpire --enable-chapoly --enable-ctr \
		--enable-eap-gtc --enable-eap-identity --enable-eap-md5 \
		--enable-eap-mschapv2 --enable-eap-radius --enable-eap-tls \
		--enable-eap-tnc --enable-eap-ttls --enable-error-notify \
		--enable-gcm --enable-ha --enable-led --enable-lookip \
		--enable-pkcs11 --enable-test-vectors --enable-unity \
		--enable-xauth-eap --enable-rdrand --enable-aesni --enable-farp \
		--enable-dhcp --enable-af-alg --enable-swanctl \
		--disable-blowfish --disable-des --disable-gmp) \
		>"$work/configure.log" 2>&1 ||
		die "strongSwan configure failed, see $work/configure.log"
	grep -q '^#define ME ' "$src/config.h" ||
		die "configured strongSwan has no mediation (ME); Debian's has"
	rm -rf "$dir"
	mv "$src" "$dir"
	echo "$fetched" > "$stamp"
	rm -rf "$work"
	trap - EXIT
fi

src_version=$(sed -n 's/^#define VERSION "\(.*\)"/\1/p' "$dir/config.h")
[ "$src_version" = "$upstream" ] || die "cached source $dir is $src_version, " \
	"installed charon is $upstream"
echo "$dir"
