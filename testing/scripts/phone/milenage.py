# Milenage (TS 35.206) and the ESP key expansion of TS 33.203 Annex I, for
# the phone-shaped test UE of testing/tests/netlink/phone-sipp. Written from
# the specifications, independent of libimsaka; the block cipher is AES-128
# from python3-cryptography. Checked against the TS 35.207 test sets and the
# Annex I values in vectors/ by "phone-sa selftest".

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def _xor(a, b):
	return bytes(x ^ y for x, y in zip(a, b))


def _rot(x, r):
	"""cyclic left rotation of the 128-bit block x by r bits (r % 8 == 0)"""
	n = (r // 8) % 16
	return x[n:] + x[:n]


def _const(i):
	"""c1..c5: 128-bit constants with value i in the last byte"""
	return bytes(15) + bytes([i])


class Milenage:
	"""Milenage with the default r1..r5 and c1..c5 of TS 35.206 4.1"""

	def __init__(self, k, op=None, opc=None):
		if len(k) != 16:
			raise ValueError("K must be 16 bytes")
		self._enc = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
		if opc is None:
			if op is None or len(op) != 16:
				raise ValueError("OP or OPc of 16 bytes needed")
			opc = _xor(self._e(op), op)
		if len(opc) != 16:
			raise ValueError("OPc must be 16 bytes")
		self.opc = opc

	def _e(self, block):
		return self._enc.update(block)

	def _out(self, temp, r, c):
		return _xor(self._e(_xor(_rot(_xor(temp, self.opc), r), _const(c))),
					self.opc)

	def f1(self, rand, sqn, amf):
		"""MAC-A and MAC-S (f1, f1*)"""
		temp = self._e(_xor(rand, self.opc))
		in1 = sqn + amf + sqn + amf
		out1 = _xor(self._e(_xor(temp, _rot(_xor(in1, self.opc), 64))),
					self.opc)
		return out1[:8], out1[8:]

	def f2345(self, rand):
		"""RES, CK, IK, AK (f2, f3, f4, f5) and AK* (f5*)"""
		temp = self._e(_xor(rand, self.opc))
		out2 = self._out(temp, 0, 1)
		out3 = self._out(temp, 32, 2)
		out4 = self._out(temp, 64, 4)
		out5 = self._out(temp, 96, 8)
		return out2[8:], out3, out4, out2[:6], out5[:6]

	def challenge(self, rand, autn):
		"""the USIM's side of AKA: checks MAC-A of AUTN (the SQN range is
		the S-CSCF's business in this test), returns (res, ck, ik)"""
		if len(rand) != 16 or len(autn) != 16:
			raise ValueError("RAND and AUTN must be 16 bytes each")
		res, ck, ik, ak, _ = self.f2345(rand)
		sqn = _xor(autn[:6], ak)
		mac_a, _ = self.f1(rand, sqn, autn[6:8])
		if mac_a != autn[8:]:
			raise ValueError("MAC-A of AUTN does not match (wrong K/OP?)")
		return res, ck, ik


# TS 33.203 Annex I: ESP keys from CK and IK
def integrity_key(alg, ik):
	if alg == "hmac-md5-96":
		return ik
	if alg == "hmac-sha-1-96":
		return ik + bytes(4)
	raise ValueError("unsupported alg " + alg)


def encryption_key(ealg, ck):
	if ealg == "des-ede3-cbc":
		return ck + ck[:8]
	if ealg == "aes-cbc":
		return ck
	if ealg == "null":
		return b""
	raise ValueError("unsupported ealg " + ealg)


def _fields(line):
	out = {}
	for word in line.split():
		if "=" in word:
			k, v = word.split("=", 1)
			out[k] = v
	return out


def selftest(milenage_file, expansion_file):
	"""checks every test set of milenage_file and the Annex I lines of
	expansion_file; returns a list of report lines, raises on a mismatch"""
	lines = []
	sets = 0
	ck1 = ik1 = None
	with open(milenage_file) as f:
		for line in f:
			if not line.startswith("set="):
				continue
			v = {k: bytes.fromhex(x) if k != "set" else x
				 for k, x in _fields(line).items()}
			m = Milenage(v["k"], opc=v["opc"])
			if "op" in v and Milenage(v["k"], op=v["op"]).opc != v["opc"]:
				raise AssertionError("set %s: OPc from OP" % v["set"])
			f1, f1s = m.f1(v["rand"], v["sqn"], v["amf"])
			res, ck, ik, ak, aks = m.f2345(v["rand"])
			got = {"f1": f1, "f1star": f1s, "f2": res, "f3": ck, "f4": ik,
				   "f5": ak, "f5star": aks}
			for name, value in got.items():
				if value != v[name]:
					raise AssertionError("set %s: %s is %s, expected %s" %
						(v["set"], name, value.hex(), v[name].hex()))
			autn = _xor(v["sqn"], ak) + v["amf"] + f1
			if m.challenge(v["rand"], autn) != (res, ck, ik):
				raise AssertionError("set %s: challenge" % v["set"])
			if v["set"] == "1":
				ck1, ik1 = ck, ik
			sets += 1
	if not sets:
		raise AssertionError("no test sets in " + milenage_file)
	lines.append("milenage: %d TS 35.207 test sets ok (f1 f1* f2 f3 f4 f5 "
				 "f5*, OPc, AUTN)" % sets)
	checked = 0
	with open(expansion_file) as f:
		for line in f:
			v = _fields(line)
			if line.startswith("ck="):
				if bytes.fromhex(v["ck"]) != ck1 or \
				   bytes.fromhex(v["ik"]) != ik1:
					raise AssertionError("CK/IK of set 1 differ")
			elif line.startswith("alg=") and "salt" not in v:
				got = integrity_key(v["alg"], ik1)
			elif line.startswith("ealg=") and "salt" not in v:
				got = encryption_key(v["ealg"], ck1)
			else:
				continue
			if "key" in v and not line.startswith("ck="):
				if got != bytes.fromhex(v["key"]):
					raise AssertionError("Annex I: " + line.strip())
				checked += 1
	if checked != 4:
		raise AssertionError("expected 4 Annex I keys, checked %d" % checked)
	lines.append("key expansion: %d TS 33.203 Annex I keys ok" % checked)
	return lines
