/*
 * The suites run by imsaka_tests, one line each: TEST_SUITE(function)
 * where function returns the suite built in its own test_*.c file.
 */
