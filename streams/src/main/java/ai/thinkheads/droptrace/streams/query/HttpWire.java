package ai.thinkheads.droptrace.streams.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Reading a request head and writing a JSON answer on a connection of {@link JsonHttpServer}. */
final class HttpWire {

    /** The longest request head (request line and headers) read. */
    static final int MAX_HEAD = 16 * 1024;
    /** A request body up to this size is read and dropped before the answer, so the client reads the answer. */
    static final long MAX_DROPPED_BODY = 64 * 1024;
    private static final int METHOD_NOT_ALLOWED = 405;

    private HttpWire() {
    }

    /** The request head up to its empty line, or {@code null} when the connection closed before any of it. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int previous = -1;
        int beforePrevious = -1;
        int c;
        while ((c = in.read()) >= 0) {
            if (head.size() >= MAX_HEAD) {
                throw new HeadTooLarge();
            }
            if (c == '\n' && (previous == '\n' || previous == '\r' && beforePrevious == '\n')) {
                return head.toString(StandardCharsets.ISO_8859_1).strip();
            }
            head.write(c);
            beforePrevious = previous;
            previous = c;
        }
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    /** Reads and drops a body of {@code length} bytes when it is small enough; whether it did. */
    static boolean drop(InputStream in, long length) throws IOException {
        if (length < 0 || length > MAX_DROPPED_BODY) {
            return false;
        }
        long left = length;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return true;
                }
                skipped = 1;
            }
            left -= skipped;
        }
        return true;
    }

    /**
     * Ends the output, then reads what the client still sends for a moment: a connection closed with unread input is
     * reset, and a reset can take the answer with it before the client reads it.
     */
    static void leave(Socket client) {
        try {
            client.shutdownOutput();
            client.setSoTimeout(1000);
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            int n;
            while (read < MAX_DROPPED_BODY * 4 && (n = in.read(buffer)) >= 0) {
                read += n;
            }
        } catch (IOException e) {
            // the client went away, or sends on: the connection is closed all the same
        }
    }

    /** Writes {@code answer} as JSON, its body left out for a HEAD request ({@code head}). */
    static void send(Socket client, Answer answer, boolean head) {
        byte[] body = answer.body();
        StringBuilder lines = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ')
                .append(reason(answer.status())).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        if (answer.status() == METHOD_NOT_ALLOWED) {
            lines.append("Allow: GET\r\n");
        }
        lines.append("\r\n");
        try {
            OutputStream out = client.getOutputStream();
            out.write(lines.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!head) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** A request head longer than {@link #MAX_HEAD}. */
    static final class HeadTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        HeadTooLarge() {
            super("request head too large", null);
        }
    }
}
