package ai.thinkheads.droptrace.core.firewall.net;

import java.util.Arrays;

/** An immutable set of ports 0-65535 as sorted, disjoint ranges. */
public final class PortSet {

    private final int[] starts;
    private final int[] ends;

    PortSet(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    public static PortSet of(int start, int end) {
        return new PortSet(new int[] {start}, new int[] {end});
    }

    /** Merges possibly overlapping ranges given as pairs. */
    static PortSet ofRanges(int[][] ranges) {
        int[][] sorted = ranges.clone();
        Arrays.sort(sorted, (a, b) -> Integer.compare(a[0], b[0]));
        int[] s = new int[sorted.length];
        int[] e = new int[sorted.length];
        int n = 0;
        for (int[] r : sorted) {
            if (n > 0 && r[0] <= e[n - 1] + 1) {
                e[n - 1] = Math.max(e[n - 1], r[1]);
            } else {
                s[n] = r[0];
                e[n] = r[1];
                n++;
            }
        }
        return new PortSet(Arrays.copyOf(s, n), Arrays.copyOf(e, n));
    }

    public boolean contains(int port) {
        if (starts.length == 1) {
            return port >= starts[0] && port <= ends[0];
        }
        for (int i = 0; i < starts.length; i++) {
            if (port < starts[i]) {
                return false;
            }
            if (port <= ends[i]) {
                return true;
            }
        }
        return false;
    }

    public boolean containsAll(PortSet other) {
        for (int i = 0; i < other.starts.length; i++) {
            boolean covered = false;
            for (int j = 0; j < starts.length && !covered; j++) {
                covered = starts[j] <= other.starts[i] && other.ends[i] <= ends[j];
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** The lowest port of the set. */
    public int first() {
        return starts[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet p && Arrays.equals(starts, p.starts) && Arrays.equals(ends, p.ends);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(starts) * 31 + Arrays.hashCode(ends);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < starts.length; i++) {
            sb.append(i == 0 ? "" : ",").append(starts[i]);
            if (ends[i] != starts[i]) {
                sb.append(':').append(ends[i]);
            }
        }
        return sb.toString();
    }
}
