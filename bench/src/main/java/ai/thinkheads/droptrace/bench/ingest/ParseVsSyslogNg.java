package ai.thinkheads.droptrace.bench.ingest;

import ai.thinkheads.droptrace.bench.BenchWorkDir;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code droptrace parse} against syslog-ng ({@code iptables-parser()} then {@code format-json} to a
 * file) on the same generated 2M-line file, each as its own process, in the same run, for several
 * rounds; droptrace's JVM gets {@code -Dbench.jvm} as in {@link IngestEndToEnd}. Then checks fields:
 * on UDP lines, which repeat {@code LEN=}, the IP length each tool reports.
 *
 * <pre>bench/run main ingest.ParseVsSyslogNg [LINES] [REPO_ROOT] [ROUNDS]</pre>
 */
public final class ParseVsSyslogNg {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Path root = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (BenchWorkDir dir = BenchWorkDir.create("droptrace-parse-bench-")) {
            run(lines, root, rounds, dir.path());
        }
    }

    private static void run(int lines, Path root, int rounds, Path work) throws Exception {
        Path input = work.resolve("pve-firewall.log");
        RealShapedLines.write(input, lines, 7);
        System.out.printf("input: %,d lines, %,d bytes; droptrace JVM options: %s%n", lines, Files.size(input),
                IngestEndToEnd.jvmOptions());
        DroptraceLauncher.prepare(root);
        java.util.List<Double> ratios = new java.util.ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d (load average %s)%n", round, CpuTimes.loadAverage());
            double ours = runDroptrace(root, input, work.resolve("droptrace.jsonl"));
            System.out.printf("droptrace parse: %.2f s, %,.0f lines/s%n", ours, lines / ours);
            double peer = runSyslogNg(input, work, lines);
            System.out.printf("syslog-ng iptables-parser -> format-json: %.2f s, %,.0f lines/s%n", peer, lines / peer);
            System.out.printf("ratio droptrace / syslog-ng: %.1fx (load average after the round %s)%n", peer / ours,
                    CpuTimes.loadAverage());
            ratios.add(peer / ours);
            if (round == 1) {
                compareUdpLengths(work.resolve("droptrace.jsonl"), work.resolve("syslog-ng.jsonl"));
            }
            Files.deleteIfExists(work.resolve("syslog-ng.jsonl"));
            Files.deleteIfExists(work.resolve("droptrace.jsonl"));
            Files.deleteIfExists(work.resolve("persist"));
        }
        System.out.printf("median over %d round(s): %.1fx (rounds %s)%n", rounds, CpuTimes.median(ratios),
                ratios.stream().map(r -> String.format("%.1fx", r)).toList());
    }

    static double runDroptrace(Path root, Path input, Path output) throws Exception {
        Path err = output.resolveSibling("droptrace.err");
        long start = System.nanoTime();
        ProcessBuilder builder = DroptraceLauncher.command(root, "timeout --foreground 600 \"$@\" > \"$OUT\" 2> \"$ERR\"; "
                + "status=$?; times; exit $status", "parse", input.toString()).redirectErrorStream(true);
        builder.environment().put("OUT", output.toString());
        builder.environment().put("ERR", err.toString());
        Process p = builder.start();
        String times = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("droptrace parse failed: " + Files.readString(err));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("  droptrace parse CPU time (user+sys): %.2f s%n", CpuTimes.children(times));
        return wall;
    }

    static double runSyslogNg(Path input, Path work, int lines) throws Exception {
        Path output = work.resolve("syslog-ng.jsonl");
        Path config = work.resolve("syslog-ng.conf");
        Files.writeString(config, "@version: 3.35\n@include \"scl.conf\"\n"
                + "options { stats-freq(0); flush-lines(10000); log-fifo-size(100000); };\n"
                + "source s_in { file(\"" + input + "\" flags(no-parse) follow-freq(1) log-fetch-limit(10000) "
                + "log-iw-size(100000)); };\n"
                + "parser p_fw { iptables-parser(); };\n"
                + "destination d_out { file(\"" + output + "\" template(\"$(format-json --scope none --key .iptables.*)\\n\")); };\n"
                + "log { source(s_in); parser(p_fw); destination(d_out); };\n");
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", "timeout --foreground 900 syslog-ng -F --no-caps -f \"$0\" --persist-file \"$1\" "
                + "--pidfile \"$2\" --control \"$3\" > \"$4\" 2>&1; times", config.toString(),
                work.resolve("persist").toString(), work.resolve("pid").toString(), work.resolve("ctl").toString(),
                work.resolve("syslog-ng.out").toString()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            long seen = 0;
            long offset = 0;
            while (seen < lines) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("syslog-ng exited: " + Files.readString(work.resolve("syslog-ng.out")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("syslog-ng did not finish within 15 minutes: " + seen + " lines");
                }
                Thread.sleep(100);
                if (Files.exists(output)) {
                    try (var channel = java.nio.channels.FileChannel.open(output)) {
                        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
                        int n;
                        while ((n = channel.read(buffer, offset)) > 0) {
                            for (int k = 0; k < n; k++) {
                                if (buffer.get(k) == '\n') {
                                    seen++;
                                }
                            }
                            offset += n;
                            buffer.clear();
                        }
                    }
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            String times = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            System.out.printf("  syslog-ng CPU time (user+sys, including its idle follow after the end): %.2f s%n",
                    CpuTimes.children(times));
            return wall;
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** UDP lines carry LEN= twice; the IP length is the first. Counts the lines where each tool got it right. */
    static void compareUdpLengths(Path ours, Path syslogNg) throws Exception {
        long udp = 0;
        long oursRight = 0;
        long peerRight = 0;
        long flagsGlued = 0;
        long icmp = 0;
        long icmpIpIdOurs = 0;
        long icmpIpIdPeer = 0;
        try (BufferedReader a = Files.newBufferedReader(ours); BufferedReader b = Files.newBufferedReader(syslogNg)) {
            String x;
            String y;
            while ((x = a.readLine()) != null && (y = b.readLine()) != null) {
                JsonNode event = Json.events().readTree(x);
                JsonNode kv = Json.events().readTree(y).path("_iptables");
                while (kv.isMissingNode() && (y = b.readLine()) != null) {
                    kv = Json.events().readTree(y).path("_iptables"); // a logger status line: no key=value pairs
                }
                String line = event.path("line").asText();
                int first = line.indexOf(" LEN=") + 5;
                String ipLength = line.substring(first, line.indexOf(' ', first));
                if (kv.path("ID").asText().contains(" ") || kv.path("WINDOW").asText().contains(" ")) {
                    flagsGlued++;
                }
                int idAt = line.indexOf(" ID=") + 4;
                String ipId = line.substring(idAt, line.indexOf(' ', idAt));
                if ("ICMP".equals(event.path("packet").path("protocol").asText())) {
                    icmp++;
                    icmpIpIdOurs += ipId.equals(event.path("packet").path("ipId").asText()) ? 1 : 0;
                    icmpIpIdPeer += kv.path("ID").asText().startsWith(ipId + " ") || kv.path("ID").asText().equals(ipId)
                            ? 1 : 0;
                }
                if ("UDP".equals(event.path("packet").path("protocol").asText())) {
                    udp++;
                    oursRight += ipLength.equals(event.path("packet").path("length").asText()) ? 1 : 0;
                    peerRight += ipLength.equals(kv.path("LEN").asText()) ? 1 : 0;
                }
            }
        }
        System.out.printf("UDP lines: %,d; IP length right: droptrace %,d, syslog-ng %,d%n", udp, oursRight, peerRight);
        System.out.printf("ICMP echo lines: %,d; IP id right: droptrace %,d, syslog-ng %,d (the echo ID= overwrites it)%n",
                icmp, icmpIpIdOurs, icmpIpIdPeer);
        System.out.printf("syslog-ng values with a flag word glued on (e.g. ID=\"1234 DF\", WINDOW=\"64240 SYN\"): %,d lines%n",
                flagsGlued);
    }
}
