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
 * @defgroup ladder_svg ladder_svg
 * @{ @ingroup imsakactl
 *
 * The ladder as a self-contained SVG image: one column per host with its
 * life line, one arrow per message leg, top to bottom in time, labelled
 * with its registration step and method or status above and its
 * protection (and a NAT's rewrite) below. No external fonts, styles or
 * scripts; every text escaped.
 */

#ifndef LADDER_SVG_H_
#define LADDER_SVG_H_

#include "ladder_model.h"

#include <stdio.h>

/**
 * x of a column's life line.
 *
 * @param column	column
 * @return			x in SVG units
 */
int ladder_svg_column_x(int column);

/**
 * y of an arrow.
 *
 * @param row		arrow index
 * @return			y in SVG units
 */
int ladder_svg_row_y(int row);

/**
 * Write the SVG of a built model.
 *
 * @param model		model, built
 * @param title		title of the image
 * @param out		file to write to
 * @return			FALSE if writing failed
 */
bool ladder_svg_write(ladder_model_t *model, const char *title, FILE *out);

#endif /** LADDER_SVG_H_ @}*/
