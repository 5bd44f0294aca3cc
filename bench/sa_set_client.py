#!/usr/bin/python3
"""Pipelined client of the imsaka control socket for bench/run-sa-set.sh.

usage: sa_set_client.py SOCKET N

Measures, on one connection with every phase fully pipelined (a writer
thread sends all lines of a phase while the main thread reads the replies):
  hello       5*N `hello version=1` round trips: the socket and parser cost
              of as many requests as N SA sets take
  install     N sets: ctx-create, ctx-keys + spi-alloc, sa-install
              (UDP-enc-tun, each set to its own remote address)
  remove      N ctx-delete (each removes its set: 4 SAs + 4 policies)
With IMSAKA_BENCH_RSS_PID set, the VmRSS of that process (charon) is read
between install and remove, i.e. with all N sets installed.
Prints "name: value" lines; exits 1 on any ERR reply.
"""
import os
import socket
import sys
import threading
import time

CK = "b40ba9a3c58b2a05bbf0d987b21bf8cb"
IK = "f769bcd751044604127672711c6d3441"


class Conn:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.buf = b""

    def lines(self, n):
        """read n reply lines (single-line replies only)"""
        out = []
        while len(out) < n:
            chunk = self.s.recv(1 << 20)
            if not chunk:
                raise ConnectionError("control socket closed")
            self.buf += chunk
            parts = self.buf.split(b"\n")
            self.buf = parts.pop()
            out.extend(p.decode() for p in parts)
        return out

    def pipeline(self, reqs):
        data = "".join(r + "\n" for r in reqs).encode()
        t = threading.Thread(target=self.s.sendall, args=(data,))
        start = time.perf_counter()
        t.start()
        replies = self.lines(len(reqs))
        t.join()
        elapsed = time.perf_counter() - start
        bad = [(q, r) for q, r in zip(reqs, replies) if not r.startswith("OK")]
        if bad:
            print("ERR reply: %r -> %r (%d bad)" % (bad[0] + (len(bad),)),
                  file=sys.stderr)
            sys.exit(1)
        return replies, elapsed


def remote(i):
    # 10.64.0.0/10: one protected UE address per set
    return "10.%d.%d.%d" % (64 + (i >> 16), (i >> 8) & 255, i & 255)


def outer(i):
    # the UEs' NATs: 198.18.0.0/15 with a port each
    return "198.%d.%d.%d:%d" % (18 + (i >> 16), (i >> 8) & 255, i & 255,
                                20000 + i % 10000)


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    c = Conn(path)
    _, t = c.pipeline(["hello version=1"])

    _, t_hello = c.pipeline(["hello version=1"] * (5 * n))

    replies, t1 = c.pipeline(["ctx-create role=pcscf impi=u%d@ims.example.net"
                              % i for i in range(n)])
    ctx = [r.split("=", 1)[1] for r in replies]
    reqs = []
    for i in range(n):
        reqs.append("ctx-keys ctx=%s ck=%s ik=%s" % (ctx[i], CK, IK))
        reqs.append("spi-alloc ctx=%s" % ctx[i])
    replies, t2 = c.pipeline(reqs)
    spis = [replies[2 * i + 1][3:] for i in range(n)]
    reqs = []
    for i in range(n):
        reqs.append("sa-install ctx=%s %s local=10.2.0.1 port-c=5062 "
                    "port-s=5060 remote=%s rport-c=5064 rport-s=5066 "
                    "rspi-c=%d rspi-s=%d mod=UDP-enc-tun alg=hmac-sha-1-96 "
                    "ealg=aes-cbc local-outer=10.3.0.1:4500 remote-outer=%s "
                    "lifetime=600"
                    % (ctx[i], spis[i], remote(i), 0x10000000 + 2 * i,
                       0x10000001 + 2 * i, outer(i)))
    _, t3 = c.pipeline(reqs)
    t_install = t1 + t2 + t3

    rss = None
    if os.environ.get("IMSAKA_BENCH_RSS_PID"):
        with open("/proc/%s/status" % os.environ["IMSAKA_BENCH_RSS_PID"]) as f:
            rss = [int(line.split()[1]) for line in f
                   if line.startswith("VmRSS:")][0]

    _, t_remove = c.pipeline(["ctx-delete ctx=%s" % x for x in ctx])

    print("sets: %d" % n)
    print("hello requests: %d" % (5 * n))
    print("hello seconds: %.4f" % t_hello)
    print("install seconds: %.4f" % t_install)
    print("install phases ctx-create/keys+spi/sa-install seconds: "
          "%.4f/%.4f/%.4f" % (t1, t2, t3))
    print("remove seconds: %.4f" % t_remove)
    if rss is not None:
        print("charon VmRSS KiB with the sets: %d" % rss)


if __name__ == "__main__":
    main()
