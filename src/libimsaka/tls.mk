# tls-aka: TLS 1.3 record protection keyed directly by IMS AKA (issue 6):
# suites, HKDF-Expand-Label, key schedule, one direction's protection, the
# record layer of a connection and the stream reader (docs/TLS-AKA.md)
src_libimsaka_libimsaka_la_SOURCES += \
	src/libimsaka/tls_suite.c src/libimsaka/tls_suite.h \
	src/libimsaka/tls_error.c src/libimsaka/tls_error.h \
	src/libimsaka/tls_hkdf.c src/libimsaka/tls_hkdf.h \
	src/libimsaka/tls_aka_keys.c src/libimsaka/tls_aka_keys.h \
	src/libimsaka/tls_traffic.c src/libimsaka/tls_traffic.h \
	src/libimsaka/tls_record.c src/libimsaka/tls_record.h \
	src/libimsaka/tls_reader.c src/libimsaka/tls_reader.h
