#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# For test_ue_once.sh: a fake charon control socket (answers OK to what the
# UE asks, logs every request) and a scripted P-CSCF over UDP on 127.0.0.1
# that answers SM1 with a 401 (Security-Server, AKA challenge), SM7 with
# 200 (or 403 in mode "forbidden") and the de-registration with 200. In
# mode "busy" a second unit on port + 6 answers the first SM1 with 503
# before.
import os, re, socket, sys, threading

d, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sock_path = os.path.join(d, 'charon.sock')
log = open(os.path.join(d, 'control.log'), 'w')
answers = {
    'hello': 'OK version=1 imsaka=0.1.0', 'ctx-create': 'OK ctx=1',
    'spi-alloc': 'OK spi-c=65536 spi-s=65537',
    'aka-digest': 'OK ctx=1 response=0123456789abcdef0123456789abcdef',
    'sa-install': 'OK ctx=1 set=temp lifetime=32',
    'sa-promote': 'OK ctx=1 set=current lifetime=630 old=no',
    'sa-remove': 'OK ctx=1 removed=1', 'ctx-delete': 'OK ctx=1',
    'keepalive-start': 'OK ctx=1 keepalive=1',
}

def control(server):
    conn, _ = server.accept()
    f = conn.makefile('rw')
    for line in f:
        line = line.strip()
        log.write(line + '\n')
        log.flush()
        f.write(answers.get(line.split()[0], 'ERR command') + '\n')
        f.flush()

def response(req, code, extra=''):
    keep = [l for l in req.split('\r\n')[1:]
            if re.match(r'(?i)(via|from|to|call-id|cseq):', l)]
    keep = [l + (';tag=p' if l.lower().startswith('to:') else '') for l in keep]
    return ('SIP/2.0 %d X\r\n' % code + '\r\n'.join(keep) + '\r\n' + extra +
            'Content-Length: 0\r\n\r\n').encode()

server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sock_path)
server.listen(1)
ctl = threading.Thread(target=control, args=(server,), daemon=True)
ctl.start()
unprotected = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
unprotected.bind(('127.0.0.1', port))
protected = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
protected.bind(('127.0.0.1', port + 4))
if mode == 'busy':
    busy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    busy.bind(('127.0.0.1', port + 6))
open(os.path.join(d, 'ready'), 'w').close()

if mode == 'busy':
    req, addr = busy.recvfrom(65535)
    busy.sendto(response(req.decode(), 503), addr)

req, addr = unprotected.recvfrom(65535)
open(os.path.join(d, 'sm1.txt'), 'wb').write(req)
unprotected.sendto(response(req.decode(), 401,
    'Security-Server: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;'
    'mod=UDP-enc-tun;spi-c=1111;spi-s=2222;port-c=%d;port-s=%d\r\n'
    'WWW-Authenticate: Digest realm="ims.example.net", '
    'nonce="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", '
    'algorithm=AKAv1-MD5, qop="auth"\r\n' % (port + 2, port + 4)), addr)
req, addr = protected.recvfrom(65535)
open(os.path.join(d, 'sm7.txt'), 'wb').write(req)
if mode == 'forbidden':
    protected.sendto(response(req.decode(), 403), addr)
    ctl.join(10)	# until the UE closes the control connection
    sys.exit(0)
contact = re.search(r'Contact: <([^>]*)>', req.decode()).group(1)
protected.sendto(response(req.decode(), 200,
                          'Contact: <%s>;expires=300\r\n' % contact), addr)
req, addr = protected.recvfrom(65535)
open(os.path.join(d, 'dereg.txt'), 'wb').write(req)
protected.sendto(response(req.decode(), 200), addr)
ctl.join(10)
