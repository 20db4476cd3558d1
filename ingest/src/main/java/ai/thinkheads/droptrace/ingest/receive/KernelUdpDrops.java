package ai.thinkheads.droptrace.ingest.receive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The kernel's per-socket drop counter of a UDP port, read from {@code /proc/net/udp} and {@code udp6}. */
final class KernelUdpDrops {

    private KernelUdpDrops() {
    }

    /** Sum of the "drops" column of the sockets bound to {@code port}; -1 when /proc is not readable. */
    static long forPort(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        long total = -1;
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 12 && f[1].endsWith(hexPort)) {
                        total = Math.max(total, 0) + Long.parseLong(f[f.length - 1]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux, or not readable: unknown
            }
        }
        return total;
    }
}
