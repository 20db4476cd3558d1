package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import ai.thinkheads.droptrace.ingest.replay.ClosableInput;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.NotPlainText;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/** Input files named on the command line, checked before any work starts, each problem in one line. */
public final class InputFiles {

    private InputFiles() {
    }

    /** Why {@code file} cannot be read as an input ({@code no such file}, {@code a directory, not a file}, ...), or {@code null} when it can. */
    public static String problem(Path file) {
        if (!Files.exists(file)) {
            // "no such file" of a link that is there sent the reader looking for the wrong thing
            return Files.isSymbolicLink(file) ? "a symbolic link that leads nowhere (a loop, or a target that is "
                    + "missing)" : "no such file";
        }
        if (Files.isDirectory(file)) {
            return "a directory, not a file";
        }
        if (!Files.isReadable(file)) {
            return "not readable (permission denied)";
        }
        return null;
    }

    /** Every file readable, or a usage error naming the first that is not and why. */
    public static void requireReadable(List<Path> files) {
        requireReadable(files, ExitCodes.USAGE, "");
    }

    /**
     * Log files as they are read (plain or gzip), or a usage error for the first compressed another way
     * (logrotate's {@code compresscmd} may be xz, bzip2 or zstd) or in UTF-16, saying how to feed it in.
     */
    public static void requirePlainOrGzip(List<Path> files, String command) {
        for (Path file : files) {
            String format = LineSource.otherCompression(file);
            if (format != null) {
                throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": it is " + format
                        + "; droptrace reads UTF-8 text and gzip: " + DECOMPRESS.get(format) + " " + file
                        + " | droptrace " + command + " -");
            }
        }
    }

    private static final Map<String, String> DECOMPRESS = Map.of("xz-compressed", "xz -dc", "bzip2-compressed",
            "bzip2 -dc", "zstd-compressed", "zstd -dc", "a zip archive", "unzip -p", "UTF-16 text",
            "iconv -f UTF-16 -t UTF-8", "UTF-16 text (little-endian, no byte order mark)", "iconv -f UTF-16LE -t UTF-8");

    /**
     * Every file readable ({@code null} entries, options not given, are skipped), or a one-line error
     * with {@code exitCode}: {@code cannot read <what><file>: <why>}.
     */
    public static void requireReadable(List<Path> files, int exitCode, String what) {
        for (Path file : files) {
            String problem = file == null ? null : problem(file);
            if (problem != null) {
                throw new UserException(exitCode, "cannot read " + what + file + ": " + problem);
            }
        }
    }

    /**
     * The files without repeats: a file named twice (also as {@code ./x} and {@code x}, or through a
     * symbolic or hard link) is read once, and a warning says so; its first place is kept.
     */
    public static List<Path> distinct(List<Path> files, PrintWriter err) {
        List<Path> kept = distinct(files, warning -> err.println("droptrace: warning: " + warning));
        err.flush();
        return kept;
    }

    /** As above, each warning handed to {@code warn} (as text without the {@code warning:} prefix). */
    public static List<Path> distinct(List<Path> files, Consumer<String> warn) {
        List<Path> kept = new ArrayList<>();
        Map<Object, Path> seen = new HashMap<>();
        for (Path file : files) {
            Path first = seen.putIfAbsent(identity(file), file);
            if (first == null) {
                kept.add(file);
            } else {
                warn.accept(file + (file.equals(first) ? " is given twice" : " is the same file as " + first) + ": read once");
            }
        }
        return kept;
    }

    /**
     * What tells a file apart: its device and inode where the file system has them (a hard link is the
     * same file), else its real path; a path that cannot be followed ({@code sub/../a.log} without
     * {@code sub}) is taken as written, normalised.
     */
    private static Object identity(Path file) {
        Path normalised = file.toAbsolutePath().normalize();
        for (Path path : List.of(file, normalised)) {
            try {
                Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return key != null ? key : path.toRealPath();
            } catch (IOException e) {
                // the next way, or the path as written
            }
        }
        return normalised;
    }

    /**
     * The bytes of {@code file}, uncompressed when it is gzip; a file that cannot be opened as such (a gzip
     * header cut short or naming another method, a file gone since it was checked) fails as it would
     * part way, at its start ({@link #failedWhileReading}).
     */
    public static InputStream open(Path file) {
        try {
            return LineSource.openBytes(file);
        } catch (IOException e) {
            throw new ReadFailure(file.toString(), 0, e);
        }
    }

    /** As {@link #open(Path)}, the file handed to {@code opened} first ({@link LineSource#openBytes(Path, Consumer)}). */
    public static InputStream open(Path file, Consumer<? super ClosableInput> opened) {
        return open(file, null, opened);
    }

    /** As {@link #open(Path, Consumer)}, from {@code pinned}, the file opened before, unless {@code null}. */
    public static InputStream open(Path file, FileInputStream pinned, Consumer<? super ClosableInput> opened) {
        try {
            return pinned != null ? LineSource.openBytes(pinned, opened) : LineSource.openBytes(file, opened);
        } catch (IOException e) {
            throw new ReadFailure(file.toString(), 0, e);
        }
    }

    /**
     * An input that failed part way (a truncated or corrupt gzip file, an I/O error) as one line:
     * {@code cannot read FILE: the gzip data ends early (...) after line N; the lines before were processed}.
     */
    public static UserException failedWhileReading(ReadFailure failure) {
        if (failure.getCause() instanceof NotPlainText other) { // stdin or a pipe: a file was told before it was opened
            return new UserException(ExitCodes.USAGE, "cannot read " + failure.source() + ": " + other.getMessage()
                    + ": put '" + DECOMPRESS.get(other.format()) + "' in front of droptrace in the pipe");
        }
        return new UserException(ExitCodes.FAILURE, "cannot read " + failure.source() + ": "
                + whatWentWrong(failure.getCause()) + (failure.lines() == 0 ? " at its start"
                        : " after line " + failure.lines() + "; the lines before it were processed"), failure);
    }

    /** What went wrong reading an input, in words: a truncated or corrupt gzip file, else the I/O error's message. */
    public static String whatWentWrong(IOException e) {
        if (e instanceof EOFException) {
            return "the gzip data ends early (a truncated file, or one still being compressed)";
        }
        if (e instanceof ZipException) {
            return "the gzip data is corrupt (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
