# SIP frontend programs and the operator's tool

# example configurations of the frontend programs, installed under
# $(sysconfdir)/imsaka; each program's fragment appends its own
frontendconfdir = $(sysconfdir)/imsaka
dist_frontendconf_DATA =

# runtime shared by the programs: libstrongswan settings and logging, SIP
# transport and event loop, control socket client
include src/sip-frontend/common/common.mk
# the test S-CSCF / registrar
include src/sip-frontend/scscf/scscf.mk
# the P-CSCF
include src/sip-frontend/pcscf/pcscf.mk
# the UE
include src/sip-frontend/ue/ue.mk

# the operator's tool
include src/sip-frontend/imsakactl/imsakactl.mk

# the libosip2 adapter and its tests
include src/sip-frontend/sip/sip.mk
