package ai.thinkheads.droptrace.cli.common;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where droptrace keeps local state by default (tail positions, the correlator's stores, the
 * embedded broker of {@code up}): {@code $XDG_STATE_HOME/droptrace}, or
 * {@code ~/.local/state/droptrace} when that variable is unset, empty or a relative path, as the XDG base
 * directory specification says.
 */
public final class StateDirectory {

    private StateDirectory() {
    }

    public static Path root() {
        return root(System.getenv("XDG_STATE_HOME"), System.getProperty("user.home"));
    }

    /**
     * As {@link #root()}, from the variable's value and the home directory. A relative value is ignored, as the
     * specification says: taken as it is, it named another directory in every working directory, and a tail started
     * elsewhere found no stored position and sent its log again from the start.
     */
    static Path root(String xdg, String home) {
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(home, ".local", "state");
        return base.resolve("droptrace");
    }

    /**
     * Creates {@code dir} (and its parents) for the state it will hold ({@code what}, e.g. "the tail
     * position"); one line saying why when it cannot be made (exit 3).
     */
    public static Path create(Path dir, String what) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot create the directory " + dir + " for " + what
                    + ": " + reason(e), e);
        }
    }

    /** Why a file operation failed, in words ({@code permission denied}, ...): a file system exception's message is often the bare path. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
