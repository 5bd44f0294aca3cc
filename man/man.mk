# man pages: imsakactl(8), imsaka-pcscf(8), imsaka-ue(8), imsaka-scscf(8)
# from man/*.8.in (the version filled in), and imsaka.conf(5) generated from
# conf/plugins/imsaka.opt, the descriptions conf/plugins/imsaka.conf is made
# from, by man/options-to-man
man_MANS = man/imsakactl.8 man/imsaka-pcscf.8 man/imsaka-ue.8 \
	man/imsaka-scscf.8 man/imsaka.conf.5

man/%.8: $(srcdir)/man/%.8.in
	$(AM_V_GEN)$(MKDIR_P) man && \
	sed -e 's|@PACKAGE_VERSION@|$(PACKAGE_VERSION)|g' $< > $@.tmp && \
	mv $@.tmp $@

man/imsaka.conf.5: $(srcdir)/conf/plugins/imsaka.opt \
		$(srcdir)/man/options-to-man $(srcdir)/man/imsaka.conf.5.head \
		$(srcdir)/man/imsaka.conf.5.tail
	$(AM_V_GEN)$(MKDIR_P) man && \
	python3 $(srcdir)/man/options-to-man \
		--head $(srcdir)/man/imsaka.conf.5.head \
		--tail $(srcdir)/man/imsaka.conf.5.tail \
		--version $(PACKAGE_VERSION) \
		$(srcdir)/conf/plugins/imsaka.opt > $@.tmp && \
	mv $@.tmp $@

EXTRA_DIST += man/imsakactl.8.in man/imsaka-pcscf.8.in man/imsaka-ue.8.in \
	man/imsaka-scscf.8.in man/imsaka.conf.5.head man/imsaka.conf.5.tail \
	man/options-to-man man/test_man.sh
CLEANFILES += $(man_MANS)

# every page renders without a warning and documents every plugin option,
# imsakactl command, frontend option and imsaka-pcscf counter
TESTS += man/test_man.sh
