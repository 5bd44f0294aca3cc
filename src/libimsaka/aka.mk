# AKA core of libimsaka: AES-128 (AES-NI with an OpenSSL fallback),
# Milenage, AUTN/AUTS, SQN management, Digest AKA, base64, KDF, ESP key
# expansion, hex
src_libimsaka_libimsaka_la_SOURCES += \
	src/libimsaka/aes128.c src/libimsaka/aes128.h \
	src/libimsaka/milenage.c src/libimsaka/milenage.h \
	src/libimsaka/aka.c src/libimsaka/aka.h \
	src/libimsaka/sqn.c src/libimsaka/sqn.h \
	src/libimsaka/digest_aka.c src/libimsaka/digest_aka.h \
	src/libimsaka/base64.c src/libimsaka/base64.h \
	src/libimsaka/kdf.c src/libimsaka/kdf.h \
	src/libimsaka/key_expansion.c src/libimsaka/key_expansion.h \
	src/libimsaka/hex.c src/libimsaka/hex.h
