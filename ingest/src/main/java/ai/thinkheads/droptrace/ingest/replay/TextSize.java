package ai.thinkheads.droptrace.ingest.replay;

/**
 * How many bytes of text a file holds, as far as can be told without reading it: a plain file's size, exactly; a
 * gzip file's from its trailer, whose ISIZE is the size modulo 4 GiB, so the text is {@code ISIZE + k * 4 GiB} for a
 * {@code k} that only the compressed size bounds (a deflate stream holds at most 1,032 bytes of text per byte, and
 * at least about one). A log of 4.4 GB compresses to 44 MB with a trailer saying 105 MB: taken as the size, a
 * progress share reached 100 % after 2 % of the file.
 *
 * @param least the smallest size the file can hold
 * @param most the largest
 * @param trailer the trailer's ISIZE, which every size possible agrees with modulo 4 GiB (the size itself when exact)
 */
public record TextSize(long least, long most, long trailer) {

    /** What ISIZE counts modulo. */
    static final long WRAP = 1L << 32;
    /** The most text a deflate stream holds per byte of it (258-byte matches in under two bits each). */
    private static final long MOST_PER_BYTE = 1032;

    public TextSize {
        if (least < 0 || most < least) {
            throw new IllegalArgumentException("sizes must be 0 <= least <= most, were " + least + ", " + most);
        }
    }

    public static TextSize exactly(long size) {
        return new TextSize(size, size, size);
    }

    /** The text of a gzip file of {@code compressed} bytes whose trailer says {@code isize} (read unsigned). */
    static TextSize ofGzip(long isize, long compressed) {
        // stored blocks add 5 bytes to 65,535; the header (with a name) and the trailer a few more
        long lower = Math.max(0, compressed - compressed / 8_192 - 65_536);
        long upper = Math.max(lower, compressed * MOST_PER_BYTE);
        long least = isize + ceilingWraps(lower - isize) * WRAP;
        long most = upper < isize ? least : isize + (upper - isize) / WRAP * WRAP;
        return new TextSize(least, Math.max(least, most), isize);
    }

    public boolean exact() {
        return least == most;
    }

    /**
     * Of the sizes possible, the one nearest {@code estimate} (say the text read so far over the share of the
     * compressed bytes read), and not below {@code read}, the text read already.
     */
    public long nearest(double estimate, long read) {
        long floor = Math.max(least, trailer + ceilingWraps(read - trailer) * WRAP);
        long wraps = Math.round((estimate - trailer) / WRAP);
        return Math.max(floor, Math.min(most, trailer + wraps * WRAP));
    }

    /** The fewest wraps of 4 GiB that make up {@code missing} bytes, none when nothing is. */
    private static long ceilingWraps(long missing) {
        return missing <= 0 ? 0 : (missing + WRAP - 1) / WRAP;
    }
}
