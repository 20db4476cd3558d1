package ai.thinkheads.droptrace.bench.ingest;

import ai.thinkheads.droptrace.bench.BenchWorkDir;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.topic.KeySerdes;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end ingest into the embedded broker, each path a separate JVM with {@code -Xmx256m}, in
 * one run on the same generated file: (1) a raw Kafka producer sending the pre-serialised records,
 * (2) {@code droptrace replay FILE}, (3) {@code droptrace ingest listen --tcp} fed at full speed by a
 * second process. Reports lines/s and the ratio of (2) and (3) to (1), for each of several rounds
 * (in the same run, one after the other) and their medians. The baseline runs before and after
 * each droptrace path, which is compared with the mean of the two.
 *
 * <p>Every JVM gets the same options: {@code -Dbench.jvm=...}, by default {@value #JVM_OPTIONS} (the
 * launcher's collector with a 256 MB heap). droptrace runs as users run it, through {@code bin/droptrace}
 * with its class archive ({@code -Dbench.cds=off} without); the raw producer runs as a plain JVM, or with a
 * class archive of its own with {@code -Dbench.rawCds=on}. One raw run warms the fresh broker up first.
 *
 * <pre>bench/run main ingest.IngestEndToEnd [LINES] [REPO_ROOT] [ROUNDS]</pre>
 */
public final class IngestEndToEnd {

    private static final Pattern PORT = Pattern.compile("listening on tcp://[^:]+:(\\d+)");
    static final String JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC";

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Path root = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (BenchWorkDir dir = BenchWorkDir.create("droptrace-e2e-bench-")) {
            run(lines, root, rounds, dir.path());
        }
    }

    private static void run(int lines, Path root, int rounds, Path work) throws Exception {
        Path input = work.resolve("pve-firewall.log");
        RealShapedLines.write(input, lines, 11);
        long records = serialise(input, work.resolve("records.bin"));
        System.out.printf("input: %,d lines (%,d event records pre-serialised for the baseline); JVM options: %s%n",
                lines, records, jvmOptions());
        DroptraceLauncher.prepare(root);
        List<Double> replayRatios = new ArrayList<>();
        List<Double> tcpRatios = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(work.resolve("kafka")).deleteOnClose(true)
                .property("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20))
                .property("file.delete.delay.ms", "1000").start()) { // deleted topics leave the disk at once
            String bootstrap = broker.bootstrapServers();
            warmUp(root, work, bootstrap, records);
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("round %d (load average %s)%n", round, CpuTimes.loadAverage());
                List<Namespace> namespaces = List.of(Namespace.of("bench-raw-" + round),
                        Namespace.of("bench-replay-" + round), Namespace.of("bench-tcp-" + round));
                try {
                    double[] ratios = round(root, work, bootstrap, input, lines, records, namespaces);
                    replayRatios.add(ratios[0]);
                    tcpRatios.add(ratios[1]);
                } finally {
                    deleteTopics(bootstrap, namespaces); // a round's records are not kept: the disk stays flat
                }
                System.out.printf("load average after round %d: %s%n", round, CpuTimes.loadAverage());
            }
        }
        System.out.printf("median over %d round(s): replay %.0f%% of raw (rounds %s), listen --tcp %.0f%% of raw (rounds %s)%n",
                rounds, 100 * CpuTimes.median(replayRatios), CpuTimes.percents(replayRatios),
                100 * CpuTimes.median(tcpRatios), CpuTimes.percents(tcpRatios));
    }

    /** One round: raw, replay, raw, listen --tcp, raw. Returns the replay and TCP ratios to the raw mean around each. */
    private static double[] round(Path root, Path work, String bootstrap, Path input, int lines, long records,
            List<Namespace> namespaces) throws Exception {
        Namespace rawNs = namespaces.get(0);
        Namespace replayNs = namespaces.get(1);
        Namespace tcpNs = namespaces.get(2);
        // Every path finds its topics there, as the baseline does: creating them is not what is measured.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicAdmin topics = new TopicAdmin(admin, 3, (short) 1, Duration.ofSeconds(30));
            for (Namespace ns : namespaces) {
                topics.ensure(ns, Topics.all());
            }
        }
        // The baseline runs before and after each droptrace path; each is compared with the mean of the
        // two around it, so that the neighbours' load on the shared machine weighs on both alike.
        double raw1 = raw(root, work, bootstrap, rawNs, records);
        double replay = timed(droptrace(root, "replay", input.toString(),
                "--bootstrap-servers", bootstrap, "--namespace", replayNs.name()), work, "replay");
        double raw2 = raw(root, work, bootstrap, rawNs, records);
        System.out.printf("droptrace replay: %.2f s, %,.0f lines/s (%.0f%% of raw)%n", replay, lines / replay,
                100 * (raw1 + raw2) / 2 / replay);
        double tcp = tcp(root, work, bootstrap, input, lines, tcpNs);
        double raw3 = raw(root, work, bootstrap, rawNs, records);
        System.out.printf("droptrace ingest listen --tcp, fed by a second process: %.2f s, %,.0f lines/s (%.0f%% of raw)%n",
                tcp, lines / tcp, 100 * (raw2 + raw3) / 2 / tcp);
        return new double[] {(raw1 + raw2) / 2 / replay, (raw2 + raw3) / 2 / tcp};
    }

    /**
     * One raw run before the rounds, not counted: a fresh broker runs its own code interpreted at first, and
     * without this the first timed run (the raw producer's, in round 1) pays for the broker's warm-up.
     */
    private static void warmUp(Path root, Path work, String bootstrap, long records) throws Exception {
        Namespace warmUp = Namespace.of("bench-warm-up");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicAdmin(admin, 3, (short) 1, Duration.ofSeconds(30)).ensure(warmUp, Topics.all());
        }
        System.out.println("warm-up of the broker (not counted):");
        try {
            trainRawArchive(root, work, bootstrap, warmUp);
            raw(root, work, bootstrap, warmUp, records);
        } finally {
            deleteTopics(bootstrap, List.of(warmUp));
        }
    }

    /** Deletes every topic of the namespaces, waiting at most 60 s; a failure is reported, not thrown. */
    static void deleteTopics(String bootstrap, List<Namespace> namespaces) {
        List<String> names = new ArrayList<>();
        namespaces.forEach(ns -> Topics.all().forEach(spec -> names.add(spec.name(ns))));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: could not delete the round's topics within 60 s: " + e);
        }
    }

    private static double raw(Path root, Path work, String bootstrap, Namespace ns, long records) throws Exception {
        double raw = timed(java(root, "ai.thinkheads.droptrace.bench.ingest.RawProducerBaseline", rawArchiveOptions(work),
                bootstrap, Topics.FIREWALL_EVENTS.name(ns), work.resolve("records.bin").toString()), work, "raw");
        System.out.printf("raw producer (pre-serialised): %.2f s, %,.0f records/s%n", raw, records / raw);
        return raw;
    }

    static String jvmOptions() {
        return System.getProperty("bench.jvm", JVM_OPTIONS);
    }

    /** Parses the input once and writes (key, value) of every event as the baseline will send them. */
    static long serialise(Path input, Path output) throws Exception {
        FirewallLineParser parser = new FirewallLineParser(SyslogYearAndZone.of(2025, ZoneOffset.UTC, Instant.EPOCH));
        String topic = "t";
        long count = 0;
        try (BufferedReader in = Files.newBufferedReader(input);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(output), 1 << 20))) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                if (parser.parse(line, Origin.of(input.toString(), ++n)) instanceof ParseResult.Parsed p) {
                    FirewallEvent e = p.event();
                    byte[] key = KeySerdes.flow().serializer().serialize(topic, e.flow());
                    byte[] value = Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize(topic, e);
                    out.writeInt(key.length);
                    out.write(key);
                    out.writeInt(value.length);
                    out.write(value);
                    count++;
                }
            }
        }
        return count;
    }

    /** What every JVM of the benchmark runs under: bash prints the CPU time of its children ({@code times}) at the end. */
    private static final String TIMED = "timeout --foreground 900 \"$@\"; status=$?; echo; echo CPU; times; exit $status";

    /**
     * A JVM of the benchmark's own classes with the benchmark's options under bash, which prints the CPU time of its
     * children at the end. {@code timeout --foreground} keeps the JVM in the harness's process group: a signal to the
     * group (Ctrl-C, an outer {@code timeout}) stops it along with the harness instead of leaving it orphaned.
     */
    static ProcessBuilder java(Path root, String mainClass, List<String> extraOptions, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = benchJar(root) + File.pathSeparator + root.resolve("bench/target/lib") + "/*";
        List<String> command = new ArrayList<>(List.of("bash", "-c", TIMED, "bash", java));
        command.addAll(List.of(jvmOptions().trim().split("\\s+")));
        command.addAll(extraOptions);
        command.addAll(List.of("-cp", cp, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** {@code bin/droptrace ARGS} as a user runs it ({@link DroptraceLauncher}), timed the same way. */
    static ProcessBuilder droptrace(Path root, String... args) {
        return DroptraceLauncher.command(root, TIMED, args);
    }

    /** The bench module's jar (a class archive takes classes from jars only). */
    private static Path benchJar(Path root) {
        try (var jars = Files.list(root.resolve("bench/target"))) {
            return jars.filter(f -> f.getFileName().toString().matches("droptrace-bench-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bench/target/droptrace-bench-*.jar: run mvn -q -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With {@code -Dbench.rawCds=on}, the raw producer gets a class archive of its own, made by a one-record run of
     * it before the first timed one, as droptrace's launcher makes its own: both then start the same way.
     */
    private static List<String> rawArchiveOptions(Path work) {
        return rawArchive() ? archiveOptions("-XX:SharedArchiveFile=" + work.resolve("raw.jsa")) : List.of();
    }

    private static boolean rawArchive() {
        return "on".equals(System.getProperty("bench.rawCds", "off"));
    }

    /** {@code option} with the JVM's class-archive messages off, as the launcher runs it. */
    private static List<String> archiveOptions(String option) {
        return List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", option);
    }

    private static void trainRawArchive(Path root, Path work, String bootstrap, Namespace ns) throws Exception {
        if (!rawArchive()) {
            return;
        }
        Path one = work.resolve("one-record.bin");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(work.resolve("records.bin"))));
                DataOutputStream out = new DataOutputStream(Files.newOutputStream(one))) {
            for (int k = 0; k < 2; k++) { // key, then value
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        Process p = java(root, "ai.thinkheads.droptrace.bench.ingest.RawProducerBaseline",
                archiveOptions("-XX:ArchiveClassesAtExit=" + work.resolve("raw.jsa")),
                bootstrap, Topics.FIREWALL_EVENTS.name(ns), one.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(work.resolve("raw.jsa"))) {
            p.destroyForcibly();
            throw new IllegalStateException("could not make the raw producer's class archive");
        }
        System.out.println("raw producer runs with a class archive of its own (-Dbench.rawCds=on)");
    }

    static String cpu(Path out) throws Exception {
        String text = Files.readString(out);
        int at = text.lastIndexOf("CPU\n");
        return at < 0 ? "?" : String.format("%.1f s CPU", CpuTimes.children(text.substring(at + 4)));
    }

    static double timed(ProcessBuilder builder, Path work, String name) throws Exception {
        long start = System.nanoTime();
        Process p = builder.redirectErrorStream(true).redirectOutput(work.resolve(name + ".out").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(name + " failed: " + Files.readString(work.resolve(name + ".out")));
        }
        System.out.print(Files.readString(work.resolve(name + ".out")).lines()
                .filter(l -> l.contains("read ") || l.contains("raw producer")).map(l -> "    " + l + "\n")
                .reduce("", String::concat));
        System.out.println("    " + name + ": " + cpu(work.resolve(name + ".out")) + " (user+sys of its JVM)");
        return (System.nanoTime() - start) / 1e9;
    }

    static double tcp(Path root, Path work, String bootstrap, Path input, int lines, Namespace ns) throws Exception {
        Process listener = droptrace(root, "ingest", "listen", "--bind",
                "127.0.0.1", "--tcp", "0", "--bootstrap-servers", bootstrap, "--namespace", ns.name())
                .redirectErrorStream(true).redirectOutput(work.resolve("listen.out").toFile()).start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int port = awaitPort(work.resolve("listen.out"), listener);
            long start = System.nanoTime();
            Process feeder = java(root, "ai.thinkheads.droptrace.bench.ingest.TcpFeeder", List.of(), Integer.toString(port),
                    input.toString()).inheritIO().start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (records(admin, ns) < lines) {
                if (System.nanoTime() > deadline || !listener.isAlive()) {
                    throw new IllegalStateException("TCP ingest did not finish: " + Files.readString(work.resolve("listen.out")));
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            feeder.waitFor(60, TimeUnit.SECONDS);
            return seconds;
        } finally {
            listener.toHandle().descendants().forEach(ProcessHandle::destroy);
            listener.waitFor(60, TimeUnit.SECONDS);
            System.out.println("    listener: " + cpu(work.resolve("listen.out")) + " (user+sys of its JVM, until stopped)");
        }
    }

    private static int awaitPort(Path out, Process listener) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && listener.isAlive()) {
            Matcher m = PORT.matcher(Files.readString(out));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the listener did not start: " + Files.readString(out));
    }

    /** Records in the namespace's event, status and dead-letter topics (every line lands in exactly one). */
    private static long records(Admin admin, Namespace ns) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (var spec : List.of(Topics.FIREWALL_EVENTS, Topics.UNPARSED, Topics.LOGGER_STATUS)) {
            for (int p = 0; p < 3; p++) {
                request.put(new TopicPartition(spec.name(ns), p), OffsetSpec.latest());
            }
        }
        ListOffsetsResult result = admin.listOffsets(request);
        long total = 0;
        for (TopicPartition tp : request.keySet()) {
            total += result.partitionResult(tp).get().offset();
        }
        return total;
    }
}
