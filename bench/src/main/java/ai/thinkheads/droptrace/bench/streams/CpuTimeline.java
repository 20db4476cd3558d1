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
 * machine was.
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
                    + "threads %.2f, jit+gc+vm %.2f", (now - startNanos) / 1_000_000_000L, os.getCpuLoad() * cores,
                    jvm, stream, other, Math.max(0, jvm - stream - other)));
        }
    }

    void print() {
        System.out.printf(Locale.ROOT, "CPU per second, in cores:%n");
        lines.forEach(System.out::println);
    }
}
