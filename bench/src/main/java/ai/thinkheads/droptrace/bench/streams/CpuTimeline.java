package ai.thinkheads.droptrace.bench.streams;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once a second, the machine's CPU load, this JVM's, and the CPU the stream threads, the JIT
 * compilers and the rest of the JVM used in that second, in cores ({@code TailAlertLatency
 * --stages}): whether a slow second was one where the stream thread was busy, or one where the
 * machine was. On Linux also the busiest stream thread's share of that second spent on a CPU,
 * runnable but waiting for one (the kernel's {@code /proc/self/task/<tid>/schedstat}), and
 * neither (blocked: waiting for the broker, sleeping).
 */
final class CpuTimeline {

    private final List<String> lines = new ArrayList<>();

    void sample(AtomicBoolean stop, long startNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cores = os.getAvailableProcessors();
        Map<Long, Long> before = new HashMap<>();
        long processBefore = os.getProcessCpuTime();
        long at = System.nanoTime();
        Map<String, long[]> sched = new HashMap<>();
        for (int i = 0; i < 600 && !stop.get(); i++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            double wall = now - at;
            double stream = 0;
            double other = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                Long was = before.put(info.getThreadId(), cpu);
                double used = cpu < 0 || was == null ? 0 : (cpu - was) / wall;
                if (info.getThreadName().matches(".*StreamThread-\\d+")) {
                    stream += used;
                } else {
                    other += used;
                }
            }
            long process = os.getProcessCpuTime();
            double jvm = (process - processBefore) / wall;
            processBefore = process;
            at = now;
            lines.add(String.format(Locale.ROOT, "  s %2d: machine %.2f, jvm %.2f, stream thread(s) %.2f, other java "
                    + "threads %.2f, jit+gc+vm %.2f%s", (now - startNanos) / 1_000_000_000L, os.getCpuLoad() * cores,
                    jvm, stream, other, Math.max(0, jvm - stream - other), streamThreadSched(sched, wall)));
        }
    }

    /**
     * The busiest thread named like a stream thread (Linux truncates names to 15 characters, so the
     * application id's prefix; the global thread is idle here): its shares of the second on a CPU,
     * runnable waiting for one, and blocked.
     */
    private static String streamThreadSched(Map<String, long[]> before, double wall) {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return "";
        }
        double bestRun = -1;
        double bestWait = 0;
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (var dir : (Iterable<java.nio.file.Path>) dirs::iterator) {
                String comm = java.nio.file.Files.readString(dir.resolve("comm")).trim();
                if (!comm.startsWith("bench-tail-ale")) {
                    continue;
                }
                String[] f = java.nio.file.Files.readString(dir.resolve("schedstat")).trim().split(" ");
                long[] now = {Long.parseLong(f[0]), Long.parseLong(f[1])};
                long[] was = before.put(dir.getFileName().toString(), now);
                if (was != null && (now[0] - was[0]) / wall > bestRun) {
                    bestRun = (now[0] - was[0]) / wall;
                    bestWait = (now[1] - was[1]) / wall;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
        return bestRun < 0 ? "" : String.format(Locale.ROOT, "; stream thread on cpu %.2f, runnable waiting %.2f, "
                + "blocked %.2f", bestRun, bestWait, Math.max(0, 1 - bestRun - bestWait));
    }

    void print() {
        System.out.printf(Locale.ROOT, "CPU per second, in cores:%n");
        lines.forEach(System.out::println);
    }
}
