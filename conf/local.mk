# configuration shipped to /etc/strongswan.d
