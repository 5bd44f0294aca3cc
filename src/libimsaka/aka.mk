src_libimsaka_libimsaka_la_SOURCES +=
