package ai.thinkheads.droptrace.cli.output;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.ingest.json.JsonBytes;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Output for commands that print millions of lines ({@code parse}): when the process's real
 * stdout is in use ({@link #useProcessStdout()}, called by {@code Main}), bytes go to file
 * descriptor 1 through one large buffer, skipping the character writer and its encoder; otherwise
 * (tests capturing output in memory) they go to the command's writer.
 */
public final class BulkStdout implements AutoCloseable {

    private static volatile boolean processStdout;

    /**
     * Stdout cannot take more: its reader went away ({@code droptrace parse big.log | head -1}).
     * Ends the command quietly, as SIGPIPE ends a C tool ({@code ErrorHandler}).
     */
    public static final class StdoutClosed extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        StdoutClosed(IOException cause) {
            super("cannot write to stdout", cause);
        }
    }

    private final OutputStream bytes;
    private final PrintWriter writer;

    private BulkStdout(OutputStream bytes, PrintWriter writer) {
        this.bytes = bytes;
        this.writer = writer;
    }

    /**
     * A failed write to stdout: {@link StdoutClosed} when its reader went away (EPIPE, "Broken pipe"),
     * else an error saying why (a full disk).
     */
    private static RuntimeException failed(IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) {
            return new StdoutClosed(e);
        }
        return new UserException(ExitCodes.FAILURE, "cannot write to stdout: " + e.getMessage(), e);
    }

    /**
     * Whether the command's stdout {@code out} could not take what was written to it (its reader went away:
     * {@code droptrace alerts --follow | head -1}). A {@link PrintWriter} keeps no exception, only this flag, and
     * the process's {@link System#out} under it keeps its own.
     */
    public static boolean closed(PrintWriter out) {
        return out.checkError() || processStdout && System.out.checkError();
    }

    /** Ends the command quietly when {@link #closed(PrintWriter)}: nobody reads what it would print. */
    public static void requireOpen(PrintWriter out) {
        if (closed(out)) {
            throw new StdoutClosed(new IOException("Broken pipe"));
        }
    }

    /**
     * Ends the command quietly when stderr {@code err} could not take what was written to it, where stderr is the
     * data a reader reads ({@code parse --failures json 2>&1 >/dev/null | head}), as {@link #requireOpen} for stdout.
     */
    public static void requireStderrOpen(PrintWriter err) {
        if (err.checkError() || processStdout && System.err.checkError()) {
            throw new StdoutClosed(new IOException("Broken pipe"));
        }
    }

    /** Called once by {@code Main}: data written here goes straight to file descriptor 1. */
    public static void useProcessStdout() {
        processStdout = true;
    }

    /**
     * Whether droptrace runs as its own process ({@code Main}), whose stdin and stdout are file descriptors 0
     * and 1; not when embedded, or in a test that gives {@code System.in} and captures the output.
     */
    public static boolean processStdio() {
        return processStdout;
    }

    public static BulkStdout open(PrintWriter commandOut) {
        if (processStdout) {
            commandOut.flush();
            return new BulkStdout(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20), null);
        }
        return new BulkStdout(null, commandOut);
    }

    /** Writes UTF-8 bytes as they are (they carry their own newlines). */
    public void write(byte[] utf8) {
        if (bytes == null) {
            writer.append(new String(utf8, StandardCharsets.UTF_8));
            return;
        }
        try {
            bytes.write(utf8);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Writes JSON lines as they are (they carry their own newlines). */
    public void write(JsonBytes json) {
        if (bytes == null) {
            writer.append(new String(json.toByteArray(), StandardCharsets.UTF_8));
            return;
        }
        try {
            json.writeTo(bytes);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Writes the text as is (it carries its own newline). */
    public void write(CharSequence text) {
        if (bytes == null) {
            writer.append(text);
            return;
        }
        try {
            bytes.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    public void flush() {
        if (bytes == null) {
            writer.flush();
            return;
        }
        try {
            bytes.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
