#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/seeds/<target>/): a few small valid inputs per target, and a few near misses.

Run it again after changing a target's input format; the files it writes are checked in.
"""
import base64
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "seeds")


def frame(opcode, payload=b"", fin=True, mask=b"\x37\xfa\x21\x3d", length_form=None):
    first = (0x80 if fin else 0) | opcode
    n = len(payload)
    if length_form == 16 or (length_form is None and 126 <= n <= 0xFFFF):
        head = bytes([first, 0x80 | 126]) + struct.pack(">H", n)
    elif length_form == 64 or (length_form is None and n > 0xFFFF):
        head = bytes([first, 0x80 | 127]) + struct.pack(">Q", n)
    else:
        head = bytes([first, 0x80 | n])
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def upgrade(target="/engine.io/?EIO=4&transport=websocket", extra=""):
    return (f"GET {target} HTTP/1.1\r\nHost: localhost:3000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{extra}\r\n").encode()


seeds = {
    "engine-packet": [b"2", b"3probe", b"4hello", b'40{"token":"x"}', b"42[\"register\",\"job_1\"]", b"5", b"6", b"7", b""],
    # First byte: segment size, body limit and Content-Length (see PollingPayloadTarget).
    "polling-payload": [
        b"\x40" + b"4hello\x1e4world",
        b"\x03" + b"2\x1e3\x1e6",
        b"\x45" + b"bAQID\x1e4x",
        b"\x10" + b"4" + "é€".encode(),
        b"\x00" + b"b!!!",
        b"\x31" + b"\x1e\x1e",
        b"\x21" + b"42[\"a\"]",
    ],
    # Bytes 0-1: block size and flags, read size (see WebSocketFramesTarget); then the client's frames.
    "websocket-frames": [
        b"\x03\x07" + frame(0x1, b"4hello") + frame(0x8, struct.pack(">H", 1000)),
        b"\x21\x01" + frame(0x1, "héllo €".encode(), fin=False) + frame(0x9, b"ping") + frame(0x0, b" world") + frame(0x8),
        b"\x40\x10" + frame(0x2, bytes(range(200))) + frame(0xA, b"") + frame(0x8, struct.pack(">H", 4000) + b"bye"),
        b"\x10\x1f" + frame(0x2, b"x" * 100),
        b"\x00\x05" + frame(0x1, b"\xed\xa0\x80"),
        b"\x00\x05" + frame(0x1, b"ab", length_form=64) + frame(0x8, b"\x03"),
        b"\x07\x02" + frame(0x1, b"\xf0\x9f\x98", fin=False) + frame(0x0, b"\x80"),
        b"\x00\x00" + bytes([0x81, 0x05]) + b"hello",
        b"\x00\x00" + bytes([0xC1, 0x80]) + b"\0\0\0\0",
    ],
    "upgrade-head": [
        upgrade() + b"\x81\x80",
        upgrade(extra="Origin: http://example.com\r\nX-Twice: a\r\nX-Twice: b\r\n"),
        upgrade(target="/engine.io/../x"),
        upgrade(target="/other/"),
        upgrade(extra="Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"),
        b"POST /engine.io/ HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        b"GET /engine.io/ HTTP/1.1\r\nHost: a\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ],
    # The text packet, then each attachment after a 0x00 byte (see SocketIoPacketTarget).
    "socketio-packet": [
        b"0",
        b'0/admin,{"token":"abc"}',
        b'2["hello",1,"two",{"three":[4]}]',
        b'2/chat,17["message","hi"]',
        b'3/chat,17["ok"]',
        b"31[]",
        b'51-["upload",{"_placeholder":true,"num":0}]\x00\x01\x02\x03',
        b'62-/nsp,9[{"_placeholder":true,"num":1},{"a":{"_placeholder":true,"num":0}}]\x00abc\x00',
        b'5-1["x"]',
        b"1/chat,",
        b'2["\\ud800"]',
        b'4{"message":"no"}',
        # Found by fuzzing (issue 17): a name that makes the placeholder lookup throw, an event name that is not UTF-8.
        b'51-["e",{"_placeholder":true,"num":0},{"\\ud800\\ud800\\ud800":1}]\x00\x01',
        b'2["a\xffb",1]',
        # Found by the campaign: a placeholder whose num is not a number; a name ValueEquals cannot unescape.
        b'62-/nsp,9[{"_placeholder":true,"num":{"_per":true}}]\x00abc\x00',
        b'2/,5["\\ud8001ei"]',
    ],
    # A JSON array of arguments; two attachments exist (see JsonArgumentsTarget).
    # socket.io-msgpack-parser 3.0.2's bytes for the official client's packets (tests/SocketIo.Tests/Protocol/Msgpack/golden.txt).
    "msgpack-packet": [
        bytes.fromhex("82a47479706500a36e7370a12f"),
        bytes.fromhex("83a47479706500a46461746182a5746f6b656ea374306ba16e01a36e7370a52f63686174"),
        bytes.fromhex("84a47479706502a46461746194a46a736f6e82a16101a46c69737493c3c0a178cb400c000000000000d1ff38a76f7074696f6e7381a8636f6d7072657373c3a36e7370a12f"),
        bytes.fromhex("85a47479706502a46461746194a662696e617279c4020908c7030007060581a466696c65c403686579a76f7074696f6e7381a8636f6d7072657373c3a269640ca36e7370a52f63686174"),
        bytes.fromhex("84a47479706503a4646174619281a6616e7377657201c4020102a2696400a36e7370a12f"),
        bytes.fromhex("82a47479706501a36e7370a52f63686174"),
        # Near misses: trailing byte, a BINARY_EVENT type, a negative id.
        bytes.fromhex("82a47479706500a36e7370a12f00"),
        bytes.fromhex("83a47479706505a46461746191a165a36e7370a12f"),
        bytes.fromhex("84a47479706502a46461746191a165a2696401ffa36e7370a12f".replace("01ff", "ff")),
    ],
    "json-args": [
        b'["job_1718000000000"]',
        b"[1]",
        b"[]",
        b'[null,true,"x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
        b'[{"name":"a","data":{"_placeholder":true,"num":0},"size":3}]',
        b'["AQID",[1,2,3],{"k":"v"}]',
        b'["\\ud800"]',
        b'["job:with.dots-and_underscores"]',
    ],
    "post-body": [
        b'{"topic":"Solar power","language":"en","length":"short"}',
        b'{"jobId":"job_1","userId":"u1","topic":"t","audience":"kids","style":"fun","sources":["a","b"],"language":"vi","length":"long"}',
        b'{"topic":""}',
        b'{"topic":5,"sources":"x","language":"fr","length":"huge"}',
        b"[]",
        b'{"topic":"\\ud800"}',
        b'{"jobId":null,"topic":"t","sources":[null]}',
        b'{"topic":"t","sources":[' + b",".join([b'"s"'] * 21) + b"]}",
        # Found by fuzzing (issue 17): a property name no string can hold, a value that is not UTF-8.
        b'{"topic":"ok","l\\ud800anguage":"en"}',
        b'{"topic":"a\xffb"}',
    ],
}

if os.path.isdir(SEEDS):
    shutil.rmtree(SEEDS)
for target, inputs in seeds.items():
    folder = os.path.join(SEEDS, target)
    os.makedirs(folder)
    for i, data in enumerate(inputs):
        with open(os.path.join(folder, f"seed-{i:02d}"), "wb") as f:
            f.write(data)
print(f"wrote {sum(len(v) for v in seeds.values())} seeds for {len(seeds)} targets into {SEEDS}")
