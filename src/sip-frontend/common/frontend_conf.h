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
 * @defgroup frontend_conf frontend_conf
 * @{ @ingroup sip_frontend
 * Runtime of the frontend programs: libstrongswan initialised with the
 * program's own configuration file (strongswan.conf syntax, section named
 * after the program), logging through libstrongswan's dbg() with a level
 * from the configuration or the command line, and option getters that check
 * values and name the option when one is bad.
 */

#ifndef FRONTEND_CONF_H_
#define FRONTEND_CONF_H_

#include <stdbool.h>
#include <stdint.h>

#include <secagree_addr.h>

/**
 * Initialise libstrongswan with a configuration file and logging.
 *
 * Logging goes to stderr, each line prefixed with a timestamp and the
 * program name; the level is <program>.loglevel (0..4, default 1), or
 * level if >= 0 (command line). Keys are logged at level 4 only.
 *
 * @param program	program name, also the settings section ("imsaka-pcscf")
 * @param file		configuration file, must exist and parse
 * @param level		log level from the command line, -1 for none
 * @return			FALSE on error (printed to stderr)
 */
bool frontend_conf_init(const char *program, const char *file, int level);

/**
 * Read the log level of a -d option.
 *
 * @param program	program name, for the error
 * @param arg		the option's argument
 * @return			level 0..4, -1 if arg is none (said on stderr)
 */
int frontend_conf_level(const char *program, const char *arg);

/**
 * Release libstrongswan.
 */
void frontend_conf_deinit(void);

/**
 * Read a string option <program>.<key>.
 *
 * @param key		key below the program's section, printf-style
 * @param def		default, NULL for none
 * @return			value or def
 */
const char *frontend_conf_str(const char *key, const char *def);

/**
 * Read an unsigned number option; a value that is not a decimal number
 * within min..max is logged naming the option and refused.
 *
 * @param key		key below the program's section
 * @param min		smallest value allowed
 * @param max		largest value allowed
 * @param def		default when the option is absent
 * @param value		receives the value
 * @return			FALSE if the value is bad
 */
bool frontend_conf_uint(const char *key, uint32_t min, uint32_t max,
						uint32_t def, uint32_t *value);

/**
 * Read a yes/no option (yes|no|true|false|1|0); anything else is refused
 * naming the option.
 *
 * @param key		key below the program's section
 * @param def		default when the option is absent
 * @param value		receives the value
 * @return			FALSE if the value is bad
 */
bool frontend_conf_bool(const char *key, bool def, bool *value);

/**
 * Read an address option ("192.0.2.1", "[2001:db8::1]:5060", ...); a bad
 * one is refused naming the option.
 *
 * @param key		key below the program's section
 * @param need_port	TRUE if a port must be given
 * @param def		default text, NULL for a required option
 * @param addr		receives the address
 * @return			FALSE if absent (and required) or bad
 */
bool frontend_conf_addr(const char *key, bool need_port, const char *def,
						imsaka_addr_t *addr);

#endif /** FRONTEND_CONF_H_ @}*/
