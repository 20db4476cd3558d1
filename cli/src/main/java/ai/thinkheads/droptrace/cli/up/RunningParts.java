package ai.thinkheads.droptrace.cli.up;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts {@code up} has started, stopped in the reverse order, each with a line on stderr; a
 * part that fails to stop does not keep the others running.
 */
final class RunningParts implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RunningParts.class);

    private record Part(String name, AutoCloseable running) {
    }

    private final PrintWriter err;
    private final Deque<Part> parts = new ArrayDeque<>();
    private volatile boolean troubled;

    RunningParts(PrintWriter err) {
        this.err = err;
    }

    /** Records a started part and says so: {@code droptrace up: <name>: <detail>}. */
    <T extends AutoCloseable> T started(String name, T running, String detail) {
        parts.push(new Part(name, running));
        say(name + ": " + detail);
        return running;
    }

    /** Where the parts' lines go. */
    PrintWriter err() {
        return err;
    }

    void say(String line) {
        err.println("droptrace up: " + line);
        err.flush();
    }

    /** Says a problem (a part that failed, lines not acknowledged at the stop): the stop is then not a clean one. */
    void problem(String line) {
        troubled = true;
        say(line);
    }

    /** Whether no part said a problem, nor failed to stop. */
    boolean clean() {
        return !troubled;
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            try {
                part.running().close();
                say(part.name() + ": stopped");
            } catch (Exception e) {
                LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("a part did not stop cleanly");
                problem(part.name() + ": did not stop cleanly (" + e.getMessage() + ")");
            }
        }
    }
}
