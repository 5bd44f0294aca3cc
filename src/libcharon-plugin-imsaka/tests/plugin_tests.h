/*
 * The suites run by plugin_tests, one line each: TEST_SUITE(function)
 * where function returns the suite built in its own suites/test_*.c file.
 */
TEST_SUITE(subscriber_suite_create)
TEST_SUITE(spi_allocator_suite_create)
TEST_SUITE(sa_journal_suite_create)
TEST_SUITE(keepalive_suite_create)
TEST_SUITE(rebind_guard_suite_create)
TEST_SUITE(control_request_suite_create)
TEST_SUITE(control_session_suite_create)
TEST_SUITE(control_prepare_suite_create)
TEST_SUITE(context_suite_create)
TEST_SUITE(route_suite_create)
TEST_SUITE(tls_psk_suite_create)
TEST_SUITE(libipsec_check_suite_create)
TEST_SUITE(counters_suite_create)
TEST_SUITE(expire_pass_suite_create)
