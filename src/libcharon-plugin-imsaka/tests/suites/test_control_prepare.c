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
 * Unit tests of sa-prepare: a new context or a re-registration's, its
 * keys, SPIs and temporary set in one request, and every way it fails
 * leaving nothing of the request behind (context, SPIs, keys, SAs). Also
 * the contexts found by SPI. Against the fake IPsec backend
 * (fake_kernel_ipsec.h) that counts the SAs and policies it holds, refuses
 * the n-th SA when told to and reports kernel-libipsec's feature when told
 * to; routes are off.
 */

#include <check.h>

#include <library.h>
#include <daemon.h>

#include "test_control_fixture.h"
#include "test_library.h"
#include "fake_kernel_ipsec.h"

/** TS 35.207 test set 1 CK and IK */
#define CK1 "b40ba9a3c58b2a05bbf0d987b21bf8cb"
#define IK1 "f769bcd751044604127672711c6d3441"

/** TS 35.207 test set 3 CK and IK */
#define CK2 "5dbdbb2954e8f3cde665b046179a5098"
#define IK2 "59a92d3b476a0443487055cf88b2307b"

/** everything of sa-prepare but the context and the keys */
#define SET " local=10.2.0.1 port-c=5062 port-s=5060 remote=10.1.0.10 " \
	"rport-c=5064 rport-s=5066 rspi-c=2000 rspi-s=2001 alg=hmac-sha-1-96 " \
	"ealg=aes-cbc remote-outer=192.0.2.1:4500"

/** the same with the mode kernel-netlink and kernel-libipsec can do */
#define SET_UDP SET " mod=UDP-enc-tun"

static test_control_fixture_t ctl;

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	ck_assert(libcharon_init());
	fake_kernel_ipsec_register();
	lib->settings->set_bool(lib->settings, "%s.install_routes", FALSE,
							lib->ns);
	test_control_fixture_create(&ctl, 1024, 10, NULL, NULL);
}

static void teardown()
{
	test_control_fixture_destroy(&ctl);
	/* every set removed with its contexts */
	ck_assert_int_eq(fake_kernel.sas, 0);
	ck_assert_int_eq(fake_kernel.policies, 0);
	libcharon_deinit();
	library_deinit();
}

/**
 * A request refused, and the reply
 */
typedef struct {
	const char *line;
	const char *err;
} refusal_t;

/**
 * Run a request line, return the reply text
 */
static const char *request(const char *line)
{
	return test_control_fixture_request(&ctl, line);
}

/**
 * Read a number key=<n> of the reply
 */
static uint32_t reply_u32(const char *key)
{
	char *pos;

	pos = strstr(ctl.reply.buf, key);
	ck_assert_msg(pos, "no %s in %s", key, ctl.reply.buf);
	return strtoul(pos + strlen(key), NULL, 10);
}

/**
 * Check a context's keys against hex CK/IK, or that it has none
 */
static void assert_keys(u_int id, const char *ck_hex, const char *ik_hex)
{
	uint8_t ck[IMSAKA_CK_LEN], ik[IMSAKA_IK_LEN];
	chunk_t want_ck, want_ik;
	imsaka_context_t *ctx;
	bool keyed;

	ctx = ctl.contexts->inspect(ctl.contexts, id);
	ck_assert(ctx);
	keyed = ctx->get_keys(ctx, ck, ik);
	ctl.contexts->checkin(ctl.contexts, ctx);
	if (!ck_hex)
	{
		ck_assert(!keyed);
		return;
	}
	ck_assert(keyed);
	want_ck = chunk_from_hex(chunk_from_str((char*)ck_hex), NULL);
	want_ik = chunk_from_hex(chunk_from_str((char*)ik_hex), NULL);
	ck_assert(chunk_equals(want_ck, chunk_create(ck, sizeof(ck))));
	ck_assert(chunk_equals(want_ik, chunk_create(ik, sizeof(ik))));
	chunk_free(&want_ck);
	chunk_free(&want_ik);
}

/**
 * State name of a context, as list shows it
 */
static const char *state(u_int id)
{
	imsaka_context_t *ctx;
	const char *name;

	ctx = ctl.contexts->inspect(ctl.contexts, id);
	ck_assert(ctx);
	name = ctx->get_state(ctx);
	ctl.contexts->checkin(ctl.contexts, ctx);
	return name;
}

START_TEST(test_new_context)
{
	imsaka_context_t *ctx;
	imsaka_sa_set_cfg_t *cfg;
	uint32_t spi_c, spi_s, lifetime;

	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 spi-c="));
	spi_c = reply_u32("spi-c=");
	spi_s = reply_u32("spi-s=");
	lifetime = reply_u32("lifetime=");
	ck_assert(strstr(ctl.reply.buf, " set=temp lifetime=32\n"));
	ck_assert_int_eq(lifetime, 32);
	ck_assert(spi_c >= 256 && spi_s >= 256 && spi_c != spi_s);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);
	ck_assert_int_eq(fake_kernel.sas, 4);
	ck_assert_int_eq(fake_kernel.policies, 4);

	ctx = ctl.contexts->inspect(ctl.contexts, 1);
	ck_assert(ctx);
	ck_assert_int_eq(ctx->get_role(ctx), IMSAKA_CONTEXT_PCSCF);
	ck_assert_str_eq(ctx->get_state(ctx), "await-auth");
	cfg = ctx->get_set(ctx, IMSAKA_SET_TEMP, NULL)->get_cfg(
								ctx->get_set(ctx, IMSAKA_SET_TEMP, NULL));
	ck_assert_int_eq(cfg->local.spi_c, spi_c);
	ck_assert_int_eq(cfg->local.spi_s, spi_s);
	ck_assert_int_eq(cfg->remote.spi_c, 2000);
	ck_assert_int_eq(cfg->mode, IMSAKA_SECAGREE_MOD_UDP_ENC_TUN);
	ctl.contexts->checkin(ctl.contexts, ctx);
	assert_keys(1, CK1, IK1);

	/* lifetime= as in sa-install, in v2 with a tag */
	ck_assert(strpfx(request("hello version=2"), "OK version=2 "));
	ck_assert(strpfx(request("sa-prepare tag=77 impi=bob@ims.example.net "
					 "ck=" CK1 " ik=" IK1 SET_UDP " lifetime=60"),
					 "77 OK ctx=2 spi-c="));
	ck_assert(strstr(ctl.reply.buf, " set=temp lifetime=60\n"));
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 2);
}
END_TEST

START_TEST(test_reregistration)
{
	imsaka_sa_set_t *current;
	imsaka_context_t *ctx;

	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert(strpfx(request("sa-promote ctx=1 expires=600"),
					 "OK ctx=1 set=current"));
	ck_assert(strpfx(request("sa-prepare ctx=1 ck=" CK2 " ik=" IK2 SET_UDP),
					 "OK ctx=1 spi-c="));
	/* new keys, the current set stays beside the new temporary one */
	assert_keys(1, CK2, IK2);
	ck_assert_str_eq(state(1), "re-auth");
	ck_assert_int_eq(fake_kernel.sas, 8);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 4);
	ctx = ctl.contexts->inspect(ctl.contexts, 1);
	current = ctx->get_set(ctx, IMSAKA_SET_CURRENT, NULL);
	ck_assert(current && current->is_installed(current));
	ctl.contexts->checkin(ctl.contexts, ctx);
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
}
END_TEST

/**
 * Whether context id has a current set
 */
static bool has_current(u_int id)
{
	imsaka_context_t *ctx;
	bool current;

	ctx = ctl.contexts->inspect(ctl.contexts, id);
	ck_assert(ctx);
	current = ctx->get_set(ctx, IMSAKA_SET_CURRENT, NULL) != NULL;
	ctl.contexts->checkin(ctl.contexts, ctx);
	return current;
}

/**
 * A new context id of impi with a temporary set (sa-prepare), promoted if
 * asked
 */
static void prepare_new(const char *impi, u_int id, bool promote)
{
	char line[512], expected[32];

	snprintf(line, sizeof(line), "sa-prepare impi=%s ck=" CK1 " ik=" IK1
			 SET_UDP, impi);
	snprintf(expected, sizeof(expected), "OK ctx=%u ", id);
	ck_assert(strpfx(request(line), expected));
	if (promote)
	{
		snprintf(line, sizeof(line), "sa-promote ctx=%u expires=600", id);
		ck_assert(strpfx(request(line), expected));
	}
}

START_TEST(test_promote_replaces)
{
	/* alice registered in ctx 1, again from SM1 in ctx 2 */
	prepare_new("alice@ims.example.net", 1, TRUE);
	prepare_new("alice@ims.example.net", 2, FALSE);
	ck_assert_int_eq(fake_kernel.sas, 8);
	/* promoting ctx 2 removes ctx 1 in the same step */
	ck_assert(strpfx(request("sa-promote ctx=2 expires=600 replaces=1"),
					 "OK ctx=2 set=current "));
	ck_assert(strstr(ctl.reply.buf, " old=no replaced=yes\n"));
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
	ck_assert(has_current(2));
	ck_assert_int_eq(fake_kernel.sas, 4);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);
	ck_assert_str_eq(request("ctx-delete ctx=1"), "ERR ctx no context 1\n");

	/* a context gone already is not an error: nothing to remove */
	prepare_new("alice@ims.example.net", 3, FALSE);
	ck_assert(strpfx(request("sa-promote ctx=3 expires=600 replaces=1"),
					 "OK ctx=3 "));
	ck_assert(strstr(ctl.reply.buf, " replaced=none\n"));
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 2);
}
END_TEST

/**
 * sa-promote replaces= refused: nothing changes
 */
static refusal_t bad_replaces[] = {
	{ "sa-promote ctx=3 expires=600 replaces=3", "ERR param replaces=3: a "
	  "context cannot replace itself\n" },
	{ "sa-promote ctx=3 expires=600 replaces=2", "ERR param replaces=2: ctx 2 "
	  "is not of the IMPI and role of ctx 3\n" },
	{ "sa-promote ctx=3 expires=600 replaces=4", "ERR param replaces=4: ctx 4 "
	  "is not of the IMPI and role of ctx 3\n" },
	{ "sa-promote ctx=3 expires=600 replaces=0", "ERR param replaces=0 is "
	  "not a decimal number in 1..4294967295\n" },
	/* no temporary set: the promotion fails before anything goes */
	{ "sa-promote ctx=1 expires=600 replaces=3", "ERR state ctx 1 has no "
	  "temporary SA set to promote\n" },
};

START_TEST(test_promote_replaces_bad)
{
	/* alice in force in ctx 1, bob in ctx 2, alice's new set in ctx 3, a
	 * UE context of alice's as 4 */
	prepare_new("alice@ims.example.net", 1, TRUE);
	prepare_new("bob@ims.example.net", 2, TRUE);
	prepare_new("alice@ims.example.net", 3, FALSE);
	ck_assert_str_eq(request("ctx-create role=ue impi=alice@ims.example.net"),
					 "OK ctx=4\n");
	ck_assert_str_eq(request(bad_replaces[_i].line), bad_replaces[_i].err);
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 4);
	ck_assert_int_eq(fake_kernel.sas, 12);
	ck_assert(has_current(1));
	ck_assert(has_current(2));
	ck_assert(!has_current(3));
	ck_assert_str_eq(state(3), "await-auth");
}
END_TEST

START_TEST(test_kernel_refuses_new_context)
{
	/* the third SA: two are in the kernel when it fails */
	fake_kernel.add_sa_refuse = 3;
	ck_assert_str_eq(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "ERR kernel the kernel refused "
					 "an SA, nothing installed\n");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 0);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 0);
	ck_assert_int_eq(fake_kernel.sas, 0);
	ck_assert_int_eq(fake_kernel.policies, 0);
	/* the same request goes through once the kernel takes it */
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=2 "));
}
END_TEST

START_TEST(test_kernel_refuses_reregistration)
{
	ck_assert_str_eq(request("ctx-create role=pcscf impi=alice@ims."
					 "example.net"), "OK ctx=1\n");
	ck_assert_str_eq(request("ctx-keys ctx=1 ck=" CK1 " ik=" IK1),
					 "OK ctx=1\n");
	ck_assert(strpfx(request("spi-alloc ctx=1"), "OK spi-c="));
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);

	fake_kernel.add_sa_refuse = 1;
	ck_assert(strpfx(request("sa-prepare ctx=1 ck=" CK2 " ik=" IK2 SET_UDP),
					 "ERR kernel "));
	/* the keys it replaced are back, its SPIs released, the earlier ones
	 * and the context kept */
	assert_keys(1, CK1, IK1);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);
	ck_assert_str_eq(state(1), "keyed");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
	ck_assert_int_eq(fake_kernel.sas, 0);
}
END_TEST

START_TEST(test_kernel_refuses_unkeyed)
{
	ck_assert_str_eq(request("ctx-create role=pcscf impi=alice@ims."
					 "example.net"), "OK ctx=1\n");
	fake_kernel.add_sa_refuse = 4;
	ck_assert(strpfx(request("sa-prepare ctx=1 ck=" CK1 " ik=" IK1 SET_UDP),
					 "ERR kernel "));
	/* a context without keys has none again */
	assert_keys(1, NULL, NULL);
	ck_assert_str_eq(state(1), "new");
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 0);
}
END_TEST

START_TEST(test_unsupported_mode)
{
	/* kernel-libipsec does UDP-enc-tun only, with charon's crypto */
	fake_kernel.features = KERNEL_REQUIRE_UDP_ENCAPSULATION;
	ck_assert(lib->plugins->load(lib->plugins, "aes sha1 hmac"));
	ck_assert_str_eq(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET " mod=trans"), "ERR unsupported the "
					 "kernel backend cannot do mod=trans (kernel-libipsec "
					 "does UDP-enc-tun only)\n");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 0);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 0);
	ck_assert_int_eq(fake_kernel.add_sa_calls, 0);
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=2 "));
}
END_TEST

START_TEST(test_backend_lifetime)
{
	/* a kernel gets the hard lifetime as a safety net behind the plugin's
	 * own expiry */
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert_int_eq(fake_kernel.add_sa_calls, 4);
	ck_assert_int_eq(fake_kernel.sa_life, 3600);
	/* kernel-libipsec none: each would leave a job in charon's scheduler
	 * until the lifetime ends, long after the set went */
	fake_kernel.features = KERNEL_REQUIRE_UDP_ENCAPSULATION;
	ck_assert(lib->plugins->load(lib->plugins, "aes sha1 hmac"));
	ck_assert_str_eq(request("ctx-delete ctx=1"), "OK ctx=1\n");
	fake_kernel.add_sa_calls = 0;
	ck_assert(strpfx(request("sa-prepare impi=bob@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=2 "));
	ck_assert_int_eq(fake_kernel.add_sa_calls, 4);
	ck_assert_int_eq(fake_kernel.sa_life, 0);
}
END_TEST

START_TEST(test_temporary_set_exists)
{
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert_str_eq(request("sa-prepare ctx=1 ck=" CK2 " ik=" IK2 SET_UDP),
					 "ERR state ctx 1 has a temporary SA set already "
					 "(sa-promote or sa-remove set=temp first)\n");
	assert_keys(1, CK1, IK1);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);
	ck_assert_int_eq(fake_kernel.sas, 4);
}
END_TEST

START_TEST(test_spis_exhausted)
{
	test_control_fixture_destroy(&ctl);
	/* room for one set's SPIs */
	test_control_fixture_create(&ctl, 2, 10, NULL, NULL);
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert_str_eq(request("sa-prepare impi=bob@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "ERR resource no SPIs left for "
					 "ctx 2 (range exhausted or too many unused SPIs "
					 "allocated)\n");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);
	ck_assert_int_eq(fake_kernel.sas, 4);
}
END_TEST

START_TEST(test_contexts_exhausted)
{
	test_control_fixture_destroy(&ctl);
	test_control_fixture_create(&ctl, 1024, 1, NULL, NULL);
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert_str_eq(request("sa-prepare impi=bob@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "ERR resource too many "
					 "contexts\n");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
}
END_TEST

/**
 * Requests refused before anything is done
 */
static refusal_t bad_requests[] = {
	{ "sa-prepare ck=" CK1 " ik=" IK1 SET_UDP,
	  "ERR param exactly one of impi= (a new context) and ctx= (a "
	  "re-registration) is needed\n" },
	{ "sa-prepare impi=a@b ctx=1 ck=" CK1 " ik=" IK1 SET_UDP,
	  "ERR param exactly one of impi= (a new context) and ctx= (a "
	  "re-registration) is needed\n" },
	{ "sa-prepare impi=a@b ck=" CK1 " ik=" IK1 SET_UDP " spi-c=300",
	  "ERR param unknown parameter 'spi-c' for sa-prepare\n" },
	{ "sa-prepare impi=a@b ck=00 ik=" IK1 SET_UDP,
	  "ERR param ck is not 16 bytes of hex (got 2 characters)\n" },
	{ "sa-prepare impi=a@b ck=" CK1 SET_UDP,
	  "ERR param missing parameter 'ik'\n" },
	{ "sa-prepare impi=a@b ck=" CK1 " ik=" IK1 SET,
	  "ERR param missing parameter 'mod'\n" },
	{ "sa-prepare impi=a@b ck=" CK1 " ik=" IK1 SET_UDP " lifetime=3601",
	  "ERR param lifetime=3601 is not a decimal number in 1..3600\n" },
	{ "sa-prepare ctx=x ck=" CK1 " ik=" IK1 SET_UDP,
	  "ERR param ctx=x is not a decimal number in 1..4294967295\n" },
	{ "sa-prepare ctx=5 ck=" CK1 " ik=" IK1 SET_UDP,
	  "ERR ctx no context 5\n" },
};

START_TEST(test_bad_request)
{
	ck_assert_str_eq(request(bad_requests[_i].line), bad_requests[_i].err);
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 0);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 0);
	ck_assert_int_eq(fake_kernel.add_sa_calls, 0);
}
END_TEST

START_TEST(test_ue_context)
{
	ck_assert_str_eq(request("ctx-create role=ue impi=alice@ims.example.net"),
					 "OK ctx=1\n");
	ck_assert_str_eq(request("sa-prepare ctx=1 ck=" CK1 " ik=" IK1 SET_UDP),
					 "ERR state ctx 1 is a UE context: a UE gets CK/IK from "
					 "aka-digest\n");
	assert_keys(1, NULL, NULL);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 0);
}
END_TEST

START_TEST(test_found_by_spi)
{
	imsaka_context_t *ctx;
	uint32_t spi_c, spi_s;

	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	spi_c = reply_u32("spi-c=");
	spi_s = reply_u32("spi-s=");
	ck_assert(strpfx(request("sa-prepare impi=bob@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=2 "));

	ctx = ctl.contexts->checkout_by_spi(ctl.contexts, spi_s);
	ck_assert(ctx);
	ck_assert_int_eq(ctx->get_id(ctx), 1);
	ctl.contexts->checkin(ctl.contexts, ctx);
	ctx = ctl.contexts->checkout_by_spi(ctl.contexts, reply_u32("spi-c="));
	ck_assert(ctx);
	ck_assert_int_eq(ctx->get_id(ctx), 2);
	ctl.contexts->checkin(ctl.contexts, ctx);
	/* the peer's SPIs are not this host's */
	ck_assert(!ctl.contexts->checkout_by_spi(ctl.contexts, 2000));

	/* a promoted set is found as before, a removed one no more */
	ck_assert(strpfx(request("sa-promote ctx=1 expires=600"), "OK ctx=1 "));
	ctx = ctl.contexts->checkout_by_spi(ctl.contexts, spi_c);
	ck_assert(ctx);
	ctl.contexts->checkin(ctl.contexts, ctx);
	ck_assert_str_eq(request("sa-remove ctx=1"), "OK ctx=1 removed=1\n");
	ck_assert(!ctl.contexts->checkout_by_spi(ctl.contexts, spi_c));
	ck_assert(!ctl.contexts->checkout_by_spi(ctl.contexts, spi_s));
	/* nor are SPIs allocated but not used by a set */
	ck_assert(strpfx(request("spi-alloc ctx=1"), "OK spi-c="));
	ck_assert(!ctl.contexts->checkout_by_spi(ctl.contexts, reply_u32("spi-c=")));
	ck_assert_str_eq(request("ctx-delete ctx=2"), "OK ctx=2\n");
	ck_assert_int_eq(fake_kernel.sas, 0);
}
END_TEST

START_TEST(test_flush_role)
{
	/* two P-CSCF registrations with sets, one held, and a UE context */
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert(strpfx(request("sa-prepare impi=bob@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=2 "));
	ck_assert(strpfx(request("ctx-hold ctx=2 expires=600"), "OK ctx=2 "));
	ck_assert_str_eq(request("ctx-create role=ue impi=alice@ims.example.net"),
					 "OK ctx=3\n");
	ck_assert_int_eq(fake_kernel.sas, 8);
	ck_assert_str_eq(request("ctx-flush role=pcscf"), "OK flushed=2\n");
	/* gone with their sets and SPIs, as ctx-delete does */
	ck_assert_int_eq(fake_kernel.sas, 0);
	ck_assert_int_eq(fake_kernel.policies, 0);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 0);
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
	ck_assert_str_eq(request("ctx-delete ctx=1"), "ERR ctx no context 1\n");
	ck_assert_str_eq(request("ctx-delete ctx=2"), "ERR ctx no context 2\n");
	ck_assert_str_eq(request("ctx-flush role=pcscf"), "OK flushed=0\n");
	ck_assert_str_eq(request("ctx-flush role=ue"), "OK flushed=1\n");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 0);
}
END_TEST

START_TEST(test_flush_impi)
{
	ck_assert(strpfx(request("sa-prepare impi=alice@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=1 "));
	ck_assert(strpfx(request("sa-prepare impi=bob@ims.example.net ck="
					 CK1 " ik=" IK1 SET_UDP), "OK ctx=2 "));
	ck_assert_str_eq(request("ctx-create role=ue impi=alice@ims.example.net"),
					 "OK ctx=3\n");
	/* only the role's contexts of that IMPI */
	ck_assert_str_eq(request("ctx-flush role=ue impi=bob@ims.example.net"),
					 "OK flushed=0\n");
	ck_assert_str_eq(request("ctx-flush role=pcscf "
					 "impi=alice@ims.example.net"), "OK flushed=1\n");
	ck_assert_int_eq(fake_kernel.sas, 4);
	ck_assert_int_eq(ctl.spis->count(ctl.spis), 2);
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 2);
	ck_assert_str_eq(state(2), "await-auth");
	ck_assert_str_eq(request("ctx-flush role=ue impi=alice@ims.example.net"),
					 "OK flushed=1\n");
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
	ck_assert_int_eq(fake_kernel.sas, 4);
}
END_TEST

/**
 * ctx-flush requests refused
 */
static refusal_t bad_flushes[] = {
	{ "ctx-flush", "ERR param missing parameter 'role'\n" },
	{ "ctx-flush impi=a@b", "ERR param missing parameter 'role'\n" },
	{ "ctx-flush role=scscf", "ERR param role=scscf is neither ue nor "
	  "pcscf\n" },
	{ "ctx-flush role=pcscf ctx=1", "ERR param unknown parameter 'ctx' for "
	  "ctx-flush\n" },
};

START_TEST(test_flush_bad)
{
	ck_assert(strpfx(request("sa-prepare impi=a@b ck=" CK1 " ik=" IK1
					 SET_UDP), "OK ctx=1 "));
	ck_assert_str_eq(request(bad_flushes[_i].line), bad_flushes[_i].err);
	ck_assert_int_eq(ctl.contexts->count(ctl.contexts), 1);
	ck_assert_int_eq(fake_kernel.sas, 4);
}
END_TEST

Suite *control_prepare_suite_create(void)
{
	test_entry_t tests[] = {
		{ "sa-prepare", test_new_context },
		{ "sa-prepare", test_reregistration },
		{ "sa-prepare", test_backend_lifetime },
		{ "sa-promote", test_promote_replaces },
		{ "sa-promote", test_promote_replaces_bad, countof(bad_replaces) },
		{ "rollback", test_kernel_refuses_new_context },
		{ "rollback", test_kernel_refuses_reregistration },
		{ "rollback", test_kernel_refuses_unkeyed },
		{ "rollback", test_unsupported_mode },
		{ "rollback", test_temporary_set_exists },
		{ "rollback", test_spis_exhausted },
		{ "rollback", test_contexts_exhausted },
		{ "rollback", test_bad_request, countof(bad_requests) },
		{ "rollback", test_ue_context },
		{ "by spi", test_found_by_spi },
		{ "ctx-flush", test_flush_role },
		{ "ctx-flush", test_flush_impi },
		{ "ctx-flush", test_flush_bad, countof(bad_flushes) },
	};

	return test_suite_create("imsaka sa-prepare", setup, teardown, tests,
							 countof(tests));
}
