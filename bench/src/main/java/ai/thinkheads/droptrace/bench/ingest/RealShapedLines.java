package ai.thinkheads.droptrace.bench.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic mix of pve-firewall.log lines in the exact shapes pvefw-logger writes
 * (reference/pve-firewall.md sections 1 and 6): host and guest policy drops, rule actions
 * including the rewritten PVEFW-reject, security-group lines with an empty message, TCP with
 * trailing space, UDP with repeated LEN, ICMP echo with repeated ID/SEQ, IPv6, host OUT lines
 * without MAC, and a few logger status lines. Same seed, same lines.
 */
public final class RealShapedLines {

    private RealShapedLines() {
    }

    public static List<String> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            lines.add(line(random, n));
        }
        return lines;
    }

    public static void write(Path file, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int n = 0; n < count; n++) {
                out.write(line(random, n));
                out.write('\n');
            }
        }
    }

    static String line(SplittableRandom r, int n) {
        int kind = r.nextInt(1000);
        int vm = 100 + r.nextInt(20);
        String ts = String.format("%02d/Mar/2025:%02d:%02d:%02d +0100", 1 + n / 86_400 % 28, n / 3600 % 24,
                n / 60 % 60, n % 60);
        String src = "198.51." + r.nextInt(256) + "." + r.nextInt(256);
        String dst = "192.0.2." + r.nextInt(256);
        int id = r.nextInt(65536);
        int ttl = 32 + r.nextInt(200);
        int spt = 1024 + r.nextInt(64000);
        int[] ports = {22, 80, 443, 3306, 8443, 9000, 9443, 53, 3389, 25};
        int dpt = ports[r.nextInt(ports.length)];
        String bridge = "IN=fwbr" + vm + "i0 OUT=fwbr" + vm + "i0 PHYSIN=fwln" + vm + "i0 PHYSOUT=tap" + vm + "i0 "
                + "MAC=bc:24:11:12:34:56:00:1b:21:3a:4f:10:08:00 ";
        String host = "IN=vmbr0 PHYSIN=eno1 MAC=3c:ec:ef:10:20:30:00:1b:21:3a:4f:10:08:00 ";
        String ip4 = "SRC=" + src + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=" + ttl + " ID=" + id + " DF ";
        String tcp = "PROTO=TCP SPT=" + spt + " DPT=" + dpt + " SEQ=" + (r.nextLong() & 0xffffffffL)
                + " ACK=0 WINDOW=64240 SYN ";
        if (kind < 350) {
            return "0 6 PVEFW-HOST-IN " + ts + " policy DROP: " + host + ip4 + tcp;
        } else if (kind < 550) {
            return vm + " 6 tap" + vm + "i0-IN " + ts + " policy DROP: " + bridge + ip4 + tcp;
        } else if (kind < 680) {
            return vm + " 6 tap" + vm + "i0-IN " + ts + " policy DROP: " + bridge + "SRC=" + src + " DST=" + dst
                    + " LEN=78 TOS=0x00 PREC=0x00 TTL=" + ttl + " ID=" + id + " PROTO=UDP SPT=" + spt + " DPT=161 LEN=58";
        } else if (kind < 760) {
            return "0 6 PVEFW-HOST-IN " + ts + " policy DROP: " + host + "SRC=" + src + " DST=" + dst
                    + " LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=" + id + " DF PROTO=ICMP TYPE=8 CODE=0 ID="
                    + r.nextInt(65536) + " SEQ=" + r.nextInt(100) + " ";
        } else if (kind < 830) {
            return vm + " 1 tap" + vm + "i0-IN " + ts + " PVEFW-reject: " + bridge.replace("08:00 ", "86:dd ")
                    + "SRC=2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::5 DST=2001:db8:200::" + vm
                    + " LEN=40 TC=0 FLOWLBL=" + r.nextInt(1 << 20) + " HOPLIMIT=57 " + tcp;
        } else if (kind < 880) {
            return "0 6 GROUP-webservers-IN " + ts + " " + bridge + ip4 + tcp;
        } else if (kind < 930) {
            return vm + " 5 tap" + vm + "i0-OUT " + ts + " REJECT: " + bridge + ip4 + tcp;
        } else if (kind < 970) {
            return "0 4 PVEFW-HOST-IN " + ts + " ACCEPT: " + host + ip4 + tcp;
        } else if (kind < 998) {
            return "0 6 PVEFW-HOST-OUT " + ts + " policy DROP: OUT=vmbr0 SRC=" + dst + " DST=" + src
                    + " LEN=73 TOS=0x00 PREC=0x00 TTL=64 ID=" + id + " DF PROTO=UDP SPT=" + spt + " DPT=53 LEN=53";
        }
        return "0 3 - " + ts + " skipped " + r.nextInt(500) + " log entries (queue full)";
    }
}
