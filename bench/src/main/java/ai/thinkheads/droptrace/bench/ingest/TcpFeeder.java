package ai.thinkheads.droptrace.bench.ingest;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends a log file over one TCP connection to 127.0.0.1 as fast as the receiver takes it (LF
 * framing: the file's bytes as they are).
 *
 * <pre>java ... TcpFeeder PORT FILE</pre>
 */
public final class TcpFeeder {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        try (Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16)) {
            Files.copy(file, out);
        }
    }
}
