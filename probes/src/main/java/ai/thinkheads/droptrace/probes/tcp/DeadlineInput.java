package ai.thinkheads.droptrace.probes.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input whose reads all end by one deadline ({@link System#nanoTime()}): each read is given only the time
 * left, and none once it has passed. The socket's read timeout alone bounds each read, so a peer that trickles its
 * answer in a byte at a time never timed out.
 */
public final class DeadlineInput extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private final long deadline;

    public DeadlineInput(Socket socket, long deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadline = deadline;
    }

    private void timeLeft() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("the answer did not end in time");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
        timeLeft();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        timeLeft();
        return in.read(b, off, len);
    }
}
