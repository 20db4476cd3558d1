#!/usr/bin/python3
"""A pvefw-logger for the lab: binds NFLOG group 0 over a raw NETLINK_NETFILTER socket, asks for
packet copies, and appends one line per packet to a pve-firewall.log in pvefw-logger's format:

  <vmid> <level> <chain> <dd/Mon/yyyy:HH:MM:SS> <+zzzz> <msg>IN=.. OUT=.. PHYSIN=.. PHYSOUT=..
  MAC=.. SRC=.. DST=.. LEN=.. TOS=0x.. PREC=0x.. TTL=.. ID=.. [DF] PROTO=..

The prefix ':<vmid>:<level>:<chain>: <msg>' is split exactly as pvefw-logger does it, falling
back to vmid 0, level 6, chain '-' and the raw prefix. Status lines ('starting pvefw logger',
'received terminate request (signal)', 'stopping pvefw logger') are written like the real daemon's.
Python 3 standard library only. Runs inside the namespace whose firewall it logs."""

import argparse
import errno
import os
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_ULOG = 4
NFULNL_MSG_PACKET = 0
NFULNL_MSG_CONFIG = 1
NFULA_CFG_CMD = 1
NFULA_CFG_MODE = 2
NFULNL_CFG_CMD_BIND = 1
NFULNL_CFG_CMD_PF_BIND = 3
NFULNL_COPY_PACKET = 2
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLA_TYPE_MASK = 0x3FFF

NFULA_PACKET_HDR = 1
NFULA_MARK = 2
NFULA_TIMESTAMP = 3
NFULA_IFINDEX_INDEV = 4
NFULA_IFINDEX_OUTDEV = 5
NFULA_IFINDEX_PHYSINDEV = 6
NFULA_IFINDEX_PHYSOUTDEV = 7
NFULA_PAYLOAD = 9
NFULA_PREFIX = 10
NFULA_HWHEADER = 16

LE_MAX = 512 - 4          # pvefw-logger: a line fits in 512 bytes
MAX_CHAIN_LEN = 28
ETH_P_IP = 0x0800
AF_BRIDGE = 7


def timestamp(seconds):
    # pvefw-logger: strftime("%d/%b/%Y:%H:%M:%S %z ") in local time, C locale month names.
    return time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime(seconds))


def split_prefix(prefix):
    """(vmid, level, chain, message) the way pvefw-logger's print_pkt parses the prefix."""
    if prefix is not None and prefix.startswith(":"):
        i = 1
        vmid = 0
        while i < len(prefix) and prefix[i] in "0123456789":
            vmid = vmid * 10 + int(prefix[i])
            i += 1
        if (i + 2 < len(prefix) and prefix[i] == ":" and "0" <= prefix[i + 1] <= "7"
                and prefix[i + 2] == ":"):
            level = int(prefix[i + 1])
            start = i + 3
            j = start
            while j < len(prefix) and prefix[j] not in ": ":
                j += 1
            length = j - start
            if (j + 1 < len(prefix) and prefix[j] == ":" and prefix[j + 1] == " "
                    and 0 < length <= MAX_CHAIN_LEN):
                return vmid, level, prefix[start:j], prefix[j + 2:]
    return 0, 6, "-", prefix


def device_name(index):
    try:
        return socket.if_indextoname(index)
    except OSError:
        return str(index)


def tcp_fields(data):
    if len(data) < 20:
        return f"PROTO=TCP LEN={len(data)} INVALID=LEN "
    sport, dport, seq, ack, offset_flags, window = struct.unpack("!HHIIHH", data[:16])
    flags = offset_flags & 0x3F
    out = f"PROTO=TCP SPT={sport} DPT={dport} SEQ={seq} ACK={ack} WINDOW={window} "
    for bit, name in ((0x20, "URG"), (0x10, "ACK"), (0x08, "PSH"), (0x04, "RST"),
                      (0x02, "SYN"), (0x01, "FIN")):
        if flags & bit:
            out += name + " "
    if flags & 0x20:
        out += f"URGP={struct.unpack('!H', data[18:20])[0]} "
    return out


def udp_fields(data):
    if len(data) < 8:
        return f"PROTO=UDP LEN={len(data)} INVALID=LEN "
    sport, dport, length = struct.unpack("!HHH", data[:6])
    return f"PROTO=UDP SPT={sport} DPT={dport} LEN={length}"


def icmp_fields(data):
    if len(data) < 8:
        return f"PROTO=ICMP LEN={len(data)} INVALID=LEN "
    icmp_type, code = data[0], data[1]
    out = f"PROTO=ICMP TYPE={icmp_type} CODE={code} "
    if icmp_type in (0, 8):
        ident, seq = struct.unpack("!HH", data[4:8])
        out += f"ID={ident} SEQ={seq} "
    elif icmp_type == 12:
        out += f"PARAMETER={data[4]} "
    elif icmp_type == 5:
        out += f"GATEWAY={socket.inet_ntoa(data[4:8])} "
    elif icmp_type == 3 and code == 4:
        out += f"MTU={struct.unpack('!H', data[6:8])[0]} "
    return out


def ip_fields(payload):
    if len(payload) < 20:
        return f"LEN={len(payload)} INVALID=LEN "
    ihl = (payload[0] & 0x0F) * 4
    if len(payload) <= ihl:
        return "INVALID=IHL "
    tos, total, ident, frag, ttl, proto = struct.unpack("!xBHHHBB", payload[:10])
    out = (f"SRC={socket.inet_ntoa(payload[12:16])} DST={socket.inet_ntoa(payload[16:20])} "
           f"LEN={total} TOS=0x{tos & 0x1E:02X} PREC=0x{tos & 0xE0:02X} TTL={ttl} ID={ident} ")
    if frag & 0x1FFF:
        out += f"FRAG={frag & 0x1FFF} "
    if frag & 0x4000:
        out += "DF "
    if frag & 0x2000:
        out += "MF "
    rest = payload[ihl:]
    if proto == 6:
        out += tcp_fields(rest)
    elif proto == 17:
        out += udp_fields(rest)
    elif proto == 1:
        out += icmp_fields(rest)
    elif proto == 132:
        out += (f"PROTO=SCTP LEN={len(rest)} INVALID=LEN " if len(rest) < 12 else
                "PROTO=SCTP SPT=%u DPT=%u " % struct.unpack("!HH", rest[:4]))
    elif proto in (51, 50, 2):
        out += {51: "PROTO=AH ", 50: "PROTO=ESP ", 2: "PROTO=IGMP "}[proto]
    else:
        out += f"PROTO={proto} "
    return out


def attributes(data):
    attrs = {}
    offset = 0
    while offset + 4 <= len(data):
        length, kind = struct.unpack("=HH", data[offset:offset + 4])
        if length < 4:
            break
        attrs[kind & NLA_TYPE_MASK] = data[offset + 4:offset + length]
        offset += (length + 3) & ~3
    return attrs


def packet_line(family, attrs, now):
    raw_prefix = attrs.get(NFULA_PREFIX)
    prefix = raw_prefix.split(b"\0", 1)[0].decode("utf-8", "replace") if raw_prefix else None
    vmid, level, chain, message = split_prefix(prefix)
    seconds = now
    if NFULA_TIMESTAMP in attrs and len(attrs[NFULA_TIMESTAMP]) >= 16:
        seconds = struct.unpack("!QQ", attrs[NFULA_TIMESTAMP][:16])[0] or now
    line = f"{vmid} {level} {chain} {timestamp(seconds)} "
    if message is not None:
        line += message
    for kind, key in ((NFULA_IFINDEX_INDEV, "IN"), (NFULA_IFINDEX_OUTDEV, "OUT"),
                      (NFULA_IFINDEX_PHYSINDEV, "PHYSIN"), (NFULA_IFINDEX_PHYSOUTDEV, "PHYSOUT")):
        if kind in attrs:
            index = struct.unpack("!I", attrs[kind][:4])[0]
            if index > 0:
                line += f"{key}={device_name(index)} "
    if attrs.get(NFULA_HWHEADER):
        line += "MAC=" + ":".join(f"{b:02x}" for b in attrs[NFULA_HWHEADER]) + " "
    payload = attrs.get(NFULA_PAYLOAD, b"")
    if family == socket.AF_INET:
        line += ip_fields(payload)
    elif family == socket.AF_INET6:
        line += "IPV6 logging not implemented "
    elif family == AF_BRIDGE and NFULA_PACKET_HDR in attrs:
        if struct.unpack("!H", attrs[NFULA_PACKET_HDR][:2])[0] == ETH_P_IP:
            line += ip_fields(payload)
    mark = struct.unpack("!I", attrs[NFULA_MARK][:4])[0] if NFULA_MARK in attrs else 0
    if mark:
        line += f"mark={mark} "
    return line[:LE_MAX - 1] + "\n"


class Logger:
    def __init__(self, path, group):
        self.out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.group = group
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        self.sock.bind((0, 0))
        self.sock.settimeout(5)
        self.seq = 0
        self.stop = False

    def write(self, text):
        os.write(self.out, text.encode("utf-8", "replace"))

    def status(self, level, text):
        self.write(f"0 {level} - {timestamp(time.time())} {text}\n")

    def config(self, family, res_id, nla_type, value):
        self.seq += 1
        attr = struct.pack("=HH", 4 + len(value), nla_type) + value
        attr += b"\0" * (((len(attr) + 3) & ~3) - len(attr))
        body = struct.pack("!BBH", family, 0, res_id) + attr
        header = struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_CONFIG,
                             NLM_F_REQUEST | NLM_F_ACK, self.seq, 0)
        self.sock.send(header + body)
        self.expect_ack()

    def expect_ack(self):
        """Wait for the kernel's answer to the last request (packets arriving meanwhile are
        not ours to log yet: the daemon has not announced itself)."""
        for _ in range(100):
            data = self.sock.recv(65536)
            offset = 0
            while offset + 16 <= len(data):
                length, kind, _flags, seq = struct.unpack("=IHHI", data[offset:offset + 12])
                if length < 16:
                    break
                if kind == NLMSG_ERROR and seq == self.seq:
                    code = struct.unpack("=i", data[offset + 16:offset + 20])[0]
                    if code != 0:
                        raise OSError(-code, os.strerror(-code))
                    return
                offset += (length + 3) & ~3
        raise OSError(errno.ETIMEDOUT, "no answer from nfnetlink_log")

    def bind(self):
        for family in (socket.AF_INET, AF_BRIDGE):   # like nflog_bind_pf; a no-op on new kernels
            try:
                self.config(family, 0, NFULA_CFG_CMD, bytes([NFULNL_CFG_CMD_PF_BIND]))
            except OSError:
                pass
        self.config(socket.AF_UNSPEC, self.group, NFULA_CFG_CMD, bytes([NFULNL_CFG_CMD_BIND]))
        self.config(socket.AF_UNSPEC, self.group, NFULA_CFG_MODE,
                    struct.pack("!IBB", 0xFFFF, NFULNL_COPY_PACKET, 0))

    def handle(self, data):
        offset = 0
        while offset + 16 <= len(data):
            length, kind = struct.unpack("=IH", data[offset:offset + 6])
            if length < 16:
                break
            message = data[offset:offset + length]
            offset += (length + 3) & ~3
            if kind in (NLMSG_ERROR, NLMSG_DONE):
                continue
            if kind >> 8 != NFNL_SUBSYS_ULOG or kind & 0xFF != NFULNL_MSG_PACKET:
                continue
            family = message[16]
            self.write(packet_line(family, attributes(message[20:]), time.time()))

    def run(self):
        self.sock.settimeout(0.5)
        while not self.stop:
            try:
                data = self.sock.recv(262144)
            except socket.timeout:
                continue
            except InterruptedError:
                continue
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    self.status(3, "skipped log entries (socket buffer full)")
                    continue
                raise
            self.handle(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--log", required=True, help="the pve-firewall.log to append to")
    parser.add_argument("--group", type=int, default=0, help="NFLOG group (pve uses 0)")
    parser.add_argument("--pidfile", help="write the PID here, removed at exit")
    args = parser.parse_args()
    logger = Logger(args.log, args.group)
    try:
        logger.bind()
    except OSError as e:
        print(f"pvefw_logger: cannot bind NFLOG group {args.group}: {e}", file=sys.stderr)
        sys.exit(1)

    def terminate(_signum, _frame):
        if not logger.stop:
            logger.status(5, "received terminate request (signal)")
        logger.stop = True

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    if args.pidfile:
        with open(args.pidfile, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
    logger.status(5, "starting pvefw logger")
    try:
        logger.run()
    finally:
        logger.status(5, "stopping pvefw logger")
        if args.pidfile:
            try:
                os.unlink(args.pidfile)
            except OSError:
                pass


if __name__ == "__main__":
    main()
