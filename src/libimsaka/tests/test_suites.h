/*
 * The suites run by imsaka_tests, one line each: TEST_SUITE(function)
 * where function returns the suite built in its own test_*.c file.
 */
TEST_SUITE(hex_suite_create)
TEST_SUITE(milenage_suite_create)
TEST_SUITE(sqn_suite_create)
TEST_SUITE(aka_suite_create)
TEST_SUITE(digest_aka_suite_create)
TEST_SUITE(kdf_suite_create)
TEST_SUITE(key_expansion_suite_create)
TEST_SUITE(secagree_suite_create)
TEST_SUITE(secagree_errors_suite_create)
TEST_SUITE(secagree_negotiate_suite_create)
TEST_SUITE(nat_detect_suite_create)
TEST_SUITE(digest_header_suite_create)
TEST_SUITE(tls_aka_keys_suite_create)
TEST_SUITE(tls_record_suite_create)
TEST_SUITE(tls_openssl_suite_create)
