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

#include "ladder_model.h"
#include "ladder_arrow.h"

#include <library.h>
#include <stdio.h>

/** sightings of one packet lie at most this far apart (microseconds) */
#define SAME_PACKET_US 1000000
/** without an IPv4 identification to compare, at most this far */
#define SAME_PACKET_NOID_US 100000
/** most columns; the addresses beyond share the last one */
#define MAX_COLUMNS 24
/** most sightings of a message through NATs (three NATs) */
#define CHAIN_MAX 4

/**
 * One message: a sighting, or one per side of each NAT it passed
 */
typedef struct {
	/** sighting as sent (the first one) */
	int first;
	/** sightings in the order the message passed, first included */
	int chain[CHAIN_MAX];
	/** per sighting after the first: its NAT rewrote the source (else
	 * the destination) */
	bool snat[CHAIN_MAX];
	/** number of sightings in chain */
	int count;
	/** columns passed: sender, the NATs, receiver (count + 1) */
	int columns[CHAIN_MAX + 1];
	/** sender's and receiver's column */
	int from, to;
	/** registration step */
	char step[16];
	/** repeats an earlier message of its transaction on the same leg */
	bool retransmission;
} message_t;

typedef struct private_ladder_model_t private_ladder_model_t;

/**
 * Private data of a ladder_model_t object.
 */
struct private_ladder_model_t {

	/**
	 * Public interface.
	 */
	ladder_model_t public;

	/**
	 * Sightings added, sorted by time in build()
	 */
	ladder_sighting_t *sightings;

	/**
	 * Number of sightings and room for them
	 */
	unsigned count, max;

	/**
	 * Per sighting: seen already (same packet) or paired
	 */
	bool *dropped;

	/**
	 * Messages in time order
	 */
	message_t *messages;

	/**
	 * Number of messages
	 */
	int message_count;

	/**
	 * Column labels
	 */
	char columns[MAX_COLUMNS][LADDER_ADDR_LEN];

	/**
	 * Host index of each column, -1 for an address column
	 */
	int column_host[MAX_COLUMNS];

	/**
	 * Number of columns
	 */
	int column_count;

	/**
	 * Arrows in time order
	 */
	ladder_arrow_t *arrows;

	/**
	 * Number of arrows
	 */
	int arrow_count;
};

METHOD(ladder_model_t, add, bool,
	private_ladder_model_t *this, const ladder_sighting_t *sighting)
{
	if (this->count == this->max)
	{
		return FALSE;
	}
	this->sightings[this->count++] = *sighting;
	return TRUE;
}

static int compare_sightings(const void *a, const void *b)
{
	const ladder_sighting_t *sa = a, *sb = b;

	if (sa->time_us != sb->time_us)
	{
		return sa->time_us < sb->time_us ? -1 : 1;
	}
	if (sa->capture != sb->capture)
	{
		return sa->capture < sb->capture ? -1 : 1;
	}
	return sa->frame < sb->frame ? -1 : sa->frame > sb->frame;
}

static bool same_message(const ladder_sighting_t *a, const ladder_sighting_t *b)
{
	return a->cseq == b->cseq && a->status == b->status &&
		   streq(a->method, b->method) &&
		   streq(a->cseq_method, b->cseq_method) &&
		   streq(a->call_id, b->call_id);
}

static bool same_transaction(const ladder_sighting_t *a,
							 const ladder_sighting_t *b)
{
	return a->cseq == b->cseq && streq(a->cseq_method, b->cseq_method) &&
		   streq(a->call_id, b->call_id);
}

static bool same_endpoint(const ladder_endpoint_t *a,
						  const ladder_endpoint_t *b)
{
	return a->port == b->port && streq(a->addr, b->addr);
}

static bool is_esp(const ladder_sighting_t *s)
{
	return s->protection == LADDER_PROT_ESP ||
		   s->protection == LADDER_PROT_ESP_UDP;
}

static uint64_t time_diff(const ladder_sighting_t *a,
						  const ladder_sighting_t *b)
{
	return a->time_us > b->time_us ? a->time_us - b->time_us
								   : b->time_us - a->time_us;
}

/**
 * Drop a sighting of a packet already seen (another capture or another
 * interface of the same host), and the plain copy an IPsec host captures
 * of what it encrypts or decrypted
 */
static void drop_copies(private_ladder_model_t *this)
{
	ladder_sighting_t *s, *o;
	unsigned i, j;

	for (i = 0; i < this->count; i++)
	{
		s = &this->sightings[i];
		for (j = i; j-- > 0 && time_diff(s, &this->sightings[j]) <=
							   SAME_PACKET_US; )
		{
			o = &this->sightings[j];
			if (this->dropped[j] || !same_message(s, o) ||
				!same_endpoint(&s->src, &o->src) ||
				!same_endpoint(&s->dst, &o->dst) ||
				s->protection != o->protection || s->spi != o->spi)
			{
				continue;
			}
			if ((s->has_ip_id && o->has_ip_id) ? s->ip_id == o->ip_id
						: time_diff(s, o) <= SAME_PACKET_NOID_US)
			{
				this->dropped[i] = TRUE;
				break;
			}
		}
	}
	for (i = 0; i < this->count; i++)
	{
		s = &this->sightings[i];
		if (s->protection != LADDER_PROT_PLAIN)
		{
			continue;
		}
		for (j = 0; j < this->count && !this->dropped[i]; j++)
		{
			o = &this->sightings[j];
			if (is_esp(o) && time_diff(s, o) <= SAME_PACKET_US &&
				same_message(s, o) &&
				same_endpoint(&s->src, &o->inner_src) &&
				same_endpoint(&s->dst, &o->inner_dst))
			{
				this->dropped[i] = TRUE;
			}
		}
	}
}

/**
 * The sighting of the same message on the NAT's other side, -1 if none
 */
static int nat_partner(private_ladder_model_t *this, unsigned i, bool *snat)
{
	ladder_sighting_t *s = &this->sightings[i], *o;
	unsigned j;

	for (j = i + 1; j < this->count &&
					time_diff(s, &this->sightings[j]) <= SAME_PACKET_US; j++)
	{
		o = &this->sightings[j];
		if (this->dropped[j] || !same_message(s, o) ||
			s->protection != o->protection || s->spi != o->spi)
		{
			continue;
		}
		if (same_endpoint(&s->dst, &o->dst) && !same_endpoint(&s->src, &o->src))
		{
			*snat = TRUE;
			return j;
		}
		if (same_endpoint(&s->src, &o->src) && !same_endpoint(&s->dst, &o->dst))
		{
			*snat = FALSE;
			return j;
		}
	}
	return -1;
}

/**
 * Column of an address: the host's, else one of its own (the last column
 * is shared once there are too many)
 */
static int column_of(private_ladder_model_t *this, ladder_hosts_t *hosts,
					 const char *addr)
{
	int host, i;

	host = hosts->lookup(hosts, addr);
	for (i = 0; i < this->column_count; i++)
	{
		if (host >= 0 ? this->column_host[i] == host
					  : (this->column_host[i] < 0 &&
						 streq(this->columns[i], addr)))
		{
			return i;
		}
	}
	if (this->column_count == MAX_COLUMNS)
	{
		snprintf(this->columns[MAX_COLUMNS - 1], LADDER_ADDR_LEN, "others");
		this->column_host[MAX_COLUMNS - 1] = -2;
		return MAX_COLUMNS - 1;
	}
	i = this->column_count++;
	this->column_host[i] = host;
	snprintf(this->columns[i], LADDER_ADDR_LEN, "%s",
			 host >= 0 ? hosts->get_name(hosts, host) : addr);
	return i;
}

/**
 * Known hosts get their columns first, in the order they were given
 */
static void make_columns(private_ladder_model_t *this, ladder_hosts_t *hosts)
{
	ladder_sighting_t *s;
	bool used[LADDER_HOSTS_MAX] = {};
	unsigned i;
	int h;

	for (i = 0; i < this->count; i++)
	{
		s = &this->sightings[i];
		if (this->dropped[i])
		{
			continue;
		}
		if ((h = hosts->lookup(hosts, s->src.addr)) >= 0)
		{
			used[h] = TRUE;
		}
		if ((h = hosts->lookup(hosts, s->dst.addr)) >= 0)
		{
			used[h] = TRUE;
		}
	}
	for (h = 0; h < hosts->get_count(hosts) && h < LADDER_HOSTS_MAX; h++)
	{
		if (used[h] && this->column_count < MAX_COLUMNS)
		{
			this->column_host[this->column_count] = h;
			snprintf(this->columns[this->column_count++], LADDER_ADDR_LEN,
					 "%s", hosts->get_name(hosts, h));
		}
	}
}

static void make_messages(private_ladder_model_t *this, ladder_hosts_t *hosts)
{
	ladder_sighting_t *last, *next;
	message_t *m;
	unsigned i;
	int j;
	bool snat;

	for (i = 0; i < this->count; i++)
	{
		if (this->dropped[i])
		{
			continue;
		}
		m = &this->messages[this->message_count++];
		*m = (message_t){ .first = i, .chain = { i }, .count = 1 };
		last = &this->sightings[i];
		m->columns[0] = column_of(this, hosts, last->src.addr);
		/* follow the message through NATs: each partner is the same
		 * message on the other side of one more NAT */
		for (j = nat_partner(this, i, &snat); j >= 0 && m->count < CHAIN_MAX;
			 j = nat_partner(this, j, &snat))
		{
			this->dropped[j] = TRUE;
			next = &this->sightings[j];
			m->columns[m->count] = column_of(this, hosts,
								snat ? next->src.addr : last->dst.addr);
			m->snat[m->count] = snat;
			m->chain[m->count++] = j;
			last = next;
		}
		m->columns[m->count] = column_of(this, hosts, last->dst.addr);
		m->from = m->columns[0];
		m->to = m->columns[m->count];
	}
}

/**
 * Number a REGISTER transaction's messages from SM(base + 1)
 */
static void number_transaction(private_ladder_model_t *this, int start,
							   uint16_t final, int base)
{
	ladder_sighting_t *tx = &this->sightings[this->messages[start].first], *s;
	int legs[2][MAX_COLUMNS * 2][2], count[2] = {}, done[2] = {};
	int origin = this->messages[start].from, i, k, r, n;
	message_t *m;

	/* two passes: count the legs of requests and of final responses, then
	 * name them knowing how many there are */
	for (r = 0; r < 2; r++)
	{
		for (i = start; i < this->message_count; i++)
		{
			m = &this->messages[i];
			s = &this->sightings[m->first];
			if (!same_transaction(s, tx) || (s->method[0] ? 0 : 1) != r ||
				(r == 1 && s->status != final))
			{
				continue;
			}
			for (k = 0; k < count[r]; k++)
			{
				if (legs[r][k][0] == m->from && legs[r][k][1] == m->to)
				{
					m->retransmission = TRUE;
					break;
				}
			}
			if (k == count[r] && count[r] < MAX_COLUMNS * 2)
			{
				legs[r][count[r]][0] = m->from;
				legs[r][count[r]++][1] = m->to;
			}
		}
	}
	for (i = start; i < this->message_count; i++)
	{
		m = &this->messages[i];
		s = &this->sightings[m->first];
		if (!same_transaction(s, tx) || m->retransmission ||
			(!s->method[0] && s->status != final))
		{
			continue;
		}
		r = s->method[0] ? 0 : 1;
		n = count[r];
		k = done[r]++;
		if (r == 0)
		{
			if (k == 0)
			{
				snprintf(m->step, sizeof(m->step), "SM%d", base + 1);
			}
			else if (n == 2)
			{
				snprintf(m->step, sizeof(m->step), "SM%d/SM%d", base + 2,
						 base + 3);
			}
			else
			{
				snprintf(m->step, sizeof(m->step), "SM%d",
						 base + (k == n - 1 ? 3 : 2));
			}
		}
		else if (m->to == origin)
		{
			snprintf(m->step, sizeof(m->step), "SM%d", base + 6);
		}
		else if (n == 2)
		{
			snprintf(m->step, sizeof(m->step), "SM%d/SM%d", base + 4,
					 base + 5);
		}
		else
		{
			snprintf(m->step, sizeof(m->step), "SM%d",
					 base + (k == 0 ? 4 : 5));
		}
	}
}

/**
 * The final status of the transaction started by message start, 0 if
 * none was seen
 */
static uint16_t final_status(private_ladder_model_t *this, int start)
{
	ladder_sighting_t *tx = &this->sightings[this->messages[start].first], *s;
	int i;

	for (i = start + 1; i < this->message_count; i++)
	{
		s = &this->sightings[this->messages[i].first];
		if (same_transaction(s, tx) && s->status >= 200)
		{
			return s->status;
		}
	}
	return 0;
}

/**
 * Is message i the first request of its transaction
 */
static bool starts_transaction(private_ladder_model_t *this, int i)
{
	ladder_sighting_t *s = &this->sightings[this->messages[i].first];
	int j;

	if (!s->method[0])
	{
		return FALSE;
	}
	for (j = 0; j < i; j++)
	{
		if (same_transaction(&this->sightings[this->messages[j].first], s))
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Number the registrations: a REGISTER challenged (401/407) and the next
 * REGISTER of its Call-ID accepted (2xx) are SM1..SM6 and SM7..SM12
 */
static void number_registrations(private_ladder_model_t *this)
{
	ladder_sighting_t *a, *b;
	uint16_t final;
	int i, j;

	for (i = 0; i < this->message_count; i++)
	{
		a = &this->sightings[this->messages[i].first];
		if (!streq(a->method, "REGISTER") || !starts_transaction(this, i) ||
			this->messages[i].step[0])
		{
			continue;
		}
		final = final_status(this, i);
		if (final != 401 && final != 407)
		{
			continue;
		}
		for (j = i + 1; j < this->message_count; j++)
		{
			b = &this->sightings[this->messages[j].first];
			if (streq(b->method, "REGISTER") && streq(b->call_id, a->call_id) &&
				b->cseq > a->cseq && starts_transaction(this, j))
			{
				final = final_status(this, j);
				if (final >= 200 && final < 300)
				{
					number_transaction(this, i, final_status(this, i), 0);
					number_transaction(this, j, final, 6);
				}
				break;
			}
		}
	}
}

/**
 * The mechanism a Call-ID agreed on (Security-Verify, else -Server)
 */
static const char *agreed_mechanism(private_ladder_model_t *this,
									const char *call_id)
{
	const char *found = "";
	unsigned i;

	for (i = 0; i < this->count; i++)
	{
		if (streq(this->sightings[i].call_id, call_id))
		{
			if (this->sightings[i].verify_mech[0])
			{
				return this->sightings[i].verify_mech;
			}
			if (!found[0])
			{
				found = this->sightings[i].server_mech;
			}
		}
	}
	return found;
}

static void make_arrows(private_ladder_model_t *this)
{
	ladder_sighting_t *before, *after;
	ladder_arrow_t *arrow;
	uint64_t start;
	char old[64], new[64];
	message_t *m;
	int i, leg;

	start = this->count ? this->sightings[0].time_us : 0;
	for (i = 0; i < this->message_count; i++)
	{
		m = &this->messages[i];
		for (leg = 0; leg < m->count; leg++)
		{
			arrow = &this->arrows[this->arrow_count++];
			*arrow = (ladder_arrow_t){
				.msg = this->sightings[m->chain[leg]],
				.retransmission = m->retransmission,
				.from = m->columns[leg],
				.to = m->columns[leg + 1],
			};
			arrow->seconds = (arrow->msg.time_us - start) / 1e6;
			snprintf(arrow->step, sizeof(arrow->step), "%s", m->step);
			ladder_arrow_describe(arrow,
					agreed_mechanism(this, arrow->msg.call_id));
			if (leg)
			{	/* this leg leaves the NAT that rewrote the message */
				before = &this->sightings[m->chain[leg - 1]];
				after = &this->sightings[m->chain[leg]];
				ladder_arrow_endpoint(old, sizeof(old), m->snat[leg] ?
									  &before->src : &before->dst);
				ladder_arrow_endpoint(new, sizeof(new), m->snat[leg] ?
									  &after->src : &after->dst);
				snprintf(arrow->rewrite, sizeof(arrow->rewrite),
						 "NAT: %s %s -> %s", m->snat[leg] ? "source" :
						 "destination", old, new);
			}
		}
	}
}

METHOD(ladder_model_t, build, void,
	private_ladder_model_t *this, ladder_hosts_t *hosts)
{
	qsort(this->sightings, this->count, sizeof(this->sightings[0]),
		  compare_sightings);
	drop_copies(this);
	make_columns(this, hosts);
	make_messages(this, hosts);
	number_registrations(this);
	make_arrows(this);
}

METHOD(ladder_model_t, get_column_count, int,
	private_ladder_model_t *this)
{
	return this->column_count;
}

METHOD(ladder_model_t, get_column, const char*,
	private_ladder_model_t *this, int i)
{
	return i >= 0 && i < this->column_count ? this->columns[i] : NULL;
}

METHOD(ladder_model_t, get_arrow_count, int,
	private_ladder_model_t *this)
{
	return this->arrow_count;
}

METHOD(ladder_model_t, get_arrow, const ladder_arrow_t*,
	private_ladder_model_t *this, int i)
{
	return i >= 0 && i < this->arrow_count ? &this->arrows[i] : NULL;
}

METHOD(ladder_model_t, destroy, void,
	private_ladder_model_t *this)
{
	free(this->sightings);
	free(this->dropped);
	free(this->messages);
	free(this->arrows);
	free(this);
}

/*
 * Described in header
 */
ladder_model_t *ladder_model_create(unsigned max)
{
	private_ladder_model_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.build = _build,
			.get_column_count = _get_column_count,
			.get_column = _get_column,
			.get_arrow_count = _get_arrow_count,
			.get_arrow = _get_arrow,
			.destroy = _destroy,
		},
		.max = max,
		.sightings = calloc(max ?: 1, sizeof(ladder_sighting_t)),
		.dropped = calloc(max ?: 1, sizeof(bool)),
		.messages = calloc(max ?: 1, sizeof(message_t)),
		.arrows = calloc(max ?: 1, sizeof(ladder_arrow_t)),
	);
	return &this->public;
}
