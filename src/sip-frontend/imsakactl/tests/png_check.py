#!/usr/bin/python3
# png_check.py PNG [RRGGBB...]: decodes a PNG (8 bit RGB or RGBA, not
# interlaced; what Chromium's screenshots are) with zlib alone and prints
# "WIDTHxHEIGHT colours=N nonwhite=P% has-RRGGBB=yes|no ..."; exits 1 if
# the image is blank (fewer than 3 colours or under 1 % non-white pixels)
# or a colour asked for is missing.
import struct
import sys
import zlib


def chunks(data):
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    pos = 0
    for _ in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xff
        elif ftype == 2:
            line = bytearray((a + b) & 0xff for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xff
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xff
        elif ftype != 0:
            raise ValueError("bad filter type %d" % ftype)
        rows.append(bytes(line))
        prev = line
    return rows


def main():
    data = open(sys.argv[1], "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        print("not a PNG")
        return 1
    idat = b""
    for kind, body in chunks(data):
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = \
                struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    if depth != 8 or ctype not in (2, 6) or interlace:
        print("unsupported PNG: depth %d type %d" % (depth, ctype))
        return 1
    bpp = 3 if ctype == 2 else 4
    rows = unfilter(zlib.decompress(idat), width, height, bpp)
    colours = {}
    for row in rows:
        for i in range(0, len(row), bpp):
            px = row[i:i + 3]
            colours[px] = colours.get(px, 0) + 1
    total = width * height
    nonwhite = total - colours.get(b"\xff\xff\xff", 0)
    out = "%dx%d colours=%d nonwhite=%.1f%%" % (width, height, len(colours),
                                               100.0 * nonwhite / total)
    ok = len(colours) >= 3 and nonwhite * 100 >= total
    for want in sys.argv[2:]:
        has = bytes.fromhex(want) in colours
        out += " has-%s=%s" % (want, "yes" if has else "no")
        ok = ok and has
    print(out)
    return 0 if ok else 1


sys.exit(main())
