# security agreement: RFC 3329 / TS 33.203 Annex H grammar, negotiation and
# SM7 checks, the NAT-T extension and NAT detection, Digest AKA headers
src_libimsaka_libimsaka_la_SOURCES += \
	src/libimsaka/sec_agree_error.c src/libimsaka/sec_agree_error.h \
	src/libimsaka/sec_agree_lex.c src/libimsaka/sec_agree_lex.h \
	src/libimsaka/sec_agree_addr.c src/libimsaka/sec_agree_addr.h \
	src/libimsaka/sec_agree.c src/libimsaka/sec_agree.h \
	src/libimsaka/sec_agree_param.h \
	src/libimsaka/sec_agree_build.c \
	src/libimsaka/sec_agree_negotiate.c src/libimsaka/sec_agree_negotiate.h \
	src/libimsaka/sec_agree_natt.c src/libimsaka/sec_agree_natt.h \
	src/libimsaka/nat_detect.c src/libimsaka/nat_detect.h \
	src/libimsaka/digest_header.c src/libimsaka/digest_header.h
