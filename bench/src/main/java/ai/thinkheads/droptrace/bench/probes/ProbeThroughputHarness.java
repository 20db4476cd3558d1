package ai.thinkheads.droptrace.bench.probes;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import ai.thinkheads.droptrace.probes.schedule.ProbeScheduler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes per minute with bounded threads and memory: N probes at a 60 s interval (mixed tcp, udp,
 * http; half of them against loopback black holes that never answer), run for a while by the real
 * scheduler. Mode {@code local} probes with Java sockets; mode {@code tools} runs the same matrix
 * through a guest prefix ({@code env}) with {@code nc}/{@code curl}, which is how the Phoenix
 * scripts probed (one process per check).
 *
 * <pre>bench/run main probes.ProbeThroughputHarness [local|tools] [probes] [seconds] [concurrency]</pre>
 */
public final class ProbeThroughputHarness {

    private ProbeThroughputHarness() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "local";
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        try (Targets t = new Targets()) {
            StringBuilder yaml = new StringBuilder("""
                    site:
                      host: {name: bench, addresses: [127.0.0.1]}
                      guests:
                        - {vmid: 101, name: bench-guest, type: lxc, addresses: [127.0.0.1], exec: [env, "DROPTRACE_GUEST={vmid}"]}
                    defaults: {interval: 60s, timeout: 2s, jitter: 0.1}
                    probes:
                    """);
            String from = mode.equals("tools") ? "bench-guest" : "local";
            for (int i = 0; i < probes; i++) {
                String probe = switch (i % 8) {
                    case 0, 1 -> "{kind: tcp, port: " + t.open.getLocalPort() + "}";
                    case 2 -> "{kind: udp, port: " + t.echo.getLocalPort() + "}";
                    case 3 -> "{kind: http, port: " + t.http.getAddress().getPort() + ", http: {scheme: http, path: /health}}";
                    case 4, 5 -> "{kind: tcp, port: " + t.blackHole.getLocalPort() + "}";
                    default -> "{kind: udp, port: " + t.silent.getLocalPort() + "}";
                };
                yaml.append("  - {id: p").append(i).append(", from: ").append(from).append(", to: 127.0.0.1, ")
                        .append(probe, 1, probe.length()).append('\n');
            }
            ProbePlan plan = ProbePlan.of(ConfigLoader.parse(yaml.toString(), "bench"), "bench");
            Map<ProbeOutcome, AtomicLong> outcomes = new ConcurrentHashMap<>();
            AtomicLong maxThreads = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
            AtomicLong maxHeap = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxThreads.accumulateAndGet(Thread.activeCount(), Math::max);
                    Runtime rt = Runtime.getRuntime();
                    maxHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            long runs;
            try (ProbeScheduler scheduler = new ProbeScheduler(new ProbeExecutor(plan, new CommandRunner(), Clock.systemUTC()),
                    concurrency, 0.1, Clock.systemUTC())) {
                runs = scheduler.runFor(plan.probes(), Duration.ofSeconds(seconds),
                        (ProbeResult r) -> {
                            outcomes.computeIfAbsent(r.outcome(), o -> new AtomicLong()).incrementAndGet();
                            if (r.outcome() == ProbeOutcome.ERROR && firstError.get() == null) {
                                firstError.set(r.explanation());
                            }
                        });
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            sampler.interrupt();
            Map<ProbeOutcome, Long> sorted = new EnumMap<>(ProbeOutcome.class);
            outcomes.forEach((k, v) -> sorted.put(k, v.get()));
            System.out.printf("mode=%s probes=%d concurrency=%d duration=%.1fs runs=%d rate=%.0f/min outcomes=%s "
                    + "maxThreads=%d maxHeapMiB=%d process-cpu-s=%.1f%n", mode, probes, concurrency, minutes * 60, runs,
                    runs / minutes, sorted, maxThreads.get(), maxHeap.get() >> 20, cpuSeconds());
            if (firstError.get() != null) {
                System.out.println("first error: " + firstError.get());
            }
        }
    }

    private static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    /** Loopback targets: an accepting listener, a black hole, UDP echo and silent, an HTTP /health. */
    private static final class Targets implements AutoCloseable {
        final ServerSocket open;
        final ServerSocket blackHole;
        final List<Socket> fillers = new ArrayList<>();
        final DatagramSocket echo;
        final DatagramSocket silent;
        final HttpServer http;

        Targets() throws IOException {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            open = new ServerSocket(0, 1000, lo);
            daemon(() -> {
                while (!open.isClosed()) {
                    try (Socket s = open.accept()) {
                        s.getInputStream().read();
                    } catch (IOException e) {
                        // next
                    }
                }
            });
            // A listener that never accepts, its backlog filled: the kernel drops every further SYN.
            blackHole = new ServerSocket(0, 1, lo);
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                try {
                    s.connect(blackHole.getLocalSocketAddress(), 500);
                } catch (IOException e) {
                    // the queue is full: exactly what we want
                }
                fillers.add(s);
            }
            echo = new DatagramSocket(0, lo);
            daemon(() -> {
                byte[] b = new byte[2048];
                while (!echo.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(b, b.length);
                        echo.receive(p);
                        echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            silent = new DatagramSocket(0, lo);
            http = HttpServer.create(new InetSocketAddress(lo, 0), 200);
            http.createContext("/health", ex -> {
                byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            http.start();
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "bench-target");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            open.close();
            for (Socket s : fillers) {
                s.close();
            }
            blackHole.close();
            echo.close();
            silent.close();
            http.stop(0);
        }
    }
}
