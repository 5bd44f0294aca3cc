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

#include "sip_message.h"

#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_port.h>

/*
 * Described in header
 */
bool imsaka_sip_init(bool quiet)
{
	int level;

	if (parser_init() != OSIP_SUCCESS)
	{
		return false;
	}
	for (level = 0; quiet && level < END_TRACE_LEVEL; level++)
	{
		osip_trace_disable_level(level);
	}
	return true;
}

/*
 * Described in header
 */
sip_msg_t *imsaka_sip_parse(const char *buf, size_t len)
{
	osip_message_t *msg;

	if (osip_message_init(&msg) != OSIP_SUCCESS)
	{
		return NULL;
	}
	if (osip_message_parse(msg, buf, len) != OSIP_SUCCESS)
	{
		osip_message_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Described in header
 */
bool imsaka_sip_complete(sip_msg_t *msg)
{
	return msg->call_id && msg->cseq && msg->cseq->method &&
		   msg->from && msg->from->url && msg->to && msg->to->url &&
		   osip_list_size(&msg->vias) > 0;
}

/*
 * Described in header
 */
void imsaka_sip_free(sip_msg_t *msg)
{
	if (msg)
	{
		osip_message_free(msg);
	}
}

/*
 * Described in header
 */
char *imsaka_sip_print(sip_msg_t *msg, size_t *len)
{
	char *text = NULL;

	/* libosip2 prints the received text unless told it changed */
	osip_message_force_update(msg);
	if (osip_message_to_str(msg, &text, len) != OSIP_SUCCESS)
	{
		osip_free(text);
		return NULL;
	}
	return text;
}

/*
 * Described in header
 */
void imsaka_sip_text_free(char *text)
{
	osip_free(text);
}

/*
 * Described in header
 */
bool imsaka_sip_is_request(sip_msg_t *msg)
{
	return MSG_IS_REQUEST(msg);
}

/*
 * Described in header
 */
bool imsaka_sip_is_response(sip_msg_t *msg)
{
	return MSG_IS_RESPONSE(msg);
}

/*
 * Described in header
 */
bool imsaka_sip_is_method(sip_msg_t *msg, const char *method)
{
	return MSG_IS_REQUEST(msg) && msg->sip_method &&
		   strcmp(msg->sip_method, method) == 0;
}

/*
 * Described in header
 */
const char *imsaka_sip_method(sip_msg_t *msg)
{
	return MSG_IS_REQUEST(msg) && msg->sip_method ? msg->sip_method : "";
}

/*
 * Described in header
 */
int imsaka_sip_status(sip_msg_t *msg)
{
	return msg->status_code;
}

/*
 * Described in header
 */
const char *imsaka_sip_reason(sip_msg_t *msg)
{
	return msg->reason_phrase ?: "";
}

/*
 * Described in header
 */
const char *imsaka_sip_call_id(sip_msg_t *msg)
{
	return msg->call_id ? msg->call_id->number : NULL;
}

/*
 * Described in header
 */
const char *imsaka_sip_call_id_host(sip_msg_t *msg)
{
	return msg->call_id ? msg->call_id->host : NULL;
}

/*
 * Described in header
 */
const char *imsaka_sip_cseq_number(sip_msg_t *msg)
{
	return msg->cseq ? msg->cseq->number : NULL;
}

/*
 * Described in header
 */
const char *imsaka_sip_cseq_method(sip_msg_t *msg)
{
	return msg->cseq ? msg->cseq->method : NULL;
}

/**
 * Set the status line of a response; the message owns the copies
 */
static bool set_status(osip_message_t *msg, int code, const char *reason)
{
	char *copy;

	reason = reason ?: osip_message_get_reason(code);
	copy = osip_strdup(reason ?: "Unknown");
	if (!copy)
	{
		return false;
	}
	osip_message_set_status_code(msg, code);
	osip_free(msg->reason_phrase);
	msg->reason_phrase = NULL;
	osip_message_set_reason_phrase(msg, copy);
	osip_message_force_update(msg);
	return true;
}

/*
 * Described in header
 */
sip_msg_t *imsaka_sip_response(sip_msg_t *req, int code, const char *to_tag)
{
	osip_message_t *resp;
	osip_generic_param_t *tag = NULL;
	char *version, *copy;

	if (!req->from || !req->to || !req->call_id || !req->cseq ||
		osip_message_init(&resp) != OSIP_SUCCESS)
	{
		return NULL;
	}
	version = osip_strdup("SIP/2.0");
	if (!version)
	{
		osip_message_free(resp);
		return NULL;
	}
	osip_message_set_version(resp, version);
	if (!set_status(resp, code, NULL) ||
		osip_list_clone(&req->vias, &resp->vias,
					(int (*)(void*, void**))osip_via_clone) != OSIP_SUCCESS ||
		osip_from_clone(req->from, &resp->from) != OSIP_SUCCESS ||
		osip_to_clone(req->to, &resp->to) != OSIP_SUCCESS ||
		osip_call_id_clone(req->call_id, &resp->call_id) != OSIP_SUCCESS ||
		osip_cseq_clone(req->cseq, &resp->cseq) != OSIP_SUCCESS ||
		osip_message_set_content_length(resp, "0") != OSIP_SUCCESS)
	{
		osip_message_free(resp);
		return NULL;
	}
	osip_to_get_tag(resp->to, &tag);
	if (to_tag && !tag)
	{
		copy = osip_strdup(to_tag);
		/* on success the To owns the copy */
		if (!copy || osip_to_set_tag(resp->to, copy) != OSIP_SUCCESS)
		{
			osip_free(copy);
			osip_message_free(resp);
			return NULL;
		}
	}
	return resp;
}

/*
 * Described in header
 */
bool imsaka_sip_response_reset(sip_msg_t *resp, int code, const char *reason)
{
	osip_list_special_free(&resp->headers, (void (*)(void*))osip_header_free);
	osip_list_init(&resp->headers);
	osip_list_special_free(&resp->bodies, (void (*)(void*))osip_body_free);
	osip_list_init(&resp->bodies);
	return set_status(resp, code, reason);
}
