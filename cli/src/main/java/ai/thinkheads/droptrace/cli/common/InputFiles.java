package ai.thinkheads.droptrace.cli.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        for (Path file : files) {
            String problem = problem(file);
            if (problem != null) {
                throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": " + problem);
            }
        }
    }
}
