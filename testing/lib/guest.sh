# The qemu guest of the kernel-netlink lane: Debian's own kernel
# (linux-image-amd64, fetched with apt-get download and unpacked into a
# cache, never installed), a busybox initramfs, the host's root shared
# read-only over virtio-9p with a tmpfs overlay in the guest, and a
# read-write 9p share for the command in and its output and exit code out.
# See docs/TESTING-QEMU.md.
#
# Sourced by scripts/qemu-lane.sh. Functions set GUEST_* variables and
# print their complaints to stderr; they return non-zero on failure.
#
# environment:
#   IMSAKA_QEMU          the qemu binary (default qemu-system-x86_64)
#   IMSAKA_QEMU_CACHE    cache folder (default /var/cache/imsaka/qemu)
#   IMSAKA_QEMU_ACCEL    qemu -accel values separated by ':', tried in
#                        order (default tcg: /dev/kvm is not assumed, and
#                        nested KVM does not work on this machine kind)
#   IMSAKA_QEMU_CPU      guest CPU model (default max: AES-NI and SSSE3 for
#                        the kernel's ESP crypto)
#   IMSAKA_QEMU_SMP      guest CPUs (default 2)
#   IMSAKA_QEMU_MEM      guest memory in MiB (default 2048: two scenarios
#                        at a time, each with its charons and tshark)
#   IMSAKA_QEMU_IDLE_SECONDS  a guest whose output file has not grown for
#                        that long is taken as hung and killed (default 300)

GUEST_CACHE=${IMSAKA_QEMU_CACHE:-/var/cache/imsaka/qemu}
GUEST_QEMU=${IMSAKA_QEMU:-qemu-system-x86_64}
GUEST_QEMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../qemu" && pwd)
# loaded by the initramfs: what it takes to mount the 9p root and overlay
GUEST_BOOT_MODULES="virtio_pci 9pnet_virtio 9p overlay"
# loaded by stage 2: kernel ESP and XFRM, the bench's links and NAT
# ESP's crypto too: loaded on the first SA, each costs seconds under emulation
# kernel TLS (tls) and its ChaCha20-Poly1305 for the tls-aka-ktls scenarios
GUEST_LOAD_MODULES="xfrm_user esp4 esp6 xfrm4_tunnel xfrm6_tunnel tunnel4
tunnel6 veth tun bridge nf_tables nft_chain_nat nft_nat nft_masq nft_ct
nf_conntrack nf_nat authenc echainiv seqiv aesni_intel sha1_ssse3
sha256_ssse3 gcm ctr ghash_clmulni_intel des3_ede_x86_64 tls
chacha20poly1305"

guest_log()
{
	echo "qemu-lane: $*" >&2
}

# is the qemu binary there
guest_have_qemu()
{
	command -v "$GUEST_QEMU" >/dev/null 2>&1
}

# the kernel package linux-image-amd64 depends on in the package lists,
# e.g. linux-image-6.1.0-56-amd64 (empty if the lists do not know it)
guest_kernel_package()
{
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' |
		head -n 1
}

# fetch the kernel package into $GUEST_CACHE/debs (once), unpack it into
# $GUEST_CACHE/linux-<release> and run depmod there; sets GUEST_RELEASE
# (from the unpacked lib/modules, not from the package name),
# GUEST_KERNEL_DIR and GUEST_VMLINUZ
guest_kernel_prepare()
{
	local pkg deb dir tmp rel
	mkdir -p "$GUEST_CACHE/debs"
	pkg=$(guest_kernel_package)
	if [ -z "$pkg" ]; then
		guest_log "apt-get update (linux-image-amd64 unknown to the lists)"
		apt-get update -qq >/dev/null 2>&1
		pkg=$(guest_kernel_package)
	fi
	if [ -z "$pkg" ]; then
		# offline: the newest kernel already in the cache
		dir=$(ls -d "$GUEST_CACHE"/linux-*/ 2>/dev/null | sort -V | tail -n 1)
		if [ -z "$dir" ]; then
			guest_log "no linux-image-amd64 in the package lists and none cached"
			return 1
		fi
		guest_log "package lists do not name a kernel, using cached $dir"
	else
		deb=$(ls "$GUEST_CACHE/debs/${pkg}_"*.deb 2>/dev/null | sort -V |
			tail -n 1)
		if [ -z "$deb" ]; then
			guest_log "fetching $pkg"
			if ! (cd "$GUEST_CACHE/debs" &&
					apt-get download -q -o APT::Sandbox::User=root \
					"$pkg" >/dev/null); then
				apt-get update -qq >/dev/null 2>&1
				(cd "$GUEST_CACHE/debs" &&
					apt-get download -q -o APT::Sandbox::User=root \
					"$pkg" >/dev/null) || {
					guest_log "apt-get download $pkg failed"
					return 1
				}
			fi
			deb=$(ls "$GUEST_CACHE/debs/${pkg}_"*.deb | sort -V | tail -n 1)
		fi
		dir=$GUEST_CACHE/${pkg/linux-image-/linux-}
		if [ ! -f "$dir/.unpacked" ] || [ "$deb" -nt "$dir/.unpacked" ]; then
			guest_log "unpacking $(basename "$deb")"
			rm -rf "$dir"
			tmp=$(mktemp -d "$GUEST_CACHE/unpack.XXXXXX")
			dpkg-deb -x "$deb" "$tmp" || { rm -rf "$tmp"; return 1; }
			mv "$tmp" "$dir"
			rel=$(ls "$dir/lib/modules" | head -n 1)
			depmod -b "$dir" "$rel" || return 1
			touch "$dir/.unpacked"
		fi
	fi
	dir=${dir%/}
	GUEST_RELEASE=$(ls "$dir/lib/modules" 2>/dev/null | head -n 1)
	GUEST_KERNEL_DIR=$dir
	GUEST_VMLINUZ=$dir/boot/vmlinuz-$GUEST_RELEASE
	if [ -z "$GUEST_RELEASE" ] || [ ! -f "$GUEST_VMLINUZ" ]; then
		guest_log "$dir holds no kernel (lib/modules/<release>, boot/vmlinuz-<release>)"
		return 1
	fi
	if [ ! -f "$dir/lib/modules/$GUEST_RELEASE/modules.dep" ]; then
		depmod -b "$dir" "$GUEST_RELEASE" || return 1
	fi
}

# build $GUEST_CACHE/initramfs-<release>.cpio.gz when it is missing or
# older than its parts; sets GUEST_INITRD
guest_initramfs_prepare()
{
	local out=$GUEST_CACHE/initramfs-$GUEST_RELEASE.cpio.gz tmp m line f
	GUEST_INITRD=$out
	if [ -f "$out" ] && [ "$out" -nt "$GUEST_QEMU_DIR/init" ] &&
			[ "$out" -nt /bin/busybox ] &&
			[ "$out" -nt "$GUEST_KERNEL_DIR/.unpacked" ] &&
			[ "$(cat "$out.modules" 2>/dev/null)" = "$GUEST_BOOT_MODULES" ]; then
		return 0
	fi
	if [ ! -x /bin/busybox ] || ! /bin/busybox --list | grep -qx switch_root; then
		guest_log "no static busybox (/bin/busybox from busybox-static)"
		return 1
	fi
	guest_log "building the initramfs for $GUEST_RELEASE"
	tmp=$(mktemp -d)
	mkdir -p "$tmp/bin" "$tmp/modules"
	cp /bin/busybox "$tmp/bin/busybox"
	cp "$GUEST_QEMU_DIR/init" "$tmp/init"
	chmod 755 "$tmp/init"
	: > "$tmp/modules/order"
	for m in $GUEST_BOOT_MODULES; do
		# insmod lines in dependency order; "builtin" ones need nothing
		while read -r line; do
			case "$line" in
			insmod\ *) ;;
			*) continue ;;
			esac
			f=$(echo "$line" | awk '{print $2}')
			grep -qx "$(basename "$f")" "$tmp/modules/order" && continue
			cp "$f" "$tmp/modules/" || { rm -rf "$tmp"; return 1; }
			basename "$f" >> "$tmp/modules/order"
		done < <(modprobe -d "$GUEST_KERNEL_DIR" -S "$GUEST_RELEASE" \
				--show-depends "$m")
		if ! modprobe -d "$GUEST_KERNEL_DIR" -S "$GUEST_RELEASE" \
				--show-depends "$m" >/dev/null 2>&1; then
			guest_log "module $m is not in $GUEST_RELEASE"
			rm -rf "$tmp"
			return 1
		fi
	done
	(cd "$tmp" && find . | /bin/busybox cpio -o -H newc 2>/dev/null) |
		gzip -1 > "$out.tmp" || { rm -rf "$tmp" "$out.tmp"; return 1; }
	mv "$out.tmp" "$out"
	echo "$GUEST_BOOT_MODULES" > "$out.modules"
	rm -rf "$tmp"
}

# kernel and initramfs in the cache (serialised: two lanes may start at once)
guest_prepare()
{
	local rc
	mkdir -p "$GUEST_CACHE" || return 1
	exec 8> "$GUEST_CACHE/.lock"
	flock -w 600 8 || { guest_log "cache $GUEST_CACHE is locked"; return 1; }
	guest_kernel_prepare && guest_initramfs_prepare
	rc=$?
	flock -u 8
	exec 8>&-
	return $rc
}

# boot the guest once: run the bash script $2 (a file) inside it with the
# share $1 as /imsaka-io, the guest killed after $3 seconds. Output of the
# script in $1/out, its exit status in $1/rc, the console in $1/console.log.
# A guest whose $1/out stands still for IMSAKA_QEMU_IDLE_SECONDS is killed
# too. Sets GUEST_RC (the script's status; 124 when the guest was killed or
# powered off without one) and GUEST_SECONDS (boot to power-off).
guest_run()
{
	local io=$1 script=$2 limit=$3 start accel args pid rc idle last
	rm -f "$io/rc" "$io/out" "$io/seconds"
	cp "$script" "$io/cmd"
	args=()
	IFS=: read -r -a accel <<< "${IMSAKA_QEMU_ACCEL:-tcg}"
	for a in "${accel[@]}"; do
		args+=(-accel "$a")
	done
	start=$(date +%s.%N)
	# the guest's own timeout ends the command first, so the output and
	# rc still come out; this one is for a guest that hangs or panics
	nice -n 10 timeout -k 5 "$limit" "$GUEST_QEMU" "${args[@]}" \
		-cpu "${IMSAKA_QEMU_CPU:-max}" -smp "${IMSAKA_QEMU_SMP:-2}" -m "${IMSAKA_QEMU_MEM:-2048}" \
		-nographic -no-reboot -nic none \
		-kernel "$GUEST_VMLINUZ" -initrd "$GUEST_INITRD" \
		-append "console=ttyS0 quiet mitigations=off cryptomgr.notests=1 panic=-1 oops=panic imsaka_stage2=$GUEST_QEMU_DIR/guest-run imsaka_modules=$GUEST_KERNEL_DIR/lib/modules imsaka_load=$(echo $GUEST_LOAD_MODULES | tr ' ' ,) imsaka_timeout=$((limit - 30))" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$io",mount_tag=io,security_model=none,multidevs=remap \
		< /dev/null > "$io/console.log" 2>&1 &
	pid=$!
	GUEST_PID=$pid
	# a guest whose output stands still that long hangs: kill it now
	# rather than at the overall limit
	idle=${IMSAKA_QEMU_IDLE_SECONDS:-300}
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		last=$(stat -c %Y "$io/out" 2>/dev/null || echo 0)
		[ "$last" -lt "${start%.*}" ] && last=${start%.*}
		if [ $(($(date +%s) - last)) -gt "$idle" ]; then
			guest_log "no output from the guest for $idle s: killing it"
			kill -TERM "$pid" 2>/dev/null
			break
		fi
	done
	wait "$pid"
	rc=$?
	GUEST_PID=
	GUEST_SECONDS=$(awk -v s="$start" -v e="$(date +%s.%N)" \
		'BEGIN { printf "%.1f", e - s }')
	if [ -s "$io/rc" ]; then
		GUEST_RC=$(cat "$io/rc")
	else
		GUEST_RC=124
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			guest_log "guest killed after $limit s (hang?), see $io/console.log"
		else
			guest_log "guest ended (qemu status $rc) without a result," \
				"see $io/console.log"
		fi
		tail -n 15 "$io/console.log" | sed 's/^/    | /' >&2
	fi
	return 0
}

# stop a running guest (from a trap)
guest_kill()
{
	if [ -n "${GUEST_PID:-}" ]; then
		kill -TERM "$GUEST_PID" 2>/dev/null
		GUEST_PID=
	fi
}
