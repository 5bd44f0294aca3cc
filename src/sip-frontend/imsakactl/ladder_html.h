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
 * @defgroup ladder_html ladder_html
 * @{ @ingroup imsakactl
 *
 * The ladder as one HTML page: the SVG inline, then a table of the
 * messages (time, step, from, to, message, CSeq, Call-ID, protection,
 * addresses, NAT rewrite). Self-contained: no external resources.
 */

#ifndef LADDER_HTML_H_
#define LADDER_HTML_H_

#include "ladder_model.h"

#include <stdio.h>

/**
 * Write the HTML page of a built model.
 *
 * @param model		model, built
 * @param title		title of the page
 * @param out		file to write to
 * @return			FALSE if writing failed
 */
bool ladder_html_write(ladder_model_t *model, const char *title, FILE *out);

#endif /** LADDER_HTML_H_ @}*/
