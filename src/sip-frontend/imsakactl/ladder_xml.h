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
 * @defgroup ladder_xml ladder_xml
 * @{ @ingroup imsakactl
 */

#ifndef LADDER_XML_H_
#define LADDER_XML_H_

#include <stdio.h>

/**
 * Print text as XML/HTML character data or attribute value: markup
 * characters escaped, control characters and bytes outside ASCII (SIP
 * fields are hostile, may be anything) printed as '?'.
 *
 * @param out		file to print to
 * @param text		text
 */
void ladder_xml_print(FILE *out, const char *text);

#endif /** LADDER_XML_H_ @}*/
