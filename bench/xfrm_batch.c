/*
 * Copyright (C) 2026 imsaka developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/*
 * The kernel's own cost of SA sets: installs and removes K ipsec-3gpp SA
 * sets straight over NETLINK_XFRM (libmnl), with exactly the messages
 * charon's kernel-netlink sends for a set of bench/run-sa-set.sh
 * (mod=UDP-enc-tun, hmac-sha-1-96 + aes-cbc, as `ip xfrm` shows them after
 * sa-install): per set 4 XFRM_MSG_NEWSA and 4 XFRM_MSG_NEWPOLICY, then
 * 4 XFRM_MSG_DELPOLICY and 4 XFRM_MSG_DELSA, several sets per sendmsg().
 * Every message asks for an ack; every ack is read and every error is
 * printed (exit 1). This is the anchor of charon + plugin's rate: what any
 * XFRM user has to pay for the same kernel state.
 *
 * usage: xfrm_batch [-b SETS-PER-SENDMSG] [-i] K
 *   -i  install only, leave the sets (to compare them with `ip xfrm`)
 *
 * Addresses as bench/sa_set_client.py: local 10.2.0.1 ports 5062/5060,
 * local outer 10.3.0.1:4500, set i's UE 10.64.0.0/10 + i ports 5064/5066
 * behind 198.18.0.0/15 + i port 20000 + i % 10000. Run it in an empty
 * network namespace (unshare -n): it leaves nothing behind on success.
 */

#define _GNU_SOURCE
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

/** SAs (and policies) per set */
#define SET_SIZE 4
/** charon's priority for these selectors (/32 both ways, ports) */
#define POLICY_PRIORITY 367103
/** the kernel's hard limit on SAs of a set: the plugin's sa_hard_lifetime
 * default (the set's own lifetime is enforced by the plugin, not the kernel) */
#define HARD_LIFETIME 1209600
/** replay window of inbound SAs (charon: 0 outbound) */
#define REPLAY_WINDOW 32
/** room of one message: header, usersa_info and its attributes */
#define MSG_MAX 1024
/** inbound SPIs of set i: SPI_IN_BASE + 2 i (+1) */
#define SPI_IN_BASE 0xc0000000
/** outbound SPIs (the UE's) of set i: SPI_OUT_BASE + 2 i (+1) */
#define SPI_OUT_BASE 0x10000000

/** Annex I keys of test set 1 as the bench's sa-install gives them */
static const uint8_t ck[16] = {
	0xb4, 0x0b, 0xa9, 0xa3, 0xc5, 0x8b, 0x2a, 0x05,
	0xbb, 0xf0, 0xd9, 0x87, 0xb2, 0x1b, 0xf8, 0xcb,
};
/** hmac-sha-1-96: IK || 32 zero bits */
static const uint8_t ik[20] = {
	0xf7, 0x69, 0xbc, 0xd7, 0x51, 0x04, 0x46, 0x04,
	0x12, 0x76, 0x72, 0x71, 0x1c, 0x6d, 0x34, 0x41,
	0x00, 0x00, 0x00, 0x00,
};

/**
 * One SA of a set and its policy, as charon has them in the kernel
 */
typedef struct {
	/** inbound (UE to us) */
	bool in;
	/** outer source/destination, network order */
	uint32_t src, dst;
	/** encapsulation ports, host order */
	uint16_t sport, dport;
	/** SPI, host order */
	uint32_t spi;
	/** reqid of its pair */
	uint32_t reqid;
	/** inner selector: addresses network order, ports host order */
	uint32_t sel_src, sel_dst;
	uint16_t sel_sport, sel_dport;
} sa_t;

/** sequence number of the next message */
static uint32_t seq_next = 1;

/** number of errors reported by the kernel */
static unsigned errors;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t addr(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return htonl((uint32_t)a << 24 | (uint32_t)b << 16 | c << 8 | d);
}

/**
 * The four SAs of set i: the pair of the P-CSCF's server port (5060 to the
 * UE's client port 5064, reqid 2 i + 2) and of its client port (5062 to the
 * UE's server port 5066, reqid 2 i + 1), each inbound and outbound
 */
static void set_layout(unsigned i, sa_t sas[SET_SIZE])
{
	uint32_t local = addr(10, 2, 0, 1), local_outer = addr(10, 3, 0, 1);
	uint32_t remote = addr(10, 64 + (i >> 16), (i >> 8) & 255, i & 255);
	uint32_t remote_outer = addr(198, 18 + (i >> 16), (i >> 8) & 255, i & 255);
	uint16_t nat_port = 20000 + i % 10000;
	int k;

	for (k = 0; k < SET_SIZE; k++)
	{
		bool in = k < 2, server = k % 2 == 0;
		uint16_t lport = server ? 5060 : 5062;
		uint16_t rport = server ? 5064 : 5066;

		sas[k] = (sa_t){
			.in = in,
			.src = in ? remote_outer : local_outer,
			.dst = in ? local_outer : remote_outer,
			.sport = in ? nat_port : 4500,
			.dport = in ? 4500 : nat_port,
			.spi = (in ? SPI_IN_BASE : SPI_OUT_BASE) + 2 * i + (server ? 0 : 1),
			.reqid = 2 * i + (server ? 2 : 1),
			.sel_src = in ? remote : local,
			.sel_dst = in ? local : remote,
			.sel_sport = in ? rport : lport,
			.sel_dport = in ? lport : rport,
		};
	}
}

static struct nlmsghdr *msg_start(struct mnl_nlmsg_batch *b, uint16_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(mnl_nlmsg_batch_current(b));

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq_next++;
	return nlh;
}

static void put_algo(struct nlmsghdr *nlh, uint16_t type, const char *name,
					 const uint8_t *key, unsigned key_len, unsigned trunc)
{
	char buf[sizeof(struct xfrm_algo_auth) + 64] = {};

	if (trunc)
	{
		struct xfrm_algo_auth *a = (struct xfrm_algo_auth*)buf;

		snprintf(a->alg_name, sizeof(a->alg_name), "%s", name);
		a->alg_key_len = key_len * 8;
		a->alg_trunc_len = trunc;
		memcpy(a->alg_key, key, key_len);
		mnl_attr_put(nlh, type, sizeof(*a) + key_len, a);
	}
	else
	{
		struct xfrm_algo *a = (struct xfrm_algo*)buf;

		snprintf(a->alg_name, sizeof(a->alg_name), "%s", name);
		a->alg_key_len = key_len * 8;
		memcpy(a->alg_key, key, key_len);
		mnl_attr_put(nlh, type, sizeof(*a) + key_len, a);
	}
}

static void sel_fill(struct xfrm_selector *sel, const sa_t *sa)
{
	sel->saddr.a4 = sa->sel_src;
	sel->daddr.a4 = sa->sel_dst;
	sel->sport = htons(sa->sel_sport);
	sel->sport_mask = 0xffff;
	sel->dport = htons(sa->sel_dport);
	sel->dport_mask = 0xffff;
	sel->prefixlen_s = 32;
	sel->prefixlen_d = 32;
	sel->family = AF_INET;
}

static void add_newsa(struct mnl_nlmsg_batch *b, const sa_t *sa)
{
	struct nlmsghdr *nlh = msg_start(b, XFRM_MSG_NEWSA);
	struct xfrm_usersa_info *info;
	struct xfrm_encap_tmpl encap = {
		.encap_type = UDP_ENCAP_ESPINUDP,
		.encap_sport = htons(sa->sport),
		.encap_dport = htons(sa->dport),
	};

	info = mnl_nlmsg_put_extra_header(nlh, sizeof(*info));
	info->saddr.a4 = sa->src;
	info->id.daddr.a4 = sa->dst;
	info->id.spi = htonl(sa->spi);
	info->id.proto = IPPROTO_ESP;
	info->family = AF_INET;
	info->mode = XFRM_MODE_TUNNEL;
	info->flags = XFRM_STATE_AF_UNSPEC;
	info->reqid = sa->reqid;
	info->replay_window = sa->in ? REPLAY_WINDOW : 0;
	info->lft.soft_byte_limit = XFRM_INF;
	info->lft.hard_byte_limit = XFRM_INF;
	info->lft.soft_packet_limit = XFRM_INF;
	info->lft.hard_packet_limit = XFRM_INF;
	info->lft.hard_add_expires_seconds = HARD_LIFETIME;
	put_algo(nlh, XFRMA_ALG_CRYPT, "cbc(aes)", ck, sizeof(ck), 0);
	put_algo(nlh, XFRMA_ALG_AUTH_TRUNC, "hmac(sha1)", ik, sizeof(ik), 96);
	mnl_attr_put(nlh, XFRMA_ENCAP, sizeof(encap), &encap);
	mnl_nlmsg_batch_next(b);
}

static void add_newpolicy(struct mnl_nlmsg_batch *b, const sa_t *sa)
{
	struct nlmsghdr *nlh = msg_start(b, XFRM_MSG_NEWPOLICY);
	struct xfrm_userpolicy_info *info;
	struct xfrm_user_tmpl tmpl = {
		.id = {
			.daddr.a4 = sa->dst,
			/* charon puts the SPI only into outbound templates */
			.spi = sa->in ? 0 : htonl(sa->spi),
			.proto = IPPROTO_ESP,
		},
		.family = AF_INET,
		.saddr.a4 = sa->src,
		.reqid = sa->reqid,
		.mode = XFRM_MODE_TUNNEL,
		.aalgos = ~0U,
		.ealgos = ~0U,
		.calgos = ~0U,
	};

	info = mnl_nlmsg_put_extra_header(nlh, sizeof(*info));
	sel_fill(&info->sel, sa);
	info->dir = sa->in ? XFRM_POLICY_IN : XFRM_POLICY_OUT;
	info->priority = POLICY_PRIORITY;
	info->action = XFRM_POLICY_ALLOW;
	info->share = XFRM_SHARE_ANY;
	info->lft.soft_byte_limit = XFRM_INF;
	info->lft.hard_byte_limit = XFRM_INF;
	info->lft.soft_packet_limit = XFRM_INF;
	info->lft.hard_packet_limit = XFRM_INF;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(tmpl), &tmpl);
	mnl_nlmsg_batch_next(b);
}

static void add_delpolicy(struct mnl_nlmsg_batch *b, const sa_t *sa)
{
	struct nlmsghdr *nlh = msg_start(b, XFRM_MSG_DELPOLICY);
	struct xfrm_userpolicy_id *id;

	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	sel_fill(&id->sel, sa);
	id->dir = sa->in ? XFRM_POLICY_IN : XFRM_POLICY_OUT;
	mnl_nlmsg_batch_next(b);
}

static void add_delsa(struct mnl_nlmsg_batch *b, const sa_t *sa)
{
	struct nlmsghdr *nlh = msg_start(b, XFRM_MSG_DELSA);
	struct xfrm_usersa_id *id;

	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->daddr.a4 = sa->dst;
	id->spi = htonl(sa->spi);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	mnl_nlmsg_batch_next(b);
}

static const char *type_name(uint16_t type)
{
	switch (type)
	{
		case XFRM_MSG_NEWSA:
			return "NEWSA";
		case XFRM_MSG_NEWPOLICY:
			return "NEWPOLICY";
		case XFRM_MSG_DELPOLICY:
			return "DELPOLICY";
		case XFRM_MSG_DELSA:
			return "DELSA";
		default:
			return "?";
	}
}

/**
 * Send the batch and read one ack per message (sequence numbers first..
 * seq_next - 1, in order). Every error is printed and counted; a missing
 * or unexpected reply is fatal.
 */
static bool send_batch(struct mnl_socket *nl, struct mnl_nlmsg_batch *b,
					   uint32_t first, uint16_t *types)
{
	static char buf[1 << 20];
	uint32_t expect = first;
	int len;

	if (mnl_nlmsg_batch_is_empty(b))
	{
		return true;
	}
	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b),
						  mnl_nlmsg_batch_size(b)) < 0)
	{
		fprintf(stderr, "xfrm_batch: sendmsg: %s\n", strerror(errno));
		return false;
	}
	while (expect != seq_next)
	{
		struct nlmsghdr *nlh;

		len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len < 0)
		{
			fprintf(stderr, "xfrm_batch: recvmsg: %s (acks lost?)\n",
					strerror(errno));
			return false;
		}
		for (nlh = (struct nlmsghdr*)buf; mnl_nlmsg_ok(nlh, len);
			 nlh = mnl_nlmsg_next(nlh, &len))
		{
			struct nlmsgerr *err;

			if (nlh->nlmsg_type != NLMSG_ERROR ||
				nlh->nlmsg_seq != expect)
			{
				fprintf(stderr, "xfrm_batch: unexpected reply type %u seq %u "
						"(expected the ack of %u)\n", nlh->nlmsg_type,
						nlh->nlmsg_seq, expect);
				return false;
			}
			err = mnl_nlmsg_get_payload(nlh);
			if (err->error)
			{
				errors++;
				fprintf(stderr, "xfrm_batch: %s (message %u) failed: %s\n",
						type_name(types[expect - first]), expect,
						strerror(-err->error));
			}
			expect++;
		}
	}
	mnl_nlmsg_batch_reset(b);
	return true;
}

/**
 * Install (add) or remove K sets, `per` sets per sendmsg(). Install sends
 * a set's SAs before its policies, removal the policies first (the
 * plugin's order).
 */
static bool run_phase(struct mnl_socket *nl, struct mnl_nlmsg_batch *b,
					  unsigned k_sets, unsigned per, bool add, uint16_t *types)
{
	unsigned i, j;
	uint32_t first = seq_next;
	sa_t sas[SET_SIZE];

	for (i = 0; i < k_sets; i++)
	{
		set_layout(i, sas);
		for (j = 0; j < SET_SIZE; j++)
		{
			types[seq_next - first] = add ? XFRM_MSG_NEWSA : XFRM_MSG_DELPOLICY;
			if (add)
			{
				add_newsa(b, &sas[j]);
			}
			else
			{
				add_delpolicy(b, &sas[j]);
			}
		}
		for (j = 0; j < SET_SIZE; j++)
		{
			types[seq_next - first] = add ? XFRM_MSG_NEWPOLICY : XFRM_MSG_DELSA;
			if (add)
			{
				add_newpolicy(b, &sas[j]);
			}
			else
			{
				add_delsa(b, &sas[j]);
			}
		}
		if ((i + 1) % per == 0 || i + 1 == k_sets)
		{
			if (!send_batch(nl, b, first, types))
			{
				return false;
			}
			first = seq_next;
		}
	}
	return true;
}

int main(int argc, char *argv[])
{
	unsigned k_sets, per = 32;
	struct mnl_socket *nl;
	struct mnl_nlmsg_batch *b;
	double t0, t_install, t_remove;
	uint16_t *types;
	char *end;
	size_t size;
	int opt, one = 1, rcv = 8 << 20;
	bool install_only = false;

	while ((opt = getopt(argc, argv, "b:i")) != -1)
	{
		switch (opt)
		{
			case 'b':
				per = strtoul(optarg, &end, 10);
				if (*end || per < 1 || per > 256)
				{
					fprintf(stderr, "xfrm_batch: -b takes 1..256\n");
					return 2;
				}
				break;
			case 'i':
				install_only = true;
				break;
			default:
				fprintf(stderr, "usage: xfrm_batch [-b SETS-PER-SENDMSG] [-i] K\n");
				return 2;
		}
	}
	if (optind + 1 != argc)
	{
		fprintf(stderr, "usage: xfrm_batch [-b SETS-PER-SENDMSG] [-i] K\n");
		return 2;
	}
	errno = 0;
	k_sets = strtoul(argv[optind], &end, 10);
	if (errno || *end || k_sets < 1 || k_sets > 1 << 20)
	{
		fprintf(stderr, "xfrm_batch: K must be 1..%u\n", 1 << 20);
		return 2;
	}
	nl = mnl_socket_open(NETLINK_XFRM);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
	{
		fprintf(stderr, "xfrm_batch: NETLINK_XFRM socket: %s\n",
				strerror(errno));
		return 2;
	}
	/* acks carry only the header of the request, whatever it failed with */
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	/* a batch's acks must all fit: a full receive queue drops them */
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcv,
				   sizeof(rcv)) < 0 ||
		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUFFORCE, &rcv,
				   sizeof(rcv)) < 0)
	{
		fprintf(stderr, "xfrm_batch: socket buffers: %s\n", strerror(errno));
		return 2;
	}
	size = (size_t)per * 2 * SET_SIZE * MSG_MAX;
	b = mnl_nlmsg_batch_start(malloc(size + MSG_MAX), size);
	types = calloc(per * 2 * SET_SIZE, sizeof(*types));
	if (!b || !types)
	{
		fprintf(stderr, "xfrm_batch: out of memory\n");
		return 2;
	}

	t0 = now();
	if (!run_phase(nl, b, k_sets, per, true, types))
	{
		return 1;
	}
	t_install = now() - t0;
	t0 = now();
	if (!install_only && !run_phase(nl, b, k_sets, per, false, types))
	{
		return 1;
	}
	t_remove = now() - t0;

	printf("sets: %u\n", k_sets);
	printf("sets per sendmsg: %u (%u messages)\n", per, per * 2 * SET_SIZE);
	printf("install seconds: %.4f\n", t_install);
	printf("remove seconds: %.4f\n", t_remove);
	printf("sets installed and removed/s: %.0f\n",
		   k_sets / (t_install + t_remove));
	printf("kernel errors: %u\n", errors);
	free(mnl_nlmsg_batch_head(b));
	mnl_nlmsg_batch_stop(b);
	free(types);
	mnl_socket_close(nl);
	return errors ? 1 : 0;
}
