package ai.thinkheads.droptrace.cli.common;

import java.nio.file.Path;

/**
 * Where droptrace keeps local state by default (tail positions, the correlator's stores, the
 * embedded broker of {@code up}): {@code $XDG_STATE_HOME/droptrace}, or
 * {@code ~/.local/state/droptrace} when that variable is unset or empty, as the XDG base
 * directory specification says.
 */
public final class StateDirectory {

    private StateDirectory() {
    }

    public static Path root() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("droptrace");
    }
}
