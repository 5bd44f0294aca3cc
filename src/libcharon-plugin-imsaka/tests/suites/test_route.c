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
 * Unit tests of the routes of SA sets (imsaka_route_t as imsaka_sa_set_t
 * uses it) against a fake kernel interface that behaves like charon's
 * kernel-netlink: add_route() of a route equal in every attribute to one
 * installed answers ALREADY_DONE and keeps no second entry; del_route()
 * removes the entry. The fake IPsec backend accepts every SA and policy and
 * reports kernel-libipsec's feature when asked to.
 */

#include <check.h>
#include <arpa/inet.h>

#include <library.h>
#include <daemon.h>

#include "imsaka_sa_set.h"
#include "imsaka_route.h"
#include "imsaka_context_manager.h"
#include "test_library.h"
#include "fake_kernel_ipsec.h"

/** TS 35.207 test set 1 CK and IK */
static const uint8_t ck[IMSAKA_CK_LEN] = {
	0xb4, 0x0b, 0xa9, 0xa3, 0xc5, 0x8b, 0x2a, 0x05,
	0xbb, 0xf0, 0xd9, 0x87, 0xb2, 0x1b, 0xf8, 0xcb,
};
static const uint8_t ik[IMSAKA_IK_LEN] = {
	0xf7, 0x69, 0xbc, 0xd7, 0x51, 0x04, 0x46, 0x04,
	0x12, 0x76, 0x72, 0x71, 0x1c, 0x6d, 0x34, 0x41,
};

/** routes the fake holds, as "dst/len via gw src src dev if" strings */
static linked_list_t *routes;

/** add_route() and del_route() calls seen */
static int adds, dels;

/** next hop the fake reports, changed by the tests */
static char *nexthop = "192.0.2.1";

static char *route_str(chunk_t dst, uint8_t len, host_t *gw, host_t *src,
					   char *ifn)
{
	char d[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN];
	char buf[256];

	inet_ntop(dst.len == 4 ? AF_INET : AF_INET6, dst.ptr, d, sizeof(d));
	inet_ntop(gw->get_family(gw), gw->get_address(gw).ptr, g, sizeof(g));
	inet_ntop(src->get_family(src), src->get_address(src).ptr, s, sizeof(s));
	snprintf(buf, sizeof(buf), "%s/%u via %s src %s dev %s", d, len, g, s,
			 ifn);
	return strdup(buf);
}

static bool route_held(char *s)
{
	enumerator_t *e;
	char *r;
	bool found = FALSE;

	e = routes->create_enumerator(routes);
	while (e->enumerate(e, &r))
	{
		found = found || streq(r, s);
	}
	e->destroy(e);
	return found;
}

static status_t fake_add_route(kernel_net_t *this, chunk_t dst, uint8_t len,
							   host_t *gw, host_t *src, char *ifn, bool pass)
{
	char *s = route_str(dst, len, gw, src, ifn);

	adds++;
	if (route_held(s))
	{
		free(s);
		return ALREADY_DONE;
	}
	routes->insert_last(routes, s);
	return SUCCESS;
}

static status_t fake_del_route(kernel_net_t *this, chunk_t dst, uint8_t len,
							   host_t *gw, host_t *src, char *ifn, bool pass)
{
	enumerator_t *e;
	char *s = route_str(dst, len, gw, src, ifn), *r;
	status_t status = NOT_FOUND;

	dels++;
	e = routes->create_enumerator(routes);
	while (e->enumerate(e, &r))
	{
		if (streq(r, s))
		{
			routes->remove_at(routes, e);
			free(r);
			status = SUCCESS;
			break;
		}
	}
	e->destroy(e);
	free(s);
	return status;
}

static host_t *fake_get_nexthop(kernel_net_t *this, host_t *dest, int prefix,
								host_t *src, char **iface)
{
	if (iface)
	{
		*iface = strdup("eth0");
	}
	return host_create_from_string(nexthop, 0);
}

static bool fake_get_interface(kernel_net_t *this, host_t *host, char **name)
{
	*name = strdup("eth0");
	return TRUE;
}

static kernel_net_t *fake_net_create()
{
	kernel_net_t *this;

	INIT(this,
		.get_nexthop = fake_get_nexthop,
		.get_interface = fake_get_interface,
		.add_route = fake_add_route,
		.del_route = fake_del_route,
		.destroy = (void*)free,
	);
	return this;
}

static void setup()
{
	ck_assert(library_init(NULL, "plugin_tests"));
	ck_assert(libcharon_init());
	fake_kernel_ipsec_register();
	ck_assert(charon->kernel->add_net_interface(charon->kernel,
												fake_net_create));
	routes = linked_list_create();
	adds = dels = 0;
	nexthop = "192.0.2.1";
}

static void teardown()
{
	routes->destroy_function(routes, free);
	libcharon_deinit();
	library_deinit();
}

/**
 * A P-CSCF's set towards a UE behind a NAT (as in the netlink scenario
 * sa-set-nat), its SPIs offset by n so that sets differ
 */
static imsaka_sa_set_t *pcscf_set(imsaka_secagree_mod_t mode, char *ue, int n)
{
	imsaka_sa_set_t *set;
	host_t *local, *remote, *outer;
	const char *err = NULL;
	imsaka_sa_set_cfg_t cfg = {
		.local = {
			.port_c = 5062, .port_s = 5060,
			.spi_c = 1000 + n, .spi_s = 1001 + n,
		},
		.remote = {
			.port_c = 5064, .port_s = 5066,
			.spi_c = 2000 + n, .spi_s = 2001 + n,
		},
		.mode = mode,
		.alg = IMSAKA_ESP_ALG_HMAC_SHA1_96,
		.ealg = IMSAKA_ESP_EALG_AES_CBC,
	};

	local = host_create_from_string("10.2.0.1", 0);
	remote = host_create_from_string(ue, 0);
	outer = host_create_from_string("192.0.2.20", 0);
	cfg.local.addr = local;
	cfg.remote.addr = remote;
	cfg.local_outer = outer;
	cfg.remote_outer = host_create_from_string("192.0.2.1", 23301);
	set = imsaka_sa_set_create(&cfg, &err);
	ck_assert_msg(set, "%s", err);
	ck_assert_msg(set->install(set, ck, ik, &err), "%s", err);
	local->destroy(local);
	remote->destroy(remote);
	outer->destroy(outer);
	cfg.remote_outer->destroy(cfg.remote_outer);
	return set;
}

#define UE_ROUTE "10.1.0.10/32 via 192.0.2.1 src 10.2.0.1 dev eth0"

START_TEST(test_tunnel_set_routes_to_inner)
{
	imsaka_secagree_mod_t modes[] = {
		IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
		IMSAKA_SECAGREE_MOD_TUN,
	};
	imsaka_sa_set_t *set = pcscf_set(modes[_i], "10.1.0.10", 0);

	ck_assert_int_eq(routes->get_count(routes), 1);
	ck_assert(route_held(UE_ROUTE));
	set->destroy(set);
	ck_assert_int_eq(routes->get_count(routes), 0);
}
END_TEST

START_TEST(test_transport_set_no_route)
{
	imsaka_sa_set_t *set = pcscf_set(IMSAKA_SECAGREE_MOD_TRANS, "10.1.0.10", 0);

	set->destroy(set);
	ck_assert_int_eq(adds, 0);
	ck_assert_int_eq(dels, 0);
}
END_TEST

START_TEST(test_libipsec_no_route)
{
	imsaka_sa_set_t *set;

	/* kernel-libipsec routes with its policies; refresh_routes re-adds
	 * those and must not call add_route() either */
	fake_kernel.features = KERNEL_REQUIRE_UDP_ENCAPSULATION;
	/* libipsec does the crypto with charon's plugins */
	ck_assert(lib->plugins->load(lib->plugins, "aes sha1 hmac"));
	set = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	set->refresh_routes(set);
	set->destroy(set);
	ck_assert_int_eq(adds, 0);
	ck_assert_int_eq(dels, 0);
}
END_TEST

START_TEST(test_install_routes_no)
{
	imsaka_sa_set_t *set;

	lib->settings->set_bool(lib->settings, "%s.install_routes", FALSE,
							lib->ns);
	set = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	set->destroy(set);
	ck_assert_int_eq(adds, 0);
}
END_TEST

START_TEST(test_route_of_others_kept)
{
	imsaka_sa_set_t *set;
	host_t *gw, *src;

	/* charon installed the very same route before, e.g. for a CHILD_SA:
	 * the set uses it and leaves it when it goes */
	gw = host_create_from_string("192.0.2.1", 0);
	src = host_create_from_string("10.2.0.1", 0);
	ck_assert_int_eq(charon->kernel->add_route(charon->kernel,
				chunk_from_chars(10, 1, 0, 10), 32, gw, src, "eth0", FALSE),
				SUCCESS);
	set = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	ck_assert_int_eq(adds, 2);
	set->destroy(set);
	ck_assert_int_eq(dels, 0);
	ck_assert(route_held(UE_ROUTE));
	gw->destroy(gw);
	src->destroy(src);
}
END_TEST

START_TEST(test_route_taken_over)
{
	imsaka_sa_set_t *old, *new;

	/* re-registration: the new set finds the old set's route, which goes
	 * with the old set; the context then refreshes the new set's routes */
	old = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	new = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 10);
	ck_assert_int_eq(routes->get_count(routes), 1);
	old->destroy(old);
	ck_assert_int_eq(routes->get_count(routes), 0);
	new->refresh_routes(new);
	ck_assert(route_held(UE_ROUTE));
	/* refreshing an owned route changes nothing */
	new->refresh_routes(new);
	ck_assert_int_eq(routes->get_count(routes), 1);
	new->destroy(new);
	ck_assert_int_eq(routes->get_count(routes), 0);
}
END_TEST

/**
 * A context of the manager for a UE's IMPI holding a temporary set
 */
static u_int context_with_set(imsaka_context_manager_t *manager, int n)
{
	imsaka_context_t *ctx;
	u_int id;

	id = manager->create(manager, IMSAKA_CONTEXT_PCSCF,
				identification_create_from_string("ue@ims.example.net"));
	ck_assert(id);
	ctx = manager->checkout(manager, id);
	ck_assert(ctx);
	ctx->set_keys(ctx, ck, ik);
	ck_assert(ctx->set_temp(ctx, pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN,
										   "10.1.0.10", n), 600));
	manager->checkin(manager, ctx);
	return id;
}

START_TEST(test_route_taken_over_across_contexts)
{
	imsaka_spi_allocator_t *spis;
	imsaka_context_manager_t *manager;
	u_int old, new;

	/* the UE registers again from SM1 while registered (an AUTS resync, a
	 * restarted UE): a new context's set finds the old context's route,
	 * which goes when the P-CSCF deletes the old context; the contexts of
	 * the same IMPI take the route over */
	spis = imsaka_spi_allocator_create(256, 4095, 256);
	manager = imsaka_context_manager_create(spis, NULL, NULL, NULL, 600, 0, 10);
	old = context_with_set(manager, 0);
	new = context_with_set(manager, 10);
	ck_assert_int_eq(routes->get_count(routes), 1);
	ck_assert(manager->remove(manager, old));
	ck_assert(route_held(UE_ROUTE));
	ck_assert_int_eq(routes->get_count(routes), 1);
	/* also when the old one goes in a flush */
	old = context_with_set(manager, 20);
	ck_assert(manager->remove(manager, new));
	ck_assert(route_held(UE_ROUTE));
	ck_assert_int_eq(manager->flush(manager, IMSAKA_CONTEXT_PCSCF, NULL), 1);
	ck_assert_int_eq(routes->get_count(routes), 0);
	manager->destroy(manager);
	spis->destroy(spis);
}
END_TEST

START_TEST(test_two_ues_two_routes)
{
	imsaka_sa_set_t *a, *b;

	a = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	b = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.20", 10);
	ck_assert_int_eq(routes->get_count(routes), 2);
	a->destroy(a);
	ck_assert(!route_held(UE_ROUTE));
	ck_assert(route_held("10.1.0.20/32 via 192.0.2.1 src 10.2.0.1 dev eth0"));
	b->destroy(b);
	ck_assert_int_eq(routes->get_count(routes), 0);
}
END_TEST

START_TEST(test_route_follows_peer)
{
	imsaka_sa_set_t *set;
	host_t *moved;

	set = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	/* the UE's NAT now answers from another address, behind another hop */
	nexthop = "192.0.2.254";
	moved = host_create_from_string("198.51.100.7", 4500);
	ck_assert(set->update_remote(set, moved, ck, ik));
	ck_assert_int_eq(routes->get_count(routes), 1);
	ck_assert(route_held("10.1.0.10/32 via 192.0.2.254 src 10.2.0.1 "
						 "dev eth0"));
	/* a new port only keeps the route */
	moved->set_port(moved, 4501);
	ck_assert(set->update_remote(set, moved, ck, ik));
	ck_assert_int_eq(dels, 1);
	set->destroy(set);
	ck_assert_int_eq(routes->get_count(routes), 0);
	moved->destroy(moved);
}
END_TEST

START_TEST(test_uninstalled_set_no_route)
{
	imsaka_sa_set_t *set;

	set = pcscf_set(IMSAKA_SECAGREE_MOD_UDP_ENC_TUN, "10.1.0.10", 0);
	set->uninstall(set);
	ck_assert_int_eq(routes->get_count(routes), 0);
	/* no route for a set that is not installed */
	set->refresh_routes(set);
	ck_assert_int_eq(routes->get_count(routes), 0);
	set->destroy(set);
}
END_TEST

Suite *route_suite_create(void)
{
	test_entry_t tests[] = {
		{ "kernel-netlink", test_tunnel_set_routes_to_inner, 2 },
		{ "kernel-netlink", test_transport_set_no_route },
		{ "kernel-netlink", test_libipsec_no_route },
		{ "kernel-netlink", test_install_routes_no },
		{ "kernel-netlink", test_route_of_others_kept },
		{ "kernel-netlink", test_route_taken_over },
		{ "kernel-netlink", test_route_taken_over_across_contexts },
		{ "kernel-netlink", test_two_ues_two_routes },
		{ "kernel-netlink", test_route_follows_peer },
		{ "kernel-netlink", test_uninstalled_set_no_route },
	};

	return test_suite_create("imsaka SA set routes", setup, teardown, tests,
							 countof(tests));
}
