package ai.thinkheads.droptrace.streams.query;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The query API's HTTP/1.1 server: one request per connection (answered with {@code Connection: close}), every answer
 * JSON. The JDK's {@code com.sun.net.httpserver} answered a request whose target is not a valid URI (a bad percent
 * escape: {@code GET /v1/pairs/%zz/b}) or whose request line is not one with its own {@code text/html} page, before
 * any handler saw it; here those are {@code 400} with {@code {"error": "..."}} as every other refusal.
 */
final class JsonHttpServer implements AutoCloseable {

    /** A request as the handler sees it: the method, the target's raw path and query, the header names in lower case. */
    record Request(String method, String rawPath, String rawQuery, Set<String> headerNames) {
    }

    /** Answers a request; called on one of the server's threads. */
    interface Handler {
        Answer answer(Request request);
    }

    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** The first byte of a TLS handshake record. */
    private static final int TLS_HANDSHAKE = 0x16;
    /**
     * Threads that read and answer requests. A connection holds one while its request comes (at most the read
     * timeout): a few connections opened and left idle (a browser's, a proxy's) must not hold back every answer.
     */
    static final int WORKERS = 32;
    /**
     * Connections that wait for a worker. One more is answered {@code 503} at once ({@link #answerBusy}): the queue had
     * no bound, and a burst of requests whose clients gave up (300 top lists at once, each a second of CPU on two
     * cores: 299 timed out after 30 s) was still answered one by one, so the next query waited minutes for its turn.
     */
    static final int QUEUED = 32;
    /** How long a connection answered busy is read for its request, so that closing it does not reset the answer. */
    private static final int BUSY_READ_TIMEOUT_MILLIS = 1_000;

    private final ServerSocket socket;
    private final ExecutorService workers;
    private final ExecutorService busy;
    private final Handler handler;

    private JsonHttpServer(ServerSocket socket, ExecutorService workers, ExecutorService busy, Handler handler) {
        this.socket = socket;
        this.workers = workers;
        this.busy = busy;
        this.handler = handler;
    }

    /** Listens on {@code address} (port 0 picks a free one) and answers with {@code handler} on {@link #WORKERS} threads. */
    static JsonHttpServer bind(InetSocketAddress address, Handler handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address, 50);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "droptrace-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED), threads);
        ExecutorService busy = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED), threads);
        JsonHttpServer server = new JsonHttpServer(socket, workers, busy, handler);
        Thread acceptor = new Thread(server::accept, "droptrace-api-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                pauseAfterFailedAccept(); // closed (the loop ends), or a failed accept (out of file descriptors)
                continue;
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                refuse(client);
            }
        }
    }

    /** A connection for which no worker is free and none may wait: answered busy, or closed when even that queue is full. */
    private void refuse(Socket client) {
        try {
            busy.execute(() -> answerBusy(client));
        } catch (RejectedExecutionException e) {
            closeQuietly(client);
        }
    }

    /** Reads the request (briefly) and answers {@code 503}, which {@code droptrace query} asks again on for a while. */
    private static void answerBusy(Socket client) {
        try {
            client.setSoTimeout(BUSY_READ_TIMEOUT_MILLIS);
            HttpWire.readHead(new BufferedInputStream(client.getInputStream()));
        } catch (IOException e) {
            // no whole request in time: answered all the same
        }
        sendAndLeave(client, Answer.error(Answer.UNAVAILABLE, "the query API is busy: " + WORKERS + " requests are "
                + "being answered and " + QUEUED + " wait for their turn; retry shortly"));
        closeQuietly(client);
    }

    /** A failed accept that is not the close (no file descriptor left) is not tried again in a busy loop. */
    private void pauseAfterFailedAccept() {
        if (socket.isClosed()) {
            return;
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    private void serve(Socket client) {
        try {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            if (tlsHandshake(in)) {
                sendAndLeave(client, Answer.error(Answer.BAD_REQUEST, "this is the query API in plain HTTP, not TLS: "
                        + "ask http://, not https://"));
                return;
            }
            String head = HttpWire.readHead(in);
            if (head != null) { // else closed before a request
                answerHead(client, in, head);
            }
        } catch (HttpWire.HeadTooLarge e) {
            sendAndLeave(client, Answer.error(431, "the request line and headers are over " + HttpWire.MAX_HEAD
                    + " bytes"));
        } catch (SocketTimeoutException e) {
            sendAndLeave(client, Answer.error(408, "no whole request within " + READ_TIMEOUT_MILLIS / 1000 + " s"));
        } catch (IOException e) {
            // the client went away: nobody to answer
        } finally {
            closeQuietly(client);
        }
    }

    /**
     * Whether the connection begins as a TLS handshake record does (content type 22, version 3.x): a client given an
     * {@code https://} URL. It waits for a request head that never comes, so it was answered {@code 408} after the read
     * timeout, later than the client's own timeout ({@code droptrace query} said "HTTP connect timed out"). Answered at
     * once, in plain HTTP, a TLS client says that the server does not speak TLS.
     */
    private static boolean tlsHandshake(InputStream in) throws IOException {
        in.mark(2);
        int type = in.read();
        int major = type == TLS_HANDSHAKE ? in.read() : -1;
        in.reset();
        return type == TLS_HANDSHAKE && major == 3;
    }

    /** Answers, then ends the connection's output, leaving behind what the client still sends. */
    private static void sendAndLeave(Socket client, Answer answer) {
        HttpWire.send(client, answer, false);
        HttpWire.leave(client);
    }

    private void answerHead(Socket client, InputStream in, String head) throws IOException {
        String[] lines = head.split("\r?\n");
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !requestLine[2].startsWith("HTTP/")) {
            HttpWire.send(client, Answer.error(Answer.BAD_REQUEST, "not an HTTP request line: '"
                    + printable(lines[0]) + "'"), false);
            return;
        }
        URI target;
        try {
            target = new URI(requestLine[1]);
        } catch (URISyntaxException e) {
            HttpWire.send(client, Answer.error(Answer.BAD_REQUEST, "the request target is not a valid URI ("
                    + e.getReason() + " at index " + e.getIndex() + "): '" + printable(requestLine[1]) + "'"), false);
            return;
        }
        Set<String> names = new HashSet<>();
        long bodyLength = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                names.add(name);
                if (name.equals("content-length")) {
                    bodyLength = parseLength(lines[i].substring(colon + 1).strip());
                }
            }
        }
        boolean bodyDropped = !names.contains("transfer-encoding") && HttpWire.drop(in, bodyLength);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        Answer answer = handler.answer(new Request(requestLine[0], path, target.getRawQuery(), Set.copyOf(names)));
        HttpWire.send(client, answer, "HEAD".equals(requestLine[0]));
        if (!bodyDropped) {
            HttpWire.leave(client);
        }
    }

    private static long parseLength(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code text} with control characters as {@code \xNN} and cut at 200 characters, for an error message. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < 200; i++) {
            char c = text.charAt(i);
            shown.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
        }
        return text.length() > 200 ? shown + "..." : shown.toString();
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
        busy.shutdownNow();
    }
}
