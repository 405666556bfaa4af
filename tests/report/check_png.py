"""Checks a screenshot: a PNG of the expected size that is not one flat colour.

usage: check_png.py SHOT.png WIDTH HEIGHT
"""
import struct
import sys
import zlib


def main():
    path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    got = struct.unpack(">II", data[16:24])
    if got != (width, height):
        sys.exit(f"{path}: {got[0]}x{got[1]}, not {width}x{height}")
    # Concatenate the IDAT chunks and look at the decompressed scanlines.
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + length]
        at += 12 + length
    pixels = zlib.decompress(idat)
    distinct = len(set(pixels[i:i + 64] for i in range(0, min(len(pixels), 4_000_000), 64)))
    if distinct < 50:
        sys.exit(f"{path}: the page looks blank ({distinct} distinct blocks)")
    print(f"{path}: {width}x{height}, {len(data)} bytes, rendered")


if __name__ == "__main__":
    main()
