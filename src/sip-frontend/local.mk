# SIP frontend programs and the operator's tool
