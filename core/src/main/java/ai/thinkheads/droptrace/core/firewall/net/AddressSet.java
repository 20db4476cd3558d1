package ai.thinkheads.droptrace.core.firewall.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of addresses as sorted, disjoint, merged ranges in the 128-bit space of
 * {@link IpAddress}; lookups are a binary search. Built from CIDRs and ranges, with ipset
 * {@code nomatch} entries honoured the way the kernel's {@code hash:net} does: the most specific
 * matching prefix decides, so {@code 10.0.0.0/8} with {@code !10.1.0.0/16} and {@code 10.1.2.0/24}
 * contains 10.1.2.3 but not 10.1.3.3.
 */
public final class AddressSet {

    public static final AddressSet EMPTY = new AddressSet(new long[0], new long[0], new long[0], new long[0]);

    /** The IPv4 addresses' block of the 128-bit space, {@code ::ffff:0:0/96} (see {@link IpAddress}). */
    private static final long V4_START_LO = IpAddress.V4_MAPPED_LO_PREFIX;
    private static final long V4_END_LO = IpAddress.V4_MAPPED_LO_PREFIX | 0xffff_ffffL;

    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;

    private AddressSet(long[] startHi, long[] startLo, long[] endHi, long[] endLo) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static AddressSet of(AddressRange... ranges) {
        Builder b = builder();
        for (AddressRange r : ranges) {
            b.add(r, false);
        }
        return b.build();
    }

    public boolean isEmpty() {
        return startHi.length == 0;
    }

    /** Number of disjoint ranges. */
    public int rangeCount() {
        return startHi.length;
    }

    public AddressRange range(int i) {
        return new AddressRange(startHi[i], startLo[i], endHi[i], endLo[i], versionOf(startHi[i], startLo[i]));
    }

    public boolean contains(IpAddress address) {
        return contains(address.hi(), address.lo());
    }

    public boolean contains(long hi, long lo) {
        int low = 0;
        int high = startHi.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (U128.compare(startHi[mid], startLo[mid], hi, lo) > 0) {
                high = mid - 1;
            } else if (U128.compare(endHi[mid], endLo[mid], hi, lo) < 0) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** True when every address of {@code other} is in this set. */
    public boolean containsAll(AddressSet other) {
        int j = 0;
        for (int i = 0; i < other.startHi.length; i++) {
            while (j < startHi.length && U128.compare(endHi[j], endLo[j], other.startHi[i], other.startLo[i]) < 0) {
                j++;
            }
            if (j == startHi.length
                    || U128.compare(startHi[j], startLo[j], other.startHi[i], other.startLo[i]) > 0
                    || U128.compare(endHi[j], endLo[j], other.endHi[i], other.endLo[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the set has addresses of IP version {@code version}. */
    public boolean hasVersion(int version) {
        for (int i = 0; i < startHi.length; i++) {
            if (versionOf(startHi[i], startLo[i]) == version || versionOf(endHi[i], endLo[i]) == version) {
                return true;
            }
        }
        return false;
    }

    static int versionOf(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xffffL ? 4 : 6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressSet s && Arrays.equals(startHi, s.startHi) && Arrays.equals(startLo, s.startLo)
                && Arrays.equals(endHi, s.endHi) && Arrays.equals(endLo, s.endLo);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startLo) * 31 + Arrays.hashCode(endLo);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < startHi.length && i < 8; i++) {
            sb.append(i == 0 ? "" : ",").append(range(i));
        }
        if (startHi.length > 8) {
            sb.append(",... (").append(startHi.length).append(" ranges)");
        }
        return sb.toString();
    }

    /** Collects ranges and prefixes; {@link #build()} applies nomatch and merges. */
    public static final class Builder {

        private final List<Entry> entries = new ArrayList<>();
        private boolean anyNomatch;

        /**
         * Adds a range; an IPv6 range leaves out the block IPv4 addresses take here ({@code ::ffff:0:0/96}):
         * pve-firewall puts an IPv6 entry or address ({@code ::/8}, {@code ::ffff:10.0.0.1}) in its IPv6 set and
         * ip6tables rules only, which no IPv4 packet meets.
         */
        public Builder add(AddressRange range, boolean nomatch) {
            if (range.version() == 6 && U128.compare(range.startHi(), range.startLo(), 0L, V4_END_LO) <= 0
                    && U128.compare(range.endHi(), range.endLo(), 0L, V4_START_LO) >= 0) {
                if (U128.compare(range.startHi(), range.startLo(), 0L, V4_START_LO) < 0) {
                    entry(range.startHi(), range.startLo(), 0L, V4_START_LO - 1, nomatch);
                }
                if (U128.compare(range.endHi(), range.endLo(), 0L, V4_END_LO) > 0) {
                    entry(0L, V4_END_LO + 1, range.endHi(), range.endLo(), nomatch);
                }
                return this;
            }
            entry(range.startHi(), range.startLo(), range.endHi(), range.endLo(), nomatch);
            return this;
        }

        private void entry(long sHi, long sLo, long eHi, long eLo, boolean nomatch) {
            entries.add(new Entry(sHi, sLo, eHi, eLo, nomatch));
            anyNomatch |= nomatch;
        }

        public Builder addAll(AddressSet set) {
            for (int i = 0; i < set.rangeCount(); i++) {
                add(set.range(i), false);
            }
            return this;
        }

        public AddressSet build() {
            List<Entry> plain = anyNomatch ? resolveNomatch(entries) : entries;
            return merge(plain);
        }

        private static List<Entry> resolveNomatch(List<Entry> all) {
            List<Entry> sorted = new ArrayList<>(all);
            // by start, the wider range first: a parent comes before the prefixes nested in it
            Comparator<Entry> byStart = (a, b) -> U128.compare(a.sHi, a.sLo, b.sHi, b.sLo);
            sorted.sort(byStart.thenComparing((a, b) -> U128.compare(b.eHi, b.eLo, a.eHi, a.eLo)));
            List<Node> roots = new ArrayList<>();
            List<Node> stack = new ArrayList<>();
            for (Entry e : sorted) {
                while (!stack.isEmpty() && U128.compare(stack.get(stack.size() - 1).entry.eHi,
                        stack.get(stack.size() - 1).entry.eLo, e.sHi, e.sLo) < 0) {
                    stack.remove(stack.size() - 1);
                }
                Node node = new Node(e);
                if (stack.isEmpty()) {
                    roots.add(node);
                } else {
                    Node parent = stack.get(stack.size() - 1);
                    if (parent.entry.sameRange(e)) {
                        // one network twice (an alias and its address, the local network pve-firewall adds to
                        // management): generate_ipset_chains keeps one entry per network, the last one
                        parent.entry = e;
                        continue;
                    }
                    parent.children.add(node);
                }
                stack.add(node);
            }
            List<Entry> out = new ArrayList<>();
            for (Node root : roots) {
                emit(root, out);
            }
            return out;
        }

        private static void emit(Node node, List<Entry> out) {
            Entry e = node.entry;
            if (!e.nomatch) {
                long curHi = e.sHi;
                long curLo = e.sLo;
                boolean done = false;
                for (Node child : node.children) {
                    Entry c = child.entry;
                    if (U128.compare(c.sHi, c.sLo, curHi, curLo) > 0) {
                        long gapEndLo = c.sLo - 1;
                        long gapEndHi = c.sLo == 0 ? c.sHi - 1 : c.sHi;
                        out.add(new Entry(curHi, curLo, gapEndHi, gapEndLo, false));
                    }
                    if (U128.isMax(c.eHi, c.eLo)) {
                        done = true;
                        break;
                    }
                    curLo = c.eLo + 1;
                    curHi = c.eLo == -1L ? c.eHi + 1 : c.eHi;
                }
                if (!done && U128.compare(curHi, curLo, e.eHi, e.eLo) <= 0) {
                    out.add(new Entry(curHi, curLo, e.eHi, e.eLo, false));
                }
            }
            for (Node child : node.children) {
                emit(child, out);
            }
        }

        private static AddressSet merge(List<Entry> list) {
            List<Entry> sorted = new ArrayList<>();
            for (Entry e : list) {
                if (!e.nomatch) {
                    sorted.add(e);
                }
            }
            sorted.sort((a, b) -> U128.compare(a.sHi, a.sLo, b.sHi, b.sLo));
            List<long[]> merged = new ArrayList<>();
            for (Entry e : sorted) {
                if (!merged.isEmpty()) {
                    long[] last = merged.get(merged.size() - 1);
                    boolean touches = U128.isMax(last[2], last[3])
                            || U128.compare(e.sHi, e.sLo, last[3] == -1L ? last[2] + 1 : last[2], last[3] + 1) <= 0;
                    if (touches) {
                        if (U128.compare(e.eHi, e.eLo, last[2], last[3]) > 0) {
                            last[2] = e.eHi;
                            last[3] = e.eLo;
                        }
                        continue;
                    }
                }
                merged.add(new long[] {e.sHi, e.sLo, e.eHi, e.eLo});
            }
            int n = merged.size();
            long[] sH = new long[n];
            long[] sL = new long[n];
            long[] eH = new long[n];
            long[] eL = new long[n];
            for (int i = 0; i < n; i++) {
                long[] r = merged.get(i);
                sH[i] = r[0];
                sL[i] = r[1];
                eH[i] = r[2];
                eL[i] = r[3];
            }
            return new AddressSet(sH, sL, eH, eL);
        }
    }

    private record Entry(long sHi, long sLo, long eHi, long eLo, boolean nomatch) {
        boolean sameRange(Entry o) {
            return sHi == o.sHi && sLo == o.sLo && eHi == o.eHi && eLo == o.eLo;
        }
    }

    private static final class Node {
        Entry entry;
        final List<Node> children = new ArrayList<>();

        Node(Entry entry) {
            this.entry = entry;
        }
    }
}
