package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;

/** Input files named on the command line, checked before any work starts, each problem in one line. */
public final class InputFiles {

    private InputFiles() {
    }

    /** Why {@code file} cannot be read as an input ({@code no such file}, {@code a directory, not a file}, ...), or {@code null} when it can. */
    public static String problem(Path file) {
        if (!Files.exists(file)) {
            return "no such file";
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
     * An input that failed part way (a truncated or corrupt gzip file, an I/O error) as one line:
     * {@code cannot read FILE: the gzip data ends early (...) after line N; the lines before were processed}.
     */
    public static UserException failedWhileReading(ReadFailure failure) {
        return new UserException(ExitCodes.FAILURE, "cannot read " + failure.source() + ": "
                + whatWentWrong(failure.getCause()) + (failure.lines() == 0 ? " at its start"
                        : " after line " + failure.lines() + "; the lines before it were processed"), failure);
    }

    static String whatWentWrong(IOException e) {
        if (e instanceof EOFException) {
            return "the gzip data ends early (a truncated file, or one still being compressed)";
        }
        if (e instanceof ZipException) {
            return "the gzip data is corrupt (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
