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

#include "scscf_tests.h"
#include "../../common/tests/check_runner.h"

#include <library.h>
#include <osipparser2/osip_parser.h>

#include <stdlib.h>

/*
 * Described in header
 */
const char *scscf_test_subscribers =
	"subscribers {\n"
	"  ue {\n"
	"    impi = ue@ims.example.net\n"
	"    impu = sip:ue@ims.example.net, tel:+15551234\n"
	"    # TS 35.207 test set 1\n"
	"    k = 465b5ce8b199b49faa5f0a2ee238a6bc\n"
	"    op = cdc202d5123e20f62b6d676ac72cb318\n"
	"    amf = b9b9\n"
	"  }\n"
	"  two {\n"
	"    impi = two@ims.example.net\n"
	"    impu = sip:two@ims.example.net\n"
	"    # TS 35.207 test set 2\n"
	"    k = 0396eb317b6d1c36f19c1c84cd6ffd16\n"
	"    opc = 53c15671c60a4b731c55b4a441c0bde2\n"
	"    amf = af17\n"
	"  }\n"
	"  three {\n"
	"    impi = three@ims.example.net\n"
	"    impu = sip:three@ims.example.net\n"
	"    # TS 35.207 test set 3\n"
	"    k = fec86ba6eb707ed08905757b1bb44b8f\n"
	"    opc = 1006020f0a478bf6b699f15c062e42b3\n"
	"    amf = 725c\n"
	"  }\n"
	"}\n";

int main(int argc, char *argv[])
{
	Suite *suites[] = {
		scscf_subscribers_suite_create(),
		scscf_registrar_suite_create(),
		scscf_tables_suite_create(),
	};

	/* libstrongswan for settings and logging, libosip2's parser */
	parser_init();
	return check_runner_run("imsaka-scscf-tests", suites, countof(suites));
}
