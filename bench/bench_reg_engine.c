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

#define _GNU_SOURCE
#include "bench_reg_engine.h"
#include "bench_reg_identity.h"
#include "bench_reg_message.h"
#include "bench_reg_sip.h"
#include "bench_reg_transport.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** first retransmission timeout, ms (doubles) */
#define RETRANSMIT_MS 500

/** tries per message */
#define MAX_TRIES 5

/** failures shown in detail */
#define SHOW_FAILURES 5

/** longest Retry-After taken, s */
#define MAX_RETRY_AFTER 3600

/**
 * What an outstanding transaction is.
 */
typedef enum {
	/** the first REGISTER of a registration */
	STEP_FIRST = 1,
	/** the second one, answering the 401 */
	STEP_SECOND,
	/** a MESSAGE */
	STEP_MESSAGE,
} step_t;

/**
 * An outstanding transaction.
 */
typedef struct {
	/** UE number, or -1 if the slot is free */
	int ue;
	/** what it is */
	step_t step;
	/** the UE's set this attempt makes (0 unless rotate_sets) */
	unsigned set;
	/** TRUE: a protected re-REGISTER over the set in force */
	bool again;
	/** CSeq number of the request sent */
	unsigned cseq;
	/** socket it was sent on */
	int fd;
	/** where it went, and where from */
	struct sockaddr_in to;
	imsaka_addr_t src;
	/** when it was sent last, and when the transaction started, ms */
	double sent, start;
	/** tries of the current message */
	int tries;
	/** the message, for retransmissions */
	size_t len;
	char msg[BENCH_REG_MSG_MAX];
} slot_t;

struct bench_reg_engine_t {
	/** settings */
	bench_reg_conf_t *conf;
	/** when each UE registers */
	bench_reg_fleet_t *fleet;
	/** what the driver is told */
	bench_reg_hooks_t hooks;
	/** failed attempts are tried again */
	bool retry;
	/** number of UEs */
	unsigned ue_count;
	/** slot of each UE, -1 if none */
	int *slot_of;
	/** slots, and the stack of free ones */
	slot_t *slots;
	int *free_slots;
	unsigned slot_count, free_count;
	/** sockets: unprotected, and port_c of each set (-1 if none) */
	int sock_u, sock_c[BENCH_REG_SETS];
	/** soak: re-registration period, ms (0: no soak) */
	double period_ms;
	/** soak: the set in force of each UE (-1: none), and whether the UE
	 * holds it registered (else its next attempt starts with SM1) */
	signed char *in_force;
	bool *holds;
	/** MESSAGEs sent (CSeq numbers) */
	unsigned message_cseq;
	/** when retransmissions and waits were last scanned, ms */
	double last_scan;
	/** counters of the current phase */
	bench_reg_counters_t cnt;
};

/**
 * Send a slot's message from its UE's address
 */
static void transmit(slot_t *s)
{
	s->sent = bench_reg_now_ms();
	s->tries++;
	bench_reg_transport_send(s->fd, &s->src, &s->to, s->msg, s->len);
}

/**
 * Free a slot
 */
static void release(bench_reg_engine_t *this, slot_t *s)
{
	this->slot_of[s->ue] = -1;
	s->ue = -1;
	this->free_slots[this->free_count++] = s - this->slots;
}

/**
 * A MESSAGE ended
 */
static void message_done(bench_reg_engine_t *this, slot_t *s, bool ok)
{
	unsigned ue = s->ue;

	if (ok)
	{
		this->cnt.messages_ok++;
	}
	else
	{
		this->cnt.messages_failed++;
	}
	release(this, s);
	if (this->hooks.message)
	{
		this->hooks.message(this->hooks.ctx, ue, ok, bench_reg_now_ms());
	}
}

/**
 * A registration attempt failed; retry_after_ms >= 0: a 503 asked for
 * that wait
 */
static void fail(bench_reg_engine_t *this, slot_t *s, const char *why,
				 const char *resp, double retry_after_ms)
{
	unsigned ue = s->ue;

	if (this->cnt.failed++ < SHOW_FAILURES)
	{
		fprintf(stderr, "bench_reg_load: UE %d step %d failed: %s%s%.*s\n",
				s->ue, s->step, why, resp ? ": " : "",
				resp ? (int)strcspn(resp, "\r\n") : 0, resp ?: "");
	}
	if (this->holds)
	{	/* starts over with SM1 */
		this->holds[ue] = false;
	}
	release(this, s);
	if (this->hooks.failed)
	{
		this->hooks.failed(this->hooks.ctx, ue, retry_after_ms >= 0);
	}
	bench_reg_fleet_failed(this->fleet, ue, bench_reg_now_ms(), this->retry,
						   retry_after_ms);
}

/**
 * A final response other than the expected 401 or 200
 */
static void refused(bench_reg_engine_t *this, slot_t *s, int code,
					const char *msg, size_t len)
{
	unsigned seconds;

	if (code == 503 && bench_reg_sip_number(msg, len, "Retry-After",
											MAX_RETRY_AFTER, &seconds))
	{
		this->cnt.retry_after++;
		fail(this, s, "503 with Retry-After", msg, seconds * 1000.0);
		return;
	}
	if (code >= 500)
	{
		this->cnt.server_errors++;
	}
	fail(this, s, "unexpected response", msg, -1);
}

/**
 * The 401 arrived: send the second REGISTER
 */
static void challenged(bench_reg_engine_t *this, slot_t *s, unsigned ue,
					   const char *msg, size_t len)
{
	bench_reg_conf_t *conf = this->conf;
	const char *why;

	s->len = bench_reg_ue_answer(conf, ue, s->set, s->again, s->cseq + 1,
								 msg, len, s->msg, &why);
	if (!s->len)
	{
		fail(this, s, why, msg, -1);
		return;
	}
	s->step = STEP_SECOND;
	s->cseq++;
	s->tries = 0;
	bench_reg_identity_addr(conf, ue, &s->src);
	if (conf->mode == BENCH_REG_PCSCF)
	{
		s->fd = this->sock_c[s->set];
		bench_reg_transport_sin(&conf->pcscf_protected[bench_reg_identity_unit(conf, ue)], &s->to);
	}
	transmit(s);
}

/**
 * The 200 of a registration arrived
 */
static void registered(bench_reg_engine_t *this, slot_t *s, unsigned ue,
					   int fd, const char *msg, size_t len)
{
	double now = bench_reg_now_ms();

	if (this->conf->mode == BENCH_REG_PCSCF && fd != this->sock_c[s->set])
	{
		fail(this, s, "SM12 not on the UE's protected port_c", msg, -1);
		return;
	}
	this->cnt.latency_sum += now - s->start;
	this->cnt.registered++;
	this->cnt.again += s->again;
	bench_reg_fleet_registered(this->fleet, ue, now);
	if (this->period_ms)
	{
		this->in_force[ue] = s->set;
		this->holds[ue] = true;
		bench_reg_ue_promote(ue);
		bench_reg_fleet_schedule(this->fleet, ue, now + this->period_ms);
	}
	release(this, s);
	if (this->hooks.registered)
	{
		this->hooks.registered(this->hooks.ctx, ue, now);
	}
}

/**
 * Handle a response from the server under test
 */
static void receive(bench_reg_engine_t *this, int fd, const char *msg,
					size_t len)
{
	unsigned ue, cseq;
	slot_t *s;
	int code;

	code = bench_reg_sip_status(msg, len);
	if (!code || !bench_reg_sip_ue(msg, len, this->conf->callid, &ue) ||
		ue >= this->ue_count || this->slot_of[ue] < 0 ||
		!bench_reg_sip_number(msg, len, "CSeq", ~0u, &cseq))
	{
		this->cnt.stray++;
		return;
	}
	s = &this->slots[this->slot_of[ue]];
	if (code < 200 || cseq != s->cseq)
	{	/* provisional, or a late answer to an earlier message */
		return;
	}
	switch (s->step)
	{
		case STEP_MESSAGE:
			message_done(this, s, code == 200);
			return;
		case STEP_FIRST:
			if (code == 401)
			{
				challenged(this, s, ue, msg, len);
				return;
			}
			break;
		case STEP_SECOND:
			if (code == 200)
			{
				registered(this, s, ue, fd, msg, len);
				return;
			}
			break;
	}
	refused(this, s, code, msg, len);
}

/**
 * Start an attempt of a UE in a free slot
 */
static bool start(bench_reg_engine_t *this, unsigned ue, unsigned cseq)
{
	bench_reg_conf_t *conf = this->conf;
	slot_t *s = &this->slots[this->free_slots[--this->free_count]];
	unsigned unit = bench_reg_identity_unit(conf, ue);

	s->set = 0;
	s->again = false;
	if (this->period_ms)
	{	/* the set after the one in force, protected if the UE holds one */
		s->set = (this->in_force[ue] + 1) % BENCH_REG_SETS;
		s->again = this->holds[ue];
	}
	if (s->again)
	{
		s->len = bench_reg_ue_again(conf, ue, s->set, cseq, s->msg);
	}
	else
	{
		s->len = bench_reg_ue_first(conf, ue, s->set, cseq, s->msg);
	}
	if (!s->len)
	{
		this->free_count++;
		return false;
	}
	s->ue = ue;
	s->step = STEP_FIRST;
	s->cseq = cseq;
	s->tries = 0;
	s->start = bench_reg_now_ms();
	if (s->again)
	{
		s->fd = this->sock_c[this->in_force[ue]];
		bench_reg_identity_addr(conf, ue, &s->src);
		bench_reg_transport_sin(&conf->pcscf_protected[unit], &s->to);
	}
	else
	{
		s->fd = this->sock_u;
		bench_reg_identity_source(conf, ue, &s->src);
		bench_reg_transport_sin(&conf->target[unit], &s->to);
	}
	this->slot_of[ue] = s - this->slots;
	transmit(s);
	return true;
}

/*
 * Described in header
 */
bool bench_reg_engine_message(bench_reg_engine_t *this, unsigned ue)
{
	bench_reg_conf_t *conf = this->conf;
	slot_t *s;

	if (ue >= this->ue_count || this->slot_of[ue] >= 0 || !this->free_count ||
		this->sock_c[0] < 0)
	{
		return false;
	}
	s = &this->slots[this->free_slots[this->free_count - 1]];
	s->len = bench_reg_message_build(conf, ue, ++this->message_cseq, s->msg);
	if (!s->len)
	{
		return false;
	}
	this->free_count--;
	s->ue = ue;
	s->step = STEP_MESSAGE;
	s->cseq = this->message_cseq;
	s->set = 0;
	s->again = false;
	s->tries = 0;
	s->start = bench_reg_now_ms();
	s->fd = this->sock_c[0];
	bench_reg_identity_addr(conf, ue, &s->src);
	bench_reg_transport_sin(&conf->pcscf_protected[bench_reg_identity_unit(conf, ue)], &s->to);
	this->slot_of[ue] = s - this->slots;
	this->cnt.messages++;
	transmit(s);
	return true;
}

/**
 * Retransmit or give up what has not been answered in time
 */
static void timeouts(bench_reg_engine_t *this)
{
	double now = bench_reg_now_ms();
	unsigned i;

	for (i = 0; i < this->slot_count; i++)
	{
		slot_t *s = &this->slots[i];

		if (s->ue < 0 || now - s->sent < RETRANSMIT_MS << (s->tries - 1))
		{
			continue;
		}
		if (s->tries >= MAX_TRIES)
		{
			if (s->step == STEP_MESSAGE)
			{
				message_done(this, s, false);
				continue;
			}
			this->cnt.timeouts++;
			fail(this, s, "no answer", NULL, -1);
			continue;
		}
		this->cnt.retransmissions++;
		transmit(s);
	}
}

/**
 * Read every response waiting on a socket
 */
static void drain(bench_reg_engine_t *this, int fd)
{
	char buf[BENCH_REG_MSG_MAX + 1];
	ssize_t len;

	while ((len = recv(fd, buf, BENCH_REG_MSG_MAX, 0)) > 0)
	{
		buf[len] = '\0';
		receive(this, fd, buf, len);
	}
}

/*
 * Described in header
 */
void bench_reg_engine_start_due(bench_reg_engine_t *this, unsigned window)
{
	unsigned cseq;
	int ue;

	while (this->free_count &&
		   this->slot_count - this->free_count < window &&
		   (ue = bench_reg_fleet_next(this->fleet, &cseq)) >= 0)
	{
		if (!start(this, ue, cseq))
		{
			fprintf(stderr, "bench_reg_load: REGISTER too long\n");
			exit(1);
		}
	}
}

/*
 * Described in header
 */
void bench_reg_engine_step(bench_reg_engine_t *this)
{
	struct pollfd pfd[1 + BENCH_REG_SETS] = {
		{ .fd = this->sock_u, .events = POLLIN },
	};
	int f;

	for (f = 0; f < BENCH_REG_SETS; f++)
	{
		pfd[1 + f] = (struct pollfd){ .fd = this->sock_c[f], .events = POLLIN };
	}
	if (poll(pfd, 1 + BENCH_REG_SETS, 50) < 0 && errno != EINTR)
	{
		perror("poll");
		exit(1);
	}
	for (f = 0; f < 1 + BENCH_REG_SETS; f++)
	{
		if (pfd[f].fd >= 0 && (pfd[f].revents & POLLIN))
		{
			drain(this, pfd[f].fd);
		}
	}
	if (bench_reg_now_ms() - this->last_scan >= 50)
	{
		this->last_scan = bench_reg_now_ms();
		timeouts(this);
		bench_reg_fleet_wake(this->fleet, this->last_scan);
	}
}

/*
 * Described in header
 */
unsigned bench_reg_engine_outstanding(bench_reg_engine_t *this)
{
	return this->slot_count - this->free_count;
}

/*
 * Described in header
 */
void bench_reg_engine_give_up(bench_reg_engine_t *this)
{
	unsigned i;

	for (i = 0; i < this->slot_count; i++)
	{
		slot_t *s = &this->slots[i];

		if (s->ue < 0)
		{
			continue;
		}
		if (s->step == STEP_MESSAGE)
		{
			message_done(this, s, false);
			continue;
		}
		this->cnt.failed++;
		bench_reg_fleet_failed(this->fleet, s->ue, bench_reg_now_ms(),
							   false, -1);
		release(this, s);
	}
}

/*
 * Described in header
 */
double bench_reg_engine_run(bench_reg_engine_t *this, unsigned window,
							double limit_ms)
{
	double t0;

	bench_reg_engine_reset(this);
	t0 = bench_reg_now_ms();
	for (;;)
	{
		bench_reg_engine_start_due(this, window);
		if (bench_reg_fleet_finished(this->fleet))
		{
			break;
		}
		if (bench_reg_now_ms() - t0 > limit_ms)
		{
			fprintf(stderr, "bench_reg_load: %.0f s passed, %u outstanding "
					"given up\n", limit_ms / 1000,
					bench_reg_engine_outstanding(this));
			bench_reg_engine_give_up(this);
			break;
		}
		bench_reg_engine_step(this);
	}
	return bench_reg_now_ms() - t0;
}

/*
 * Described in header
 */
void bench_reg_engine_print(bench_reg_engine_t *this, const char *prefix,
							double ms)
{
	bench_reg_counters_t *cnt = &this->cnt;

	printf("%sregistered: %u\n", prefix, cnt->registered);
	printf("%sfailed: %u\n", prefix, cnt->failed);
	printf("%sretransmissions: %u\n", prefix, cnt->retransmissions);
	printf("%sstray responses: %u\n", prefix, cnt->stray);
	printf("%sseconds: %.3f\n", prefix, ms / 1000.0);
	printf("%sregistrations/s: %.0f\n", prefix,
		   cnt->registered / (ms / 1000.0));
	printf("%smean registration ms: %.2f\n", prefix,
		   cnt->registered ? cnt->latency_sum / cnt->registered : 0.0);
}

/*
 * Described in header
 */
void bench_reg_engine_hooks(bench_reg_engine_t *this,
							const bench_reg_hooks_t *hooks)
{
	this->hooks = *hooks;
}

/*
 * Described in header
 */
bench_reg_counters_t *bench_reg_engine_counters(bench_reg_engine_t *this)
{
	return &this->cnt;
}

/*
 * Described in header
 */
void bench_reg_engine_reset(bench_reg_engine_t *this)
{
	memset(&this->cnt, 0, sizeof(this->cnt));
	this->last_scan = bench_reg_now_ms();
}

/*
 * Described in header
 */
bench_reg_engine_t *bench_reg_engine_create(bench_reg_conf_t *conf,
											bench_reg_fleet_t *fleet,
											unsigned n, unsigned slots,
											bool retry, double period_ms)
{
	bench_reg_engine_t *this;
	unsigned i;

	this = calloc(1, sizeof(*this));
	if (!this)
	{
		return NULL;
	}
	*this = (bench_reg_engine_t){
		.conf = conf,
		.fleet = fleet,
		.retry = retry,
		.ue_count = n,
		.slot_count = slots,
		.period_ms = period_ms,
		.slot_of = malloc(n * sizeof(int)),
		.slots = calloc(slots, sizeof(slot_t)),
		.free_slots = calloc(slots, sizeof(int)),
		.in_force = period_ms ? malloc(n) : NULL,
		.holds = period_ms ? calloc(n, sizeof(bool)) : NULL,
		.sock_u = -1,
		.sock_c = { -1, -1, -1 },
	};
	if (!this->slot_of || !this->slots || !this->free_slots ||
		(period_ms && (!this->in_force || !this->holds)))
	{
		bench_reg_engine_destroy(this);
		return NULL;
	}
	for (i = 0; i < n; i++)
	{
		this->slot_of[i] = -1;
		if (this->in_force)
		{
			this->in_force[i] = -1;
		}
	}
	for (i = 0; i < slots; i++)
	{
		this->slots[i].ue = -1;
		this->free_slots[this->free_count++] = slots - 1 - i;
	}
	this->sock_u = bench_reg_transport_open(conf->port);
	if (this->sock_u < 0)
	{
		bench_reg_engine_destroy(this);
		return NULL;
	}
	if (conf->mode == BENCH_REG_PCSCF)
	{
		for (i = 0; i < (conf->rotate_sets ? BENCH_REG_SETS : 1); i++)
		{
			this->sock_c[i] = bench_reg_transport_open(bench_reg_ue_port_c(conf, i));
			if (this->sock_c[i] < 0)
			{
				bench_reg_engine_destroy(this);
				return NULL;
			}
		}
	}
	bench_reg_engine_reset(this);
	return this;
}

/*
 * Described in header
 */
void bench_reg_engine_destroy(bench_reg_engine_t *this)
{
	unsigned i;

	if (!this)
	{
		return;
	}
	if (this->sock_u >= 0)
	{
		close(this->sock_u);
	}
	for (i = 0; i < BENCH_REG_SETS; i++)
	{
		if (this->sock_c[i] >= 0)
		{
			close(this->sock_c[i]);
		}
	}
	free(this->slot_of);
	free(this->slots);
	free(this->free_slots);
	free(this->in_force);
	free(this->holds);
	free(this);
}
