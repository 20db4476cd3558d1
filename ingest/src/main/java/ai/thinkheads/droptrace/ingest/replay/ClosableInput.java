package ai.thinkheads.droptrace.ingest.replay;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file, pipe or stdin read through its channel, so that {@link #close()} from another thread ends a read that
 * waits: the reader of a quiet pipe ({@code journalctl -kf | droptrace replay -}) gets an
 * {@link java.nio.channels.AsynchronousCloseException} at once, where a {@link FileInputStream}'s read would wait
 * for the pipe's next line. {@link #available()} asks the file itself, which for a pipe asks the kernel (a
 * channel's stream would try to seek).
 */
public final class ClosableInput extends InputStream {

    private final FileInputStream file;
    private final FileChannel channel;

    public ClosableInput(FileInputStream file) {
        this.file = file;
        this.channel = file.getChannel();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int available() throws IOException {
        return channel.isOpen() ? file.available() : 0;
    }

    /** How many bytes of the file were read (for a gzip file, compressed ones); -1 when not known (a pipe, closed). */
    public long position() {
        try {
            return channel.position();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The file's size, -1 when not known (a pipe, closed). */
    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Closes the file; a read waiting on another thread ends with an exception. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
