package ai.thinkheads.droptrace.bench.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads bash's {@code times} output (two lines: the shell's user/sys, then its children's) so a
 * harness can report CPU time next to wall time: on a shared, loaded machine wall time mostly
 * measures the neighbours, CPU time measures the work.
 */
final class CpuTimes {

    private static final Pattern TIME = Pattern.compile("(\\d+)m([\\d.]+)s");

    private CpuTimes() {
    }

    /** user + sys seconds of the children (the second line of {@code times}). */
    static double children(String timesOutput) {
        String[] lines = timesOutput.strip().split("\n");
        String last = lines[lines.length - 1];
        Matcher m = TIME.matcher(last);
        double total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
        }
        return total;
    }

    /** The 1, 5 and 15 minute load averages of the machine, as the kernel reports them. */
    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double median(java.util.List<Double> values) {
        java.util.List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String percents(java.util.List<Double> ratios) {
        return ratios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList().toString();
    }
}
