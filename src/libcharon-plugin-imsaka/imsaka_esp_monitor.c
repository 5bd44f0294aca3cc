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

#ifndef ME
#error imsaka must be built against strongSwan headers configured with mediation (ME), like the charon of Debian
#endif

#include "imsaka_esp_monitor.h"
#include "imsaka_rebind_guard.h"
#include "imsaka_sa_keys.h"

#include <daemon.h>
#include <bio/bio_reader.h>
#include <collections/hashtable.h>
#include <threading/rwlock.h>

typedef struct private_imsaka_esp_monitor_t private_imsaka_esp_monitor_t;

/**
 * A watched SA set, found under both its inbound SPIs
 */
typedef struct {
	/** id of the context */
	u_int ctx;
	/** the set, only to tell sets apart */
	imsaka_sa_set_t *set;
	/** inbound SPIs, host order: spi-c, spi-s */
	uint32_t spi[IMSAKA_REBIND_SAS];
	/** where the peer is known to be, outer address and port */
	host_t *remote;
	/** algorithms and keys of the set, the keys cloned */
	uint16_t enc_alg;
	chunk_t enc_key;
	uint16_t int_alg;
	chunk_t int_key;
	/** private ESP context per inbound SA, made on first use */
	esp_context_t *esp[IMSAKA_REBIND_SAS];
	/** decides about packets from elsewhere */
	imsaka_rebind_guard_t *guard;
} watch_t;

/**
 * Private data of an imsaka_esp_monitor_t object.
 */
struct private_imsaka_esp_monitor_t {

	/**
	 * Public interface
	 */
	imsaka_esp_monitor_t public;

	/**
	 * libipsec
	 */
	imsaka_libipsec_t *libipsec;

	/**
	 * Inbound SPI (uintptr_t, host order) => watch_t*
	 */
	hashtable_t *watches;

	/**
	 * Protects watches; read-locked per ESP packet
	 */
	rwlock_t *lock;

	/**
	 * Verifications per second and set
	 */
	u_int rate;

	/**
	 * Verifications of all sets
	 */
	imsaka_rebind_budget_t total;

	/**
	 * Moves a context's peer
	 */
	imsaka_esp_monitor_rebind_t rebind;

	/**
	 * Data for rebind
	 */
	void *data;

	/**
	 * Whether we are charon's ESP receiver
	 */
	bool attached;

	/**
	 * Verdicts so far, by imsaka_rebind_verdict_t, under the write lock
	 */
	uint64_t verdicts[IMSAKA_REBIND_ACCEPT + 1];
};

/**
 * A packet under examination
 */
typedef struct {
	private_imsaka_esp_monitor_t *this;
	watch_t *watch;
	u_int sa;
	chunk_t data;
} examined_t;

static uint64_t now_ms()
{
	timeval_t tv;

	time_monotonic(&tv);
	return (uint64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void watch_destroy(watch_t *watch)
{
	int i;

	for (i = 0; i < IMSAKA_REBIND_SAS; i++)
	{
		DESTROY_IF(watch->esp[i]);
	}
	chunk_clear(&watch->enc_key);
	chunk_clear(&watch->int_key);
	watch->remote->destroy(watch->remote);
	watch->guard->destroy(watch->guard);
	free(watch);
}

/**
 * Remove the watch found under an SPI if it is that of set (or any for
 * NULL); with the write lock held
 */
static void remove_watch(private_imsaka_esp_monitor_t *this, uint32_t spi,
						 imsaka_sa_set_t *set)
{
	watch_t *watch;
	int i;

	watch = this->watches->get(this->watches, (void*)(uintptr_t)spi);
	if (!watch || (set && watch->set != set))
	{
		return;
	}
	for (i = 0; i < IMSAKA_REBIND_SAS; i++)
	{
		this->watches->remove(this->watches, (void*)(uintptr_t)watch->spi[i]);
	}
	watch_destroy(watch);
}

METHOD(imsaka_esp_monitor_t, watch, void,
	private_imsaka_esp_monitor_t *this, u_int ctx, imsaka_sa_set_t *set,
	const uint8_t ck[IMSAKA_CK_LEN], const uint8_t ik[IMSAKA_IK_LEN])
{
	imsaka_sa_set_cfg_t *cfg = set->get_cfg(set);
	imsaka_sa_keys_t keys;
	watch_t *watch;
	int i;

	if (!imsaka_sa_keys_derive(cfg->alg, cfg->ealg, ck, ik, &keys))
	{
		return;
	}
	INIT(watch,
		.ctx = ctx,
		.set = set,
		.spi = { cfg->local.spi_c, cfg->local.spi_s },
		.remote = cfg->remote_outer->clone(cfg->remote_outer),
		.enc_alg = keys.enc_alg,
		.enc_key = chunk_clone(keys.enc_key),
		.int_alg = keys.int_alg,
		.int_key = chunk_clone(keys.int_key),
		.guard = imsaka_rebind_guard_create(this->rate, &this->total,
											now_ms()),
	);
	imsaka_sa_keys_wipe(&keys);

	this->lock->write_lock(this->lock);
	for (i = 0; i < IMSAKA_REBIND_SAS; i++)
	{	/* SPIs are unique while allocated, a watch left over is stale */
		remove_watch(this, watch->spi[i], NULL);
	}
	for (i = 0; i < IMSAKA_REBIND_SAS; i++)
	{
		this->watches->put(this->watches, (void*)(uintptr_t)watch->spi[i],
						   watch);
	}
	this->lock->unlock(this->lock);
	DBG2(DBG_NET, "ctx %u: watching ESP on SPIs %.8x/%.8x for a new "
		 "peer address, peer at %#H", ctx, watch->spi[0], watch->spi[1],
		 watch->remote);
}

METHOD(imsaka_esp_monitor_t, moved, void,
	private_imsaka_esp_monitor_t *this, imsaka_sa_set_t *set)
{
	imsaka_sa_set_cfg_t *cfg = set->get_cfg(set);
	watch_t *watch;

	this->lock->write_lock(this->lock);
	watch = this->watches->get(this->watches,
							   (void*)(uintptr_t)cfg->local.spi_c);
	if (watch && watch->set == set)
	{
		watch->remote->destroy(watch->remote);
		watch->remote = cfg->remote_outer->clone(cfg->remote_outer);
	}
	this->lock->unlock(this->lock);
}

METHOD(imsaka_esp_monitor_t, unwatch, void,
	private_imsaka_esp_monitor_t *this, imsaka_sa_set_t *set)
{
	imsaka_sa_set_cfg_t *cfg = set->get_cfg(set);

	this->lock->write_lock(this->lock);
	remove_watch(this, cfg->local.spi_c, set);
	this->lock->unlock(this->lock);
}

/**
 * imsaka_rebind_auth_t: verify the ICV (and the private replay window) of
 * the examined packet with the SA's keys
 */
static bool authenticate(examined_t *ex)
{
	watch_t *watch = ex->watch;
	esp_context_t *esp;
	bio_reader_t *reader;
	chunk_t iv, icv, aad, ciphertext, plain;
	uint32_t spi, seq;
	aead_t *aead;
	bool ok;

	esp = watch->esp[ex->sa];
	if (!esp)
	{
		esp = ex->this->libipsec->create_esp_context(ex->this->libipsec,
							watch->enc_alg, watch->enc_key, watch->int_alg,
							watch->int_key);
		if (!esp)
		{
			return FALSE;
		}
		watch->esp[ex->sa] = esp;
	}
	aead = esp->get_aead(esp);
	/* RFC 4303: SPI, sequence number, IV, encrypted data, ICV */
	reader = bio_reader_create(ex->data);
	ok = reader->read_uint32(reader, &spi) &&
		 reader->read_uint32(reader, &seq) &&
		 reader->read_data(reader, aead->get_iv_size(aead), &iv) &&
		 reader->read_data_end(reader, aead->get_icv_size(aead), &icv) &&
		 reader->remaining(reader) % aead->get_block_size(aead) == 0;
	ciphertext = reader->peek(reader);
	reader->destroy(reader);
	if (!ok || !esp->verify_seqno(esp, seq))
	{
		return FALSE;
	}
	/* the ICV follows the ciphertext; decrypt() checks it first */
	ciphertext.len += icv.len;
	aad = chunk_create(ex->data.ptr, 8);
	plain = chunk_empty;
	if (!aead->decrypt(aead, ciphertext, aad, iv, &plain))
	{
		return FALSE;
	}
	chunk_clear(&plain);
	esp->set_authenticated_seqno(esp, seq);
	return TRUE;
}

/**
 * Examine a packet on a watched SPI from another source than the peer's
 */
static void examine(private_imsaka_esp_monitor_t *this, uint32_t spi,
					uint32_t seq, packet_t *packet)
{
	host_t *src = packet->get_source(packet), *was = NULL;
	imsaka_rebind_verdict_t verdict;
	uint32_t highest = 0;
	examined_t ex = {
		.this = this,
		.data = packet->get_data(packet),
	};
	u_int ctx = 0;

	this->lock->write_lock(this->lock);
	ex.watch = this->watches->get(this->watches, (void*)(uintptr_t)spi);
	if (!ex.watch)
	{
		this->lock->unlock(this->lock);
		return;
	}
	ex.sa = ex.watch->spi[0] == spi ? 0 : 1;
	/* what libipsec authenticated on the SA, from the peer's old place */
	this->libipsec->get_seqno(this->libipsec, spi,
							  packet->get_destination(packet), &highest);
	verdict = ex.watch->guard->check(ex.watch->guard, ex.sa,
							ex.watch->remote, src, seq, highest, now_ms(),
							(imsaka_rebind_auth_t)authenticate, &ex);
	if (verdict == IMSAKA_REBIND_ACCEPT)
	{
		ctx = ex.watch->ctx;
		was = ex.watch->remote->clone(ex.watch->remote);
	}
	this->verdicts[verdict]++;
	this->lock->unlock(this->lock);

	switch (verdict)
	{
		case IMSAKA_REBIND_ACCEPT:
			DBG1(DBG_NET, "ctx %u: authenticated ESP from %#H (SPI "
				 "%.8x, seq %u), peer was at %#H", ctx, src, spi, seq, was);
			/* the rebind moves the watch too (moved()) */
			this->rebind(this->data, ctx, src);
			was->destroy(was);
			break;
		case IMSAKA_REBIND_RATE_LIMITED:
			DBG3(DBG_NET, "ESP from %#H on SPI %.8x not verified, "
				 "rate limit", src, spi);
			break;
		case IMSAKA_REBIND_SAME_SOURCE:
			break;
		default:
			DBG2(DBG_NET, "ESP from %#H on SPI %.8x (seq %u) does "
				 "not move the peer: %N", src, spi, seq,
				 imsaka_rebind_verdict_names, verdict);
			break;
	}
}

/**
 * receiver_esp_cb_t: every ESP-in-UDP packet charon receives
 */
static void receive(private_imsaka_esp_monitor_t *this, packet_t *packet)
{
	chunk_t data = packet->get_data(packet);
	host_t *src = packet->get_source(packet);
	bool elsewhere = FALSE;
	watch_t *watch;
	uint32_t spi;

	if (data.len >= 8)
	{
		spi = untoh32(data.ptr);
		this->lock->read_lock(this->lock);
		watch = this->watches->get(this->watches, (void*)(uintptr_t)spi);
		elsewhere = watch && !src->equals(src, watch->remote);
		this->lock->unlock(this->lock);
		if (elsewhere)
		{
			examine(this, spi, untoh32(data.ptr + 4), packet);
		}
	}
	/* libipsec decrypts it as before: it finds the SA by SPI and
	 * destination, wherever the packet came from */
	this->libipsec->queue_inbound(this->libipsec, packet);
}

METHOD(imsaka_esp_monitor_t, get_counts, void,
	private_imsaka_esp_monitor_t *this,
	uint64_t counts[IMSAKA_REBIND_ACCEPT + 1])
{
	this->lock->read_lock(this->lock);
	memcpy(counts, this->verdicts, sizeof(this->verdicts));
	this->lock->unlock(this->lock);
}

METHOD(imsaka_esp_monitor_t, attach, void,
	private_imsaka_esp_monitor_t *this)
{
	charon->receiver->add_esp_cb(charon->receiver,
								 (receiver_esp_cb_t)receive, this);
	this->attached = TRUE;
	DBG1(DBG_NET, "following peers from authenticated ESP-in-UDP "
		 "(kernel-libipsec), at most %u verifications/s per SA set",
		 this->rate);
}

METHOD(imsaka_esp_monitor_t, detach, void,
	private_imsaka_esp_monitor_t *this)
{
	if (this->attached)
	{	/* the receiver calls back under its lock: none runs after this */
		charon->receiver->del_esp_cb(charon->receiver,
									 (receiver_esp_cb_t)receive);
		this->attached = FALSE;
	}
}

CALLBACK(destroy_watch, void,
	watch_t *watch, const void *key)
{
	/* each watch is in the table twice */
	if ((uintptr_t)key == watch->spi[0])
	{
		watch_destroy(watch);
	}
}

METHOD(imsaka_esp_monitor_t, destroy, void,
	private_imsaka_esp_monitor_t *this)
{
	detach(this);
	this->watches->destroy_function(this->watches, destroy_watch);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
imsaka_esp_monitor_t *imsaka_esp_monitor_create(imsaka_libipsec_t *libipsec,
								u_int rate, u_int rate_total,
								imsaka_esp_monitor_rebind_t rebind,
								void *data)
{
	private_imsaka_esp_monitor_t *this;

	INIT(this,
		.public = {
			.watch = _watch,
			.moved = _moved,
			.unwatch = _unwatch,
			.get_counts = _get_counts,
			.attach = _attach,
			.detach = _detach,
			.destroy = _destroy,
		},
		.libipsec = libipsec,
		.watches = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
									128),
		.lock = rwlock_create(RWLOCK_TYPE_DEFAULT),
		.rate = rate,
		.rebind = rebind,
		.data = data,
	);
	imsaka_rebind_budget_init(&this->total, rate_total, now_ms());
	return &this->public;
}
