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

#include "ladder_tests.h"
#include "../ladder_fields.h"

#include <library.h>

/*
 * Described in header
 */
int ladder_tests_read(const char *name, char *lines[], int max)
{
	char path[512], buf[LADDER_FIELDS_LINE_MAX];
	FILE *file;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", LADDER_FIXTURES, name);
	file = fopen(path, "r");
	ck_assert_msg(file, "fixture %s missing", path);
	while (fgets(buf, sizeof(buf), file))
	{
		ck_assert_int_lt(n, max);
		buf[strcspn(buf, "\n")] = '\0';
		lines[n++] = strdup(buf);
	}
	fclose(file);
	return n;
}

/*
 * Described in header
 */
ladder_model_t *ladder_tests_model(void)
{
	char *lines[64], err[160];
	ladder_sighting_t s;
	ladder_model_t *model;
	ladder_hosts_t *hosts;
	int n, i;

	hosts = ladder_hosts_create();
	ck_assert(hosts->add(hosts, "ue=10.1.0.10,fd00:1::10", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "nat=192.0.2.1,10.1.0.1", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "pcscf=192.0.2.20,10.2.0.1", err, sizeof(err)));
	ck_assert(hosts->add(hosts, "scscf=192.0.2.30", err, sizeof(err)));
	model = ladder_model_create(64);
	n = ladder_tests_read("reg-nat-ue.fields", lines, countof(lines));
	ck_assert_int_eq(n, LADDER_TESTS_FIXTURE_LINES);
	for (i = 0; i < n; i++)
	{
		ck_assert_msg(ladder_fields_parse(lines[i], 0, &s, err, sizeof(err)),
					  "line %d: %s", i + 1, err);
		ck_assert(model->add(model, &s));
		free(lines[i]);
	}
	model->build(model, hosts);
	hosts->destroy(hosts);
	return model;
}

int main(int argc, char *argv[])
{
	SRunner *runner;
	int failed;

	runner = srunner_create(ladder_fields_suite_create());
	srunner_add_suite(runner, ladder_input_suite_create());
	srunner_add_suite(runner, ladder_model_suite_create());
	srunner_add_suite(runner, ladder_output_suite_create());
	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
