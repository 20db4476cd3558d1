package ai.thinkheads.droptrace.probes.http;

import ai.thinkheads.droptrace.probes.tcp.DeadlineInput;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 GET over an already connected (and, for https, handshaken) socket, so that
 * connect, TLS and response are timed and classified apart, and the Host can be a name while the
 * connection goes to an address. {@code Connection: close}; bodies by Content-Length, chunked or
 * until close, of which the first 4 MiB are kept (a longer body with a known end is read to it, as
 * curl reads it); an interim 1xx response is passed over, and a 204 or 304 has no body. The whole
 * response must come within the deadline given: the socket's read timeout alone bounds each read,
 * so a body that trickles in a byte at a time never timed out.
 */
public final class Http11 {

    static final int MAX_BODY = 4 * 1024 * 1024;

    private Http11() {
    }

    /**
     * A response that began (its status line came) but did not end within the deadline: the service is slow, not
     * silent.
     */
    public static final class IncompleteResponse extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;
        private final int status;

        IncompleteResponse(int status) {
            super("HTTP " + status + " came, but not the whole response");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public static HttpResponse get(Socket socket, String host, String target) throws IOException {
        return get(socket, host, target, Long.MAX_VALUE);
    }

    /** As above, the whole response read by {@code deadline} ({@link System#nanoTime()}), or a {@link SocketTimeoutException}. */
    public static HttpResponse get(Socket socket, String host, String target, long deadline) throws IOException {
        long start = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: droptrace-probe\r\n"
                + "Accept: application/json, */*\r\nConnection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(deadline == Long.MAX_VALUE ? socket.getInputStream()
                : new DeadlineInput(socket, deadline));
        int status = status(in);
        while (status >= 100 && status <= 199 && status != 101) {
            // an interim response (103 Early Hints, 100 Continue) comes before the final one, as curl reads it
            try {
                for (String h = line(in); !h.isEmpty(); h = line(in)) {
                    // its headers say nothing of the final response
                }
            } catch (SocketTimeoutException e) {
                throw new IncompleteResponse(status);
            }
            status = status(in);
        }
        long length = -1;
        boolean chunked = false;
        String location = null;
        byte[] body;
        try {
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    if (name.equals("content-length")) {
                        length = number(value, 10, "Content-Length");
                    } else if (name.equals("location")) {
                        location = value;
                    } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                        chunked = true;
                    }
                }
            }
            // RFC 9112 6.3: a 1xx, 204 or 304 response ends at its headers (a 304's Content-Length is the size it would have)
            body = status < 200 || status == 204 || status == 304 ? new byte[0]
                    : chunked ? chunked(in) : length >= 0 ? bounded(in, length) : bounded(in, Long.MAX_VALUE);
        } catch (SocketTimeoutException e) {
            throw new IncompleteResponse(status);
        }
        return new HttpResponse(status, body, (System.nanoTime() - start) / 1_000_000, location);
    }

    private static int status(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            // an SSH or SMTP banner, a TLS alert: "not a usable HTTP response: the first line is 'SSH-2.0-...', not ..."
            throw new IOException("the first line is '" + Explain.quoted(statusLine) + "', not an HTTP status line");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the status line '" + Explain.quoted(statusLine) + "' has no number for the status", e);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semi = sizeLine.indexOf(';');
            int size = (int) Math.min(Integer.MAX_VALUE, number((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16,
                    "chunk size"));
            if (size == 0) {
                for (String t = line(in); !t.isEmpty(); t = line(in)) {
                    // trailers are read and ignored
                }
                return body.toByteArray();
            }
            // past 4 MiB the body is read to its end (the response must end, as for curl) but not kept
            int keep = Math.min(size, MAX_BODY - body.size());
            byte[] chunk = in.readNBytes(keep);
            if (chunk.length < keep || discard(in, size - keep) < size - keep) {
                throw new IOException("the response ended inside a chunk");
            }
            body.writeBytes(chunk);
            line(in);
        }
    }

    /** A number the server sent; one that is not is a bad response (an IOException), not a failure of the probe. */
    private static long number(String text, int radix, String what) throws IOException {
        try {
            long n = Long.parseLong(text, radix);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad " + what + ": " + (text.length() > 40 ? text.substring(0, 40) + "..." : text), e);
        }
    }

    private static byte[] bounded(InputStream in, long length) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(length, MAX_BODY));
        if (length == Long.MAX_VALUE) {
            return body; // until close: what comes past 4 MiB is not waited for
        }
        long read = body.length + discard(in, length - body.length); // past 4 MiB: read to its end, not kept
        if (read < length) {
            // a server that died mid-body: curl fails so (exit 18, "transfer closed with N bytes remaining to read")
            throw new IOException("the connection closed after " + read + " of the " + length
                    + " bytes of the body its Content-Length announced");
        }
        return body;
    }

    /** Reads and drops up to {@code n} bytes; returns how many came before the end of the stream. */
    private static long discard(InputStream in, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (line.size() > 16 * 1024) {
                throw new IOException("an HTTP header line is too long");
            }
            line.write(c);
        }
        if (c < 0 && line.size() == 0) {
            throw new IOException("the connection closed before a complete response");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
