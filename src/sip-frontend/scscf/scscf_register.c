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

#include "scscf_register.h"
#include "scscf_aka.h"
#include "scscf_authorization.h"
#include "scscf_challenges.h"
#include "scscf_sqn_state.h"

#include <library.h>

/** a header value too long or malformed */
#define EXPIRES_BAD -1

typedef struct private_scscf_register_t private_scscf_register_t;

/**
 * Private data of a scscf_register_t object.
 */
struct private_scscf_register_t {

	/**
	 * Public interface
	 */
	scscf_register_t public;

	/**
	 * Settings
	 */
	const scscf_config_t *config;

	/**
	 * Subscribers
	 */
	scscf_subscribers_t *subs;

	/**
	 * Pending challenges
	 */
	scscf_challenges_t *challenges;

	/**
	 * Shared floors and bindings, NULL for none
	 */
	scscf_store_t *store;
};

/*
 * Described in header
 */
int scscf_register_store_down(scscf_reply_t *reply)
{
	scscf_reply_add(reply, "Retry-After", "%u", SCSCF_STORE_RETRY_AFTER);
	return 503;
}

/**
 * Parse a delta-seconds value strictly
 */
static int64_t parse_seconds(const char *text)
{
	int64_t value = 0;
	int digits = 0;

	for (; *text == ' ' || *text == '\t'; text++)
	{
	}
	for (; *text >= '0' && *text <= '9'; text++)
	{
		if (++digits > 10)
		{
			return EXPIRES_BAD;
		}
		value = value * 10 + (*text - '0');
	}
	for (; *text == ' ' || *text == '\t'; text++)
	{
	}
	return (!digits || *text || value > UINT32_MAX) ? EXPIRES_BAD : value;
}

/**
 * The registration time asked for: the first Contact's expires, else the
 * Expires field, else the default
 */
static int64_t requested_expires(private_scscf_register_t *this,
								 sip_msg_t *req)
{
	const char *value;

	if (imsaka_sip_contact_param(req, 0, "expires", &value))
	{
		return value ? parse_seconds(value) : EXPIRES_BAD;
	}
	value = imsaka_sip_header_get(req, "Expires", 0);
	if (value)
	{
		return parse_seconds(value);
	}
	return this->config->default_expires;
}

/**
 * Whether the request's Contact is the "*" of a removal of all bindings
 */
static bool contact_is_star(sip_msg_t *req)
{
	return imsaka_sip_contact_is_star(req, 0);
}

/**
 * Append text to a list with a separator, FALSE if it does not fit
 */
static bool list_add(char *list, size_t size, const char *sep,
					 const char *text)
{
	size_t len = strlen(list);
	int n;

	if (strchr(text, '\n'))
	{
		return FALSE;
	}
	n = snprintf(list + len, size - len, "%s%s", len ? sep : "", text);
	if (n < 0 || (size_t)n >= size - len)
	{
		list[len] = '\0';
		return FALSE;
	}
	return TRUE;
}

/**
 * Store the contacts (without expires) and Path of a registration
 */
static bool store_binding(scscf_subscriber_t *sub, sip_msg_t *req)
{
	char text[sizeof(sub->contacts)];
	const char *path;
	int pos;
	bool ok = TRUE;

	sub->contacts[0] = sub->path[0] = '\0';
	for (pos = 0; ok && pos < imsaka_sip_contact_count(req); pos++)
	{
		ok = imsaka_sip_contact_print(req, pos, "expires", text,
									  sizeof(text)) &&
			 list_add(sub->contacts, sizeof(sub->contacts), "\n", text);
	}
	for (pos = 0; ok && (path = imsaka_sip_header_get(req, "Path", pos));
		 pos++)
	{
		ok = list_add(sub->path, sizeof(sub->path), ", ", path);
	}
	return ok;
}

/**
 * Add the fields of a 200 OK to REGISTER
 */
static void add_ok_fields(private_scscf_register_t *this,
						  scscf_subscriber_t *sub, uint32_t expires,
						  scscf_reply_t *reply)
{
	char uris[SCSCF_MAX_IMPUS * (SCSCF_MAX_ID + 4)] = "";
	char *pos, *end;
	int i;

	/* each stored contact with the time granted */
	for (pos = sub->contacts; *pos; pos = *end ? end + 1 : end)
	{
		end = strchr(pos, '\n') ?: pos + strlen(pos);
		scscf_reply_add(reply, "Contact", "%.*s;expires=%u", (int)(end - pos),
						pos, expires);
	}
	scscf_reply_add(reply, "Expires", "%u", expires);
	if (*sub->path)
	{
		scscf_reply_add(reply, "Path", "%s", sub->path);
	}
	if (*this->config->service_route && expires)
	{
		scscf_reply_add(reply, "Service-Route", "%s",
						this->config->service_route);
	}
	for (i = 0; i < sub->impu_count; i++)
	{
		snprintf(uris + strlen(uris), sizeof(uris) - strlen(uris), "%s<%s>",
				 i ? ", " : "", sub->impus[i]);
	}
	scscf_reply_add(reply, "P-Associated-URI", "%s", uris);
}

/**
 * FNV-1a over a string, continuing hash h
 */
static uint64_t hash_str(uint64_t h, const char *str)
{
	for (; str && *str; str++)
	{
		h = (h ^ (uint8_t)*str) * 0x100000001b3ULL;
	}
	return (h ^ 0xff) * 0x100000001b3ULL;
}

/**
 * Identity of a request for retransmission matching (RFC 3261 17.2.3)
 */
static uint64_t request_id(sip_msg_t *req)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash_str(h, imsaka_sip_call_id(req));
	h = hash_str(h, imsaka_sip_call_id_host(req));
	h = hash_str(h, imsaka_sip_cseq_number(req));
	return hash_str(h, imsaka_sip_via_branch(req));
}

/**
 * Send a new challenge: 401 with WWW-Authenticate; a retransmission of the
 * request challenged last gets the same challenge again, so that a
 * response to the first 401 is still good
 */
static int challenge(private_scscf_register_t *this, scscf_subscriber_t *sub,
					 sip_msg_t *req, time_t now, scscf_reply_t *reply)
{
	scscf_challenge_t *slot;
	char header[IMSAKA_DIGEST_MAX_TEXT];
	uint64_t id = request_id(req), floor;
	bool ok;

	slot = this->challenges->find(this->challenges, sub, now);
	if (slot && slot->request == id)
	{
		ok = scscf_aka_challenge_header(slot, this->config->realm, header,
										sizeof(header));
		if (ok)
		{
			scscf_reply_add(reply, "WWW-Authenticate", "%s", header);
			ok = !reply->overflow;
		}
		memwipe(header, sizeof(header));
		DBG1(DBG_CFG, "REGISTER of '%s': retransmitted, same challenge",
			 sub->impi);
		return ok ? 401 : 500;
	}
	if (this->store)
	{	/* a resynchronisation at another instance raised it maybe */
		if (!this->store->sqn_floor(this->store, sub, &floor))
		{
			DBG1(DBG_CFG, "REGISTER of '%s': SQN floor unavailable, 503",
				 sub->impi);
			return scscf_register_store_down(reply);
		}
		imsaka_sqn_he_floor(&sub->sqn, floor);
	}
	slot = this->challenges->add(this->challenges, sub, now);
	slot->request = id;
	ok = scscf_aka_challenge(slot, this->config->algorithm,
							 this->config->realm, header, sizeof(header));
	if (ok)
	{
		scscf_reply_add(reply, "WWW-Authenticate", "%s", header);
		ok = !reply->overflow;
	}
	memwipe(header, sizeof(header));
	if (!ok)
	{
		this->challenges->remove(this->challenges, slot);
		return 500;
	}
	if (*this->config->sqn_state)
	{
		scscf_sqn_state_save(this->config->sqn_state, this->subs);
	}
	DBG1(DBG_CFG, "REGISTER of '%s': challenged", sub->impi);
	return 401;
}

/**
 * Bind, refresh, query or remove the registration after authentication
 */
static int registered(private_scscf_register_t *this, scscf_subscriber_t *sub,
					  sip_msg_t *req, int64_t expires, time_t now,
					  scscf_reply_t *reply)
{
	if (contact_is_star(req) ||
		(expires == 0 && imsaka_sip_contact_count(req)))
	{
		if (expires != 0)
		{
			return 400;
		}
		if (this->store && !this->store->remove_binding(this->store, sub))
		{
			return scscf_register_store_down(reply);
		}
		sub->registered_until = 0;
		add_ok_fields(this, sub, 0, reply);
		sub->contacts[0] = sub->path[0] = '\0';
		DBG1(DBG_CFG, "REGISTER of '%s': de-registered", sub->impi);
		return 200;
	}
	if (!imsaka_sip_contact_count(req))
	{	/* a query: the current bindings */
		expires = sub->registered_until > now ? sub->registered_until - now : 0;
		add_ok_fields(this, sub, expires, reply);
		return 200;
	}
	expires = min(expires, (int64_t)this->config->max_expires);
	if (!store_binding(sub, req))
	{
		DBG1(DBG_CFG, "REGISTER of '%s': Contact or Path too long", sub->impi);
		sub->registered_until = 0;
		sub->contacts[0] = sub->path[0] = '\0';
		return 413;
	}
	if (this->store && !this->store->save_binding(this->store, sub, expires))
	{	/* not registered anywhere: the UE tries again */
		sub->registered_until = 0;
		sub->contacts[0] = sub->path[0] = '\0';
		return scscf_register_store_down(reply);
	}
	sub->registered_until = now + expires;
	add_ok_fields(this, sub, expires, reply);
	DBG1(DBG_CFG, "REGISTER of '%s': registered for %llds", sub->impi,
		 (long long)expires);
	return 200;
}

/**
 * Find the subscriber of a REGISTER: by the Authorization's username, or
 * by the To IMPU when there is none; the IMPU must be one of its own
 */
static scscf_subscriber_t *find_subscriber(private_scscf_register_t *this,
										   sip_msg_t *req,
										   imsaka_digest_t *cred, bool found)
{
	scscf_subscriber_t *sub;
	char impu[SCSCF_MAX_ID], impi[SCSCF_MAX_ID];
	imsaka_sip_uri_t to;
	int i;

	if (!imsaka_sip_name_uri(req, "To", &to) ||
		!scscf_impu_key(&to, impu, sizeof(impu)))
	{
		DBG1(DBG_CFG, "REGISTER: To is not a sip:, sips: or tel: URI");
		return NULL;
	}
	if (found)
	{
		if (!scscf_digest_value(cred, IMSAKA_DIGEST_USERNAME, impi,
								sizeof(impi)))
		{
			DBG1(DBG_CFG, "REGISTER of '%s': bad username", impu);
			return NULL;
		}
		sub = this->subs->find_impi(this->subs, impi);
		if (!sub)
		{
			DBG1(DBG_CFG, "REGISTER of '%s': unknown IMPI '%s'", impu, impi);
			return NULL;
		}
	}
	else
	{
		sub = this->subs->find_impu(this->subs, impu);
		if (!sub)
		{
			DBG1(DBG_CFG, "REGISTER: unknown IMPU '%s'", impu);
			return NULL;
		}
	}
	for (i = 0; i < sub->impu_count; i++)
	{
		if (streq(sub->impus[i], impu))
		{
			return sub;
		}
	}
	DBG1(DBG_CFG, "REGISTER of '%s': IMPU '%s' is not one of its own",
		 sub->impi, impu);
	return NULL;
}

/**
 * Answer credentials: resync on auts, verify the response
 */
static int authenticate(private_scscf_register_t *this,
						scscf_subscriber_t *sub, imsaka_digest_t *cred,
						sip_msg_t *req, int64_t expires, time_t now,
						scscf_reply_t *reply)
{
	scscf_challenge_t *pending;
	char nonce[IMSAKA_DIGEST_AKA_NONCE_MAX + 1], auts[64];
	const char *value;
	uint64_t seq_ms;
	size_t len;
	bool ok;

	if (!scscf_digest_value(cred, IMSAKA_DIGEST_NONCE, nonce, sizeof(nonce)) ||
		!*nonce)
	{	/* the initial REGISTER of TS 24.229: nonce="" */
		return challenge(this, sub, req, now, reply);
	}
	pending = this->challenges->find(this->challenges, sub, now);
	if (pending && pending->answered)
	{
		if (pending->request == request_id(req))
		{	/* the accepted request again (its 200 was lost or is late):
			 * the same answer, not a new challenge */
			DBG2(DBG_CFG, "REGISTER of '%s': retransmitted, same answer",
				 sub->impi);
			return registered(this, sub, req, expires, now, reply);
		}
		pending = NULL;
	}
	if (pending && pending->request == request_id(req))
	{	/* a retransmission of the request this challenge answered (one
		 * with an auts whose resync took the old nonce): the same 401 */
		return challenge(this, sub, req, now, reply);
	}
	if (!pending || !streq(pending->nonce, nonce))
	{
		DBG1(DBG_CFG, "REGISTER of '%s': %s nonce, new challenge", sub->impi,
			 pending ? "another" : "unknown or expired");
		if (imsaka_digest_get(cred, IMSAKA_DIGEST_AUTS, &value, &len))
		{	/* cannot verify an auts without its RAND */
			return 403;
		}
		return challenge(this, sub, req, now, reply);
	}
	if (scscf_digest_value(cred, IMSAKA_DIGEST_AUTS, auts, sizeof(auts)))
	{
		ok = scscf_aka_resync(pending, auts, &seq_ms);
		this->challenges->remove(this->challenges, pending);
		if (!ok)
		{
			return 403;
		}
		if (this->store && !this->store->raise_floor(this->store, sub, seq_ms))
		{	/* the UE answers the next challenge with auts again */
			DBG1(DBG_CFG, "REGISTER of '%s': SQN floor not written, 503",
				 sub->impi);
			return scscf_register_store_down(reply);
		}
		return challenge(this, sub, req, now, reply);
	}
	ok = scscf_aka_verify(pending, cred, imsaka_sip_method(req));
	if (!ok)
	{
		this->challenges->remove(this->challenges, pending);
		DBG1(DBG_CFG, "REGISTER of '%s': wrong response", sub->impi);
		return 403;
	}
	pending->answered = true;
	pending->request = request_id(req);
	memwipe(&pending->vector, sizeof(pending->vector));
	return registered(this, sub, req, expires, now, reply);
}

METHOD(scscf_register_t, handle, int,
	private_scscf_register_t *this, sip_msg_t *req, const char *msg,
	size_t len, scscf_reply_t *reply)
{
	scscf_subscriber_t *sub;
	scscf_authorization_t found;
	imsaka_digest_t cred;
	time_t now = time_monotonic(NULL);
	int64_t expires;
	int code;

	imsaka_digest_init(&cred, IMSAKA_DIGEST_CREDENTIALS);
	found = scscf_authorization_find(msg, len, &cred);
	if (found == SCSCF_AUTHORIZATION_BAD)
	{
		return 400;
	}
	sub = find_subscriber(this, req, &cred,
						  found == SCSCF_AUTHORIZATION_FOUND);
	if (!sub)
	{
		code = 403;
	}
	else if ((expires = requested_expires(this, req)) == EXPIRES_BAD)
	{
		DBG1(DBG_CFG, "REGISTER of '%s': bad expires", sub->impi);
		code = 400;
	}
	else if (expires && expires < this->config->min_expires)
	{
		scscf_reply_add(reply, "Min-Expires", "%u", this->config->min_expires);
		code = 423;
	}
	else if (found == SCSCF_AUTHORIZATION_NONE)
	{
		code = challenge(this, sub, req, now, reply);
	}
	else
	{
		code = authenticate(this, sub, &cred, req, expires, now, reply);
	}
	imsaka_digest_wipe(&cred);
	return code;
}

METHOD(scscf_register_t, pending, uint32_t,
	private_scscf_register_t *this)
{
	return this->challenges->count(this->challenges);
}

METHOD(scscf_register_t, destroy, void,
	private_scscf_register_t *this)
{
	this->challenges->destroy(this->challenges);
	free(this);
}

/*
 * Described in header
 */
scscf_register_t *scscf_register_create(const scscf_config_t *config,
										scscf_subscribers_t *subs,
										scscf_store_t *store)
{
	private_scscf_register_t *this;

	INIT(this,
		.public = {
			.handle = _handle,
			.pending = _pending,
			.destroy = _destroy,
		},
		.config = config,
		.subs = subs,
		.store = store,
		.challenges = scscf_challenges_create(config->max_pending,
											  config->challenge_lifetime),
	);
	return &this->public;
}
