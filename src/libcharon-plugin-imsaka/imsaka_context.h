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

/**
 * @defgroup imsaka_context imsaka_context
 * @{ @ingroup imsaka
 */

#ifndef IMSAKA_CONTEXT_H_
#define IMSAKA_CONTEXT_H_

#include "imsaka_sa_set.h"
#include "imsaka_spi_allocator.h"
#include "imsaka_keepalive.h"
#include "imsaka_esp_monitor.h"
#include "imsaka_counters.h"

#include <library.h>
#include <utils/identification.h>

typedef struct imsaka_context_t imsaka_context_t;
typedef enum imsaka_context_role_t imsaka_context_role_t;
typedef enum imsaka_context_slot_t imsaka_context_slot_t;

/**
 * Which end of the registration this host is.
 */
enum imsaka_context_role_t {
	/** the UE: runs AKA on the card */
	IMSAKA_CONTEXT_UE,
	/** the P-CSCF: gets CK/IK from the S-CSCF */
	IMSAKA_CONTEXT_PCSCF,
};

/**
 * Names of imsaka_context_role_t, "ue" and "pcscf".
 */
extern enum_name_t *imsaka_context_role_names;

/**
 * The SA sets of a registration (TS 33.203 7.4).
 */
enum imsaka_context_slot_t {
	/** set of a registration in progress, lives for reg-await-auth */
	IMSAKA_SET_TEMP,
	/** set of the registration in force */
	IMSAKA_SET_CURRENT,
	/** previous set, kept until the current one carried traffic */
	IMSAKA_SET_OLD,
	/** number of slots */
	IMSAKA_SET_COUNT,
};

/**
 * Names of imsaka_context_slot_t, "temp", "current" and "old".
 */
extern enum_name_t *imsaka_context_slot_names;

/**
 * Told when an SPI becomes an inbound SPI of one of a context's sets, or
 * stops being one: the context manager finds contexts by SPI through it.
 *
 * @param data		data given to imsaka_context_create()
 * @param ctx		context
 * @param spi		local SPI (this host's spi-c or spi-s of a set; the
 *					peer's are its own choice and may be another peer's
 *					too), host order
 * @param inbound	TRUE if a set receives on it now, FALSE if none does
 */
typedef void (*imsaka_context_spi_cb_t)(void *data, imsaka_context_t *ctx,
										uint32_t spi, bool inbound);

/**
 * One IMS AKA registration: who, which keys, which SA sets, which
 * NAT-keepalive binding.
 *
 * Not thread-safe: the context manager serializes access.
 */
struct imsaka_context_t {

	/**
	 * Numeric id of the context, unique while the plugin runs.
	 *
	 * @return			id, > 0
	 */
	u_int (*get_id)(imsaka_context_t *this);

	/**
	 * Role of this host.
	 *
	 * @return			role
	 */
	imsaka_context_role_t (*get_role)(imsaka_context_t *this);

	/**
	 * Private user identity of the registration.
	 *
	 * @return			IMPI, owned by the context
	 */
	identification_t *(*get_impi)(imsaka_context_t *this);

	/**
	 * Store CK and IK of the latest AKA run, replacing older ones.
	 *
	 * @param ck		cipher key
	 * @param ik		integrity key
	 */
	void (*set_keys)(imsaka_context_t *this, const uint8_t ck[IMSAKA_CK_LEN],
					 const uint8_t ik[IMSAKA_IK_LEN]);

	/**
	 * Forget CK and IK, as if none had been set: undoes the first
	 * set_keys() of a request that failed.
	 */
	void (*clear_keys)(imsaka_context_t *this);

	/**
	 * Copy CK and IK out; wipe the copies after use.
	 *
	 * @param ck		receives the cipher key
	 * @param ik		receives the integrity key
	 * @return			FALSE if no keys are known yet
	 */
	bool (*get_keys)(imsaka_context_t *this, uint8_t ck[IMSAKA_CK_LEN],
					 uint8_t ik[IMSAKA_IK_LEN]);

	/**
	 * Take a pair of local SPIs from the allocator for a coming set.
	 *
	 * @param spi_c		receives spi-c
	 * @param spi_s		receives spi-s
	 * @return			FALSE if the allocator or the context is full
	 */
	bool (*alloc_spis)(imsaka_context_t *this, uint32_t *spi_c,
					   uint32_t *spi_s);

	/**
	 * Check that an SPI pair was allocated through alloc_spis() and is not
	 * used by a set yet.
	 *
	 * @param spi_c		spi-c
	 * @param spi_s		spi-s
	 * @return			TRUE if both are allocated and unused
	 */
	bool (*spis_pending)(imsaka_context_t *this, uint32_t spi_c,
						 uint32_t spi_s);

	/**
	 * Give SPIs from alloc_spis() that no set uses back to the allocator,
	 * undoing the allocation of a request that failed.
	 *
	 * @param spi_c		spi-c
	 * @param spi_s		spi-s
	 */
	void (*release_spis)(imsaka_context_t *this, uint32_t spi_c,
						 uint32_t spi_s);

	/**
	 * Install a set as temporary set. The set's local SPIs pass from the
	 * pending SPIs to the set and are released with it.
	 *
	 * @param set		installed set, owned by the context on success
	 * @param lifetime	seconds until the set is removed
	 * @return			FALSE if a temporary set exists already
	 */
	bool (*set_temp)(imsaka_context_t *this, imsaka_sa_set_t *set,
					 uint32_t lifetime);

	/**
	 * Promote the temporary set after a successful registration: the
	 * current set becomes the old one (an older one goes), the temporary
	 * one the current one with lifetime max(old set's, expires + 30 s).
	 *
	 * @param expires	registration expiry in seconds
	 * @param max_life	cap of the lifetime in seconds (kernel's hard limit)
	 * @return			FALSE if there is no temporary set
	 */
	bool (*promote)(imsaka_context_t *this, uint32_t expires,
					uint32_t max_life);

	/**
	 * Keep a context without SA sets for a registration in force whose
	 * security needs no set (tls-psk, tls-aka): it is not removed before
	 * max(expires + 30 s, an earlier hold), the lifetime sa-promote gives
	 * a current set, capped by max_life, nor before its idle timeout.
	 *
	 * @param expires	registration expiry in seconds
	 * @param max_life	cap of the hold in seconds
	 * @return			seconds the context is held from now
	 */
	uint32_t (*hold)(imsaka_context_t *this, uint32_t expires,
					 uint32_t max_life);

	/**
	 * Remaining time of a hold.
	 *
	 * @return			seconds until the hold ends, 0 if none
	 */
	uint32_t (*get_hold)(imsaka_context_t *this);

	/**
	 * Get a set.
	 *
	 * @param slot		which set
	 * @param remaining	receives the remaining lifetime in s, may be NULL
	 * @return			set, NULL if none
	 */
	imsaka_sa_set_t *(*get_set)(imsaka_context_t *this,
								imsaka_context_slot_t slot,
								uint32_t *remaining);

	/**
	 * Remove a set (or all), releasing its SPIs.
	 *
	 * @param slot		which set, IMSAKA_SET_COUNT for all
	 * @return			number of sets removed
	 */
	int (*remove_set)(imsaka_context_t *this, imsaka_context_slot_t slot);

	/**
	 * Make sure the routes the sets need are in place: a set of another
	 * context towards the same peer (the same user registering again) may
	 * have owned the route and taken it along when it went.
	 */
	void (*refresh_routes)(imsaka_context_t *this);

	/**
	 * Follow a new outer address of the peer with all sets and the
	 * keep-alive binding. The one code path of every NAT rebinding: the
	 * mapping command, XFRM mapping events and authenticated ESP.
	 *
	 * @param remote_outer	new outer address and port of the peer
	 * @param why		what reported the new address, for the log
	 * @return			number of sets that follow, -1 if one failed
	 */
	int (*update_remote)(imsaka_context_t *this, host_t *remote_outer,
						 const char *why);

	/**
	 * Start NAT-keepalives, replacing earlier ones of the context. The
	 * first one goes out at once.
	 *
	 * @param src		local address and port
	 * @param dst		peer's address and port
	 */
	void (*start_keepalive)(imsaka_context_t *this, host_t *src, host_t *dst);

	/**
	 * Stop NAT-keepalives.
	 *
	 * @return			FALSE if none were running
	 */
	bool (*stop_keepalive)(imsaka_context_t *this);

	/**
	 * Keep-alive binding of the context.
	 *
	 * @return			binding id, 0 if none
	 */
	uintptr_t (*get_keepalive)(imsaka_context_t *this);

	/**
	 * State name for listings: new, keyed, await-auth, registered or
	 * re-auth.
	 *
	 * @return			state name
	 */
	const char *(*get_state)(imsaka_context_t *this);

	/**
	 * Seconds since the context was created.
	 *
	 * @return			age in seconds
	 */
	uint32_t (*get_age)(imsaka_context_t *this);

	/**
	 * Apply the lifetimes: remove expired sets and the old set once the
	 * current one has carried traffic. Called periodically.
	 *
	 * @return			TRUE if the context is over (no sets left, no hold
	 *					in force and idle for longer than its idle timeout)
	 */
	bool (*expire)(imsaka_context_t *this);

	/**
	 * Note activity: an idle context without sets is removed after its
	 * idle timeout.
	 */
	void (*touch)(imsaka_context_t *this);

	/**
	 * Destroy the context: remove its sets and keep-alives, release its
	 * SPIs, wipe its keys.
	 */
	void (*destroy)(imsaka_context_t *this);
};

/**
 * Create a context.
 *
 * @param id			id of the context
 * @param role			role of this host
 * @param impi			IMPI, adopted
 * @param spis			SPI allocator for the local SPIs
 * @param keepalive		keep-alive wheel, NULL if none
 * @param monitor		watches the sets' inbound ESP for a moved peer,
 *						NULL if none
 * @param counters		counts sets installed, promoted and removed and
 *						peers followed, NULL for none
 * @param idle_timeout	seconds a context without sets lives after its
 *						last activity
 * @param spi_cb		told about the inbound SPIs of the sets, NULL for
 *						none
 * @param spi_data		data for spi_cb
 * @return				context
 */
imsaka_context_t *imsaka_context_create(u_int id, imsaka_context_role_t role,
							identification_t *impi,
							imsaka_spi_allocator_t *spis,
							imsaka_keepalive_t *keepalive,
							imsaka_esp_monitor_t *monitor,
							imsaka_counters_t *counters,
							uint32_t idle_timeout,
							imsaka_context_spi_cb_t spi_cb, void *spi_data);

/**
 * Set the clock of all contexts: time_monotonic() unless a test gives
 * another (one that it moves forward itself, so that lifetimes, holds and
 * idle timeouts are tested without waiting).
 *
 * @param now		clock, NULL for time_monotonic()
 */
void imsaka_context_set_clock(time_t (*now)(timeval_t *tv));

#endif /** IMSAKA_CONTEXT_H_ @}*/
