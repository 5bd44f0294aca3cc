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

#include "ladder_xml.h"

/*
 * Described in header
 */
void ladder_xml_print(FILE *out, const char *text)
{
	const unsigned char *c;

	for (c = (const unsigned char*)text; *c; c++)
	{
		switch (*c)
		{
			case '&':
				fputs("&amp;", out);
				break;
			case '<':
				fputs("&lt;", out);
				break;
			case '>':
				fputs("&gt;", out);
				break;
			case '"':
				fputs("&quot;", out);
				break;
			case '\'':
				fputs("&#39;", out);
				break;
			default:
				fputc(*c >= 0x20 && *c < 0x7f ? *c : '?', out);
				break;
		}
	}
}
