# configuration: conf/plugins/imsaka.opt documents every option once;
# conf/plugins/imsaka.conf is generated from it with strongSwan's own
# format-options.py and installed as $(strongswan_confdir)/charon/imsaka.conf
EXTRA_DIST += conf/plugins/imsaka.opt conf/plugins/imsaka.conf
imsakaconfdir = $(strongswan_confdir)/charon
imsakaconf_DATA = conf/plugins/imsaka.conf

$(srcdir)/conf/plugins/imsaka.conf: $(srcdir)/conf/plugins/imsaka.opt
	$(AM_V_GEN)python3 $(strongswan_src)/conf/format-options.py -f conf \
		-r charon.plugins $(srcdir)/conf/plugins/imsaka.opt > $@.tmp && \
	mv $@.tmp $@

# a plugin loads itself only when named in charon.load or with load = yes
install-conf-hook:
	@echo "imsaka: installed $(DESTDIR)$(imsakaconfdir)/imsaka.conf"

# the fleet (docs/FLEET.md): Kamailio's dispatcher between P-CSCF units and
# S-CSCF instances, /usr/share/imsaka/kamailio-dispatcher.cfg to include
fleetdir = $(pkgdatadir)
dist_fleet_DATA = conf/fleet/kamailio-dispatcher.cfg
dist_doc_DATA += docs/FLEET.md
