package ai.thinkheads.droptrace.ingest.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Opens a log file for reading lines, plain or gzip (told by its magic bytes, not its name), and
 * tells the compressions it does not read (xz, bzip2, zstd, zip) by theirs, and UTF-16 text (what
 * Windows tools write) by its byte order mark or its zero bytes.
 */
public final class LineSource {

    private LineSource() {
    }

    public static BufferedReader open(Path file) throws IOException {
        return lines(openBytes(file));
    }

    /** The lines of {@code raw} (gzip or not), as {@link #open(Path)} reads a file's: stdin given as {@code -}. */
    public static BufferedReader open(InputStream raw) throws IOException {
        return lines(uncompressed(raw));
    }

    private static BufferedReader lines(InputStream bytes) {
        return new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * The file's bytes, uncompressed when it is gzip; for reading in blocks ({@code LineBlockReader}).
     * A pipe works too ({@code <(zcat old.gz)}): the file is opened as a {@link FileInputStream},
     * whose {@code available()} asks the pipe, where JDK 17's channel stream tries to seek and fails.
     */
    public static InputStream openBytes(Path file) throws IOException {
        return uncompressed(new FileInputStream(file.toFile()));
    }

    /**
     * As {@link #openBytes(Path)}, with the file handed to {@code opened} before its first byte is read: closing
     * it from another thread ends a read that waits on a quiet pipe ({@link ClosableInput}).
     */
    public static InputStream openBytes(Path file, Consumer<? super ClosableInput> opened) throws IOException {
        return openBytes(new FileInputStream(file.toFile()), opened);
    }

    /** As {@link #openBytes(Path, Consumer)}, for a file opened before (a replay's files, opened at its start). */
    public static InputStream openBytes(FileInputStream file, Consumer<? super ClosableInput> opened) throws IOException {
        ClosableInput raw = new ClosableInput(file);
        opened.accept(raw);
        return uncompressed(raw);
    }

    /**
     * {@code raw} (a file, stdin), uncompressed when it starts like gzip; {@link NotPlainText} when it starts like
     * another compression or UTF-16 text (told by the bytes already there: a pipe fed live is not waited on for them).
     */
    public static InputStream uncompressed(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(HEAD);
            byte[] head = new byte[HEAD];
            int n = 0;
            for (int b; n < 2 && (b = in.read()) >= 0; n++) {
                head[n] = (byte) b;
            }
            if (n == 2) {
                n += in.readNBytes(head, n, Math.min(HEAD - n, in.available()));
            }
            in.reset();
            String format = formatOf(head, n);
            if (GZIP.equals(format)) {
                return new GZIPInputStream(in, 1 << 16);
            }
            if (format != null) {
                throw new NotPlainText(format);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close(); // a damaged gzip header: the file is not left open
            throw e;
        }
    }

    /**
     * What {@code in}'s first bytes say it is when it is not plain text or gzip ({@link #format(Path)}'s words),
     * told only by the bytes there without waiting ({@code available()}: stdin redirected from a file, a pipe its
     * writer has filled already); {@code null} for plain text, gzip, or first bytes not there yet (a pipe fed
     * live, told when it is read). {@code in} is left where it was.
     */
    public static String otherFormatAvailable(BufferedInputStream in) throws IOException {
        in.mark(HEAD);
        byte[] head = new byte[HEAD];
        int n = 0;
        while (n < HEAD) {
            int ready = Math.min(HEAD - n, in.available());
            int r = ready > 0 ? in.read(head, n, ready) : -1;
            if (r <= 0) {
                break;
            }
            n += r;
        }
        in.reset();
        String format = formatOf(head, n);
        return GZIP.equals(format) ? null : format;
    }

    /**
     * The compression of {@code file} other than gzip, or its encoding when that is UTF-16, told by its
     * first bytes; {@code null} for plain text or gzip.
     */
    public static String otherCompression(Path file) {
        String format = format(file);
        return GZIP.equals(format) ? null : format;
    }

    private static final String GZIP = "gzip-compressed";

    /** Whether {@code file} is gzip-compressed, told by its first bytes. */
    public static boolean isGzip(Path file) {
        return GZIP.equals(format(file));
    }

    /**
     * The bytes of text {@code file} holds: its size, or for gzip what its trailer (ISIZE, the size modulo 4 GiB) and
     * its compressed size allow ({@link TextSize}: exact for a file too small to hold 4 GiB of text).
     */
    public static TextSize textSize(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 18 || !GZIP.equals(format(file))) {
            return TextSize.exactly(size);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(size - 4);
            byte[] trailer = new byte[4];
            raf.readFully(trailer);
            return TextSize.ofGzip((trailer[0] & 0xffL) | (trailer[1] & 0xffL) << 8 | (trailer[2] & 0xffL) << 16
                    | (trailer[3] & 0xffL) << 24, size);
        }
    }

    /**
     * What {@code file} is when it is not plain text, told by its first bytes: {@code gzip-compressed},
     * another compression, or UTF-16 text; {@code null} for plain text (and for what is not a regular file).
     */
    public static String format(Path file) {
        if (!Files.isRegularFile(file)) {
            return null; // a pipe: what is read here would be gone for the reader
        }
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return null; // told when it is read
        }
        return formatOf(head, n);
    }

    /** How many first bytes tell a format. */
    private static final int HEAD = 6;

    /** What the first {@code n} bytes {@code head} say the text is (as {@link #format(Path)}). */
    private static String formatOf(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z'
                && head[5] == 0) {
            return "xz-compressed";
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return "bzip2-compressed";
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return "zstd-compressed";
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "a zip archive";
        }
        if (n >= 2 && ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe || (head[0] & 0xff) == 0xfe
                && (head[1] & 0xff) == 0xff)) {
            return "UTF-16 text";
        }
        if (n >= 6 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 && head[4] != 0 && head[5] == 0) {
            return "UTF-16 text (little-endian, no byte order mark)";
        }
        return null;
    }
}
