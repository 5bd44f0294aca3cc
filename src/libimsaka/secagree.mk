# security agreement: RFC 3329 / TS 33.203 Annex H grammar, negotiation and
# SM7 checks, the NAT-T extension and NAT detection, Digest AKA headers
src_libimsaka_libimsaka_la_SOURCES += \
	src/libimsaka/secagree_error.c src/libimsaka/secagree_error.h \
	src/libimsaka/secagree_lex.c src/libimsaka/secagree_lex.h \
	src/libimsaka/secagree_addr.c src/libimsaka/secagree_addr.h \
	src/libimsaka/secagree.c src/libimsaka/secagree.h \
	src/libimsaka/secagree_param.h \
	src/libimsaka/secagree_build.c \
	src/libimsaka/secagree_negotiate.c src/libimsaka/secagree_negotiate.h \
	src/libimsaka/secagree_natt.c src/libimsaka/secagree_natt.h \
	src/libimsaka/nat_detect.c src/libimsaka/nat_detect.h \
	src/libimsaka/digest_header.c src/libimsaka/digest_header.h
