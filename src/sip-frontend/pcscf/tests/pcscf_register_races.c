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
 * What the race tests (test_pcscf_register_races.c) check after each
 * race: a journal of what the P-CSCF sent and when, charon's contexts as
 * the requests sent to it leave them, and the S-CSCF's answers to a
 * chosen forwarded REGISTER.
 */

#define _GNU_SOURCE
#include <stdio.h>

#include <library.h>

#include "pcscf_register_races.h"

/** a message sent, with how many requests charon had been sent then */
typedef struct {
	sip_peer_t peer;
	/** status code of a response, 0 for a request */
	int status;
	/** the UE's branch number in the message (z9hG4bKue<n>), 0 if none */
	int ue;
	/** CK or IK in it */
	bool keys;
	/** requests recorded by the fake charon when it was sent */
	int requests;
} journal_t;

/** messages sent, in order */
static journal_t journal[2 * FAKE_MAX];
static int journal_count;

/** the fake transport's own send */
static bool (*transport_send)(sip_transport_t *this, const sip_peer_t *peer,
							  const char *msg, size_t len);

/** REGISTERs the UE sent per branch number, and answers it may get more
 *  (the S-CSCF answered twice) or fewer (superseded while charon worked) */
int ue_sent[RACES_MAX_UE], ue_extra[RACES_MAX_UE], ue_superseded[RACES_MAX_UE];

/**
 * The transport's send, journaled
 */
static bool journal_send(sip_transport_t *this, const sip_peer_t *peer,
						 const char *msg, size_t len)
{
	char *text = strndup(msg, len);
	journal_t *entry;
	const char *p;

	ck_assert_int_lt(journal_count, countof(journal));
	entry = &journal[journal_count++];
	*entry = (journal_t){
		.peer = *peer,
		.requests = fake.count,
		.keys = strstr(text, CK_HEX) || strstr(text, IK_HEX) ||
				strstr(text, "ck=") || strstr(text, "ik="),
	};
	if (strncmp(text, "SIP/2.0 ", 8) == 0)
	{
		entry->status = atoi(text + 8);
	}
	p = strstr(text, "branch=z9hG4bKue");
	if (p)
	{
		entry->ue = atoi(p + strlen("branch=z9hG4bKue"));
	}
	free(text);
	return transport_send(this, peer, msg, len);
}

void races_setup(void)
{
	register_setup();
	transport_send = transport->public.send;
	transport->public.send = journal_send;
	journal_count = 0;
	memset(ue_sent, 0, sizeof(ue_sent));
	memset(ue_extra, 0, sizeof(ue_extra));
	memset(ue_superseded, 0, sizeof(ue_superseded));
}

/** one of charon's contexts as the requests sent to it leave it */
typedef struct {
	bool alive;
	/** a temporary set, a set in force */
	bool temp, current;
	/** ctx-hold sent (the TLS mechanisms' registration in force) */
	bool held;
} context_t;

/** the number after name= in a request, 0 if none */
static uint32_t param(const char *request, const char *name)
{
	const char *p = strstr(request, name);

	return p ? strtoul(p + strlen(name), NULL, 10) : 0;
}

/**
 * charon's contexts after its first n requests, numbered as the fake
 * numbers them (ctx-create, sa-prepare impi=); returns how many there are
 */
static int charon_view(int n, context_t ctx[FAKE_MAX + 1])
{
	int i, count = 0;
	uint32_t id;

	memset(ctx, 0, sizeof(context_t) * (FAKE_MAX + 1));
	ck_assert_int_lt(fake.count, FAKE_MAX);
	for (i = 0; i < n; i++)
	{
		const char *r = fake.requests[i];

		id = param(r, "ctx=");
		ck_assert_int_le(id, FAKE_MAX);
		if (strncmp(r, "ctx-create ", 11) == 0 ||
			(strncmp(r, "sa-prepare ", 11) == 0 && !id))
		{
			id = ++count;
			ctx[id].alive = true;
		}
		if (!ctx[id].alive)
		{	/* a request for a context gone changes nothing */
			continue;
		}
		if (strncmp(r, "sa-prepare ", 11) == 0)
		{
			ctx[id].temp = true;
		}
		else if (strncmp(r, "sa-promote ", 11) == 0 && ctx[id].temp)
		{
			ctx[id].temp = false;
			ctx[id].current = true;
		}
		else if (strncmp(r, "sa-remove ", 10) == 0 && strstr(r, "set=temp"))
		{
			ctx[id].temp = false;
		}
		else if (strncmp(r, "ctx-hold ", 9) == 0)
		{
			ctx[id].held = true;
		}
		else if (strncmp(r, "ctx-delete ", 11) == 0)
		{
			ctx[id] = (context_t){};
		}
	}
	return count;
}

/** fire the timers of the steps, the 408s and the lingers (not the
 *  registrations' expiry), charon's replies first */
void settle(void)
{
	int i, fired;

	do
	{
		for (i = 0; i < fake.waiting_count; i++)
		{
			fake_control_answer(&fake, i, NULL);
		}
		fired = 0;
		for (i = 0; i < transport->timer_count; i++)
		{
			fake_timer_t *timer = &transport->timers[i];

			if (timer->active && timer->ms <= config.auth_timeout * 1000)
			{
				timer->active = false;
				timer->cb(timer->data);
				fired++;
			}
		}
	}
	while (fired || fake_control_waiting(&fake));
	ck_assert_int_lt(transport->timer_count, FAKE_MAX);
}

/**
 * What must hold at any time: at most one set in force for the UE, no
 * keys to the UE, nothing to a protected port while no set exists (until
 * the registration expired, when expired is set)
 */
void check_always(bool expired)
{
	context_t ctx[FAKE_MAX + 1];
	int i, j, n, in_force = 0;
	bool protected;

	n = charon_view(fake.count, ctx);
	for (i = 1; i <= n; i++)
	{
		in_force += ctx[i].alive && (ctx[i].current || ctx[i].held);
	}
	ck_assert_int_le(in_force, 1);
	for (i = 0; i < journal_count; i++)
	{
		if (!imsaka_addr_equals(&journal[i].peer.remote, &scscf.remote))
		{
			ck_assert_msg(!journal[i].keys, "CK/IK in message %d to the UE",
						  i);
		}
		if (expired || journal[i].peer.proto != SIP_UDP ||
			journal[i].peer.local.port != config.port_s)
		{
			continue;
		}
		/* sent to a protected port: a set existed then */
		n = charon_view(journal[i].requests, ctx);
		protected = false;
		for (j = 1; j <= n; j++)
		{
			protected |= ctx[j].alive && (ctx[j].current || ctx[j].temp);
		}
		ck_assert_msg(protected, "message %d (%d) sent without a set", i,
					  journal[i].status);
	}
}

/**
 * Once the timers fired: the registration holds one context with its set
 * (or hold) in force and nothing temporary, or there is no registration
 * and no context; each REGISTER got one final answer
 */
void check_settled(bool expired)
{
	context_t ctx[FAKE_MAX + 1];
	int i, n, alive = 0, finals;

	settle();
	check_always(expired);
	n = charon_view(fake.count, ctx);
	for (i = 1; i <= n; i++)
	{
		ck_assert_msg(!ctx[i].alive || !ctx[i].temp,
					  "temporary set left in context %d", i);
		if (ctx[i].alive)
		{
			ck_assert_msg(ctx[i].current || ctx[i].held, "context %d left "
						  "without a set in force", i);
			alive++;
		}
	}
	ck_assert_int_eq(alive, proxy->get_count(proxy));
	ck_assert_int_le(alive, 1);
	for (i = 1; i < countof(ue_sent); i++)
	{
		if (!ue_sent[i])
		{
			continue;
		}
		finals = 0;
		for (n = 0; n < journal_count; n++)
		{
			finals += journal[n].ue == i && journal[n].status >= 200 &&
				!imsaka_addr_equals(&journal[n].peer.remote, &scscf.remote);
		}
		ck_assert_msg(finals >= 1 - ue_superseded[i] &&
					  finals <= ue_sent[i] + ue_extra[i],
					  "REGISTER %d sent %d times got %d final answers", i,
					  ue_sent[i], finals);
	}
}

/** the UE sends REGISTER n (its branch z9hG4bKue<n>), freed here */
void ue_sends(const sip_peer_t *peer, int n, char *text)
{
	ue_sent[n]++;
	receive_free(peer, text);
}

/** the S-CSCF's answer to the forwarded REGISTER n (free it) */
char *answer(int n, const char *status, const char *extra)
{
	char branch[32], via[2048], *text;
	int i;

	snprintf(branch, sizeof(branch), "branch=z9hG4bKue%d;", n);
	for (i = transport->sent_count - 1; i >= 0; i--)
	{
		if (imsaka_addr_equals(&transport->sent[i].peer.remote,
							   &scscf.remote) &&
			strstr(transport->sent[i].text, branch))
		{
			break;
		}
	}
	ck_assert_msg(i >= 0, "REGISTER %d was not forwarded", n);
	via_lines(transport->sent[i].text, via, sizeof(via));
	ck_assert(asprintf(&text, "SIP/2.0 %s\r\n%s"
		"From: <sip:alice@ims.example.net>;tag=4fa3\r\n"
		"To: <sip:alice@ims.example.net>;tag=scscf\r\n"
		"Call-ID: reg1@10.1.0.10\r\n"
		"CSeq: %d REGISTER\r\n%s"
		"Content-Length: 0\r\n\r\n", status, via, n, extra) > 0);
	return text;
}

/** the S-CSCF's 401 with CK and IK to REGISTER n (free it) */
char *challenge(int n)
{
	return answer(n, "401 Unauthorized", "WWW-Authenticate: Digest "
		"realm=\"ims.example.net\", "
		"nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz\", "
		"algorithm=AKAv1-MD5, qop=\"auth\", ck=\"" CK_HEX "\", "
		"ik=\"" IK_HEX "\"\r\n");
}

/** the S-CSCF's 200 to REGISTER n granting expires (free it) */
char *accept_(int n, int expires)
{
	char contact[128];

	snprintf(contact, sizeof(contact),
			 "Contact: <sip:alice@10.1.0.10:5064>;expires=%d\r\n", expires);
	return answer(n, "200 OK", contact);
}

/** the S-CSCF sends a text, freed here */
void scscf_sends(char *text)
{
	receive_free(&scscf, text);
}

/** whether REGISTER n went to the S-CSCF */
bool forwarded(int n)
{
	int i;

	for (i = 0; i < journal_count; i++)
	{
		if (journal[i].ue == n && !journal[i].status &&
			imsaka_addr_equals(&journal[i].peer.remote, &scscf.remote))
		{
			return true;
		}
	}
	return false;
}

/** the last final answer to REGISTER n: its status, 0 if none */
int answered(int n)
{
	int i;

	for (i = journal_count - 1; i >= 0; i--)
	{
		if (journal[i].ue == n && journal[i].status >= 200 &&
			!imsaka_addr_equals(&journal[i].peer.remote, &scscf.remote))
		{
			return journal[i].status;
		}
	}
	return 0;
}

/** the index of the recorded request starting with prefix, -1 if none */
int request_index(const char *prefix)
{
	int i;

	for (i = 0; i < fake.count; i++)
	{
		if (strncmp(fake.requests[i], prefix, strlen(prefix)) == 0)
		{
			return i;
		}
	}
	return -1;
}

/** how many recorded requests start with prefix */
int request_count(const char *prefix)
{
	int i, n = 0;

	for (i = 0; i < fake.count; i++)
	{
		n += strncmp(fake.requests[i], prefix, strlen(prefix)) == 0;
	}
	return n;
}

/** the UE registered (REGISTERs 1 and 2), over the set of ports 5064 */
void registered(void)
{
	register_ue();
	ue_sent[1] = ue_sent[2] = 1;
}

/** a protected re-REGISTER n from port_c 5064 with a new Security-Client
 *  (ports 5065/5066), or a refresh without one */
char *rereg_text(int n, bool new_set)
{
	char security[2200];

	sec_agree_headers(security, sizeof(security), REREG_CLIENT, NULL);
	return register_text("5064", n, new_set ? security : "", "600");
}

/** SM7 n of the re-registration after its SM6, over the new set */
char *rereg_sm7_text(int n, const char *sm6)
{
	char security[6000], server[2048];

	ck_assert(header_value(sm6, "Security-Server", server, sizeof(server)));
	sec_agree_headers(security, sizeof(security), REREG_CLIENT, server);
	return register_text("5065", n, security, "600");
}

/** the registration's expiry timer fires */
void expire(void)
{
	fake_timer_t *timer = fake_transport_longest_timer(transport);

	ck_assert(timer);
	ck_assert_int_eq(timer->ms, (600 + 30) * 1000);
	timer->active = false;
	timer->cb(timer->data);
}
