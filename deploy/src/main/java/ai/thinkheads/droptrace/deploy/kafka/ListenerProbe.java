package ai.thinkheads.droptrace.deploy.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What answers at a bootstrap address, asked in Kafka's plain protocol before a Kafka client is made there. A Kafka
 * client that speaks plain text reads the first four bytes of any answer as the length of a Kafka response and
 * allocates that much: a TLS listener's alert reads as 352 MB, an HTTP server's {@code HTTP} as 1.2 GB, an SSH
 * banner as 1.4 GB. The client's thread died of an {@code OutOfMemoryError}, logged as an ERROR, and the wait for the
 * cluster ended 15 s later with "The AdminClient thread has exited." (KAFKA-4090, open in Kafka 4.4); a tail waiting
 * for its Kafka logged one every 15 s. One ApiVersions request, which every Kafka listener answers before any
 * authentication, tells them apart.
 */
final class ListenerProbe {

    /** What the address speaks, as far as its first answer says. */
    enum Speaks {
        /** Kafka's protocol in plain text (a PLAINTEXT or SASL_PLAINTEXT listener). */
        KAFKA,
        /** TLS: a TLS record came back (an SSL or SASL_SSL listener, or any TLS server). */
        TLS,
        /** A KRaft controller's listener: Kafka, and no Produce, Fetch or Metadata for clients. */
        CONTROLLER,
        /** Something that is not Kafka: its answer is {@link Answer#said()}. */
        OTHER,
        /** The connection taken and closed without a byte of answer. */
        CLOSED,
        /** Nothing to go by: no connection, or no answer in time. */
        UNKNOWN
    }

    /** What the address speaks, and the start of its answer as text (printable ASCII, the rest as '.'). */
    record Answer(Speaks speaks, String said) {
    }

    private static final int CORRELATION_ID = 0x64740001;
    /** An ApiVersions response is a few hundred bytes; anything claiming more than this is not one. */
    private static final int LARGEST_ANSWER = 1 << 20;
    private static final int SHOWN = 40;

    private ListenerProbe() {
    }

    /** Asks {@code host:port} with an ApiVersions request (version 0), connecting and reading within {@code within}. */
    static Answer ask(String host, int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadline));
            byte[] answer = new byte[64];
            int read = 0;
            InputStream in = socket.getInputStream();
            try {
                socket.getOutputStream().write(apiVersionsRequest());
                socket.getOutputStream().flush();
            } catch (IOException e) {
                return new Answer(Speaks.CLOSED, ""); // reset before a byte was answered
            }
            while (read < 8) {
                int n;
                try {
                    socket.setSoTimeout(millisLeft(deadline));
                    n = in.read(answer, read, answer.length - read);
                } catch (SocketTimeoutException e) {
                    break; // what came so far is all there is to go by (a TLS alert is 7 bytes)
                } catch (IOException e) {
                    if (read == 0) {
                        return new Answer(Speaks.CLOSED, ""); // closed with the request unread: a reset, not an end
                    }
                    break;
                }
                if (n < 0) {
                    if (read == 0) {
                        return new Answer(Speaks.CLOSED, "");
                    }
                    break;
                }
                read += n;
            }
            Answer said = classify(answer, read);
            if (said.speaks() != Speaks.KAFKA) {
                return said;
            }
            // the whole answer: the APIs it lists tell a broker from a KRaft controller
            int size = ByteBuffer.wrap(answer).getInt();
            byte[] frame = java.util.Arrays.copyOf(answer, 4 + size);
            socket.setSoTimeout(millisLeft(deadline));
            new DataInputStream(in).readFully(frame, read, frame.length - read);
            return servesClients(ByteBuffer.wrap(frame, 8, size - 4)) ? said : new Answer(Speaks.CONTROLLER, said.said());
        } catch (IOException | IllegalArgumentException e) {
            // refused, unresolved, timed out: the Kafka client's own wait says what it is
            return new Answer(Speaks.UNKNOWN, "");
        }
    }

    /**
     * Whether an ApiVersions answer (version 0, after its correlation id) lists Produce (key 0), which every broker
     * serves and a KRaft controller does not. An answer with an error lists too little to tell: taken as a broker's.
     */
    static boolean servesClients(ByteBuffer answer) {
        if (answer.getShort() != 0) {
            return true;
        }
        int count = answer.getInt();
        for (int i = 0; i < count; i++) {
            short key = answer.getShort();
            answer.getShort(); // lowest version
            answer.getShort(); // highest version
            if (key == 0) {
                return true;
            }
        }
        return false;
    }

    /** What the first {@code length} bytes of an answer to {@link #apiVersionsRequest()} say of the one who wrote them. */
    static Answer classify(byte[] answer, int length) {
        String said = printable(answer, length);
        if (length == 0) {
            return new Answer(Speaks.UNKNOWN, said);
        }
        if ((answer[0] == 0x15 || answer[0] == 0x16) && (length == 1 || answer[1] == 0x03)) {
            return new Answer(Speaks.TLS, said); // an alert or handshake record of TLS 1.x (SSL 3.0 too)
        }
        if (length >= 8) {
            ByteBuffer frame = ByteBuffer.wrap(answer, 0, length);
            int size = frame.getInt();
            if (size >= 4 && size <= LARGEST_ANSWER && frame.getInt() == CORRELATION_ID) {
                return new Answer(Speaks.KAFKA, said);
            }
        }
        return new Answer(Speaks.OTHER, said);
    }

    /**
     * The brokers a plain-text Kafka listener at {@code host:port} names ({@code host:port} each, as its
     * {@code advertised.listeners} say), asked with a Metadata request (version 4, no topics); empty when it does not
     * answer so within {@code within} (a SASL listener answers nothing before authentication).
     */
    static List<String> brokers(String host, int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadline));
            socket.getOutputStream().write(ByteBuffer.allocate(19).putInt(15).putShort((short) 3).putShort((short) 4)
                    .putInt(CORRELATION_ID).putShort((short) -1).putInt(0).put((byte) 0).array());
            socket.getOutputStream().flush();
            socket.setSoTimeout(millisLeft(deadline));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 4 || size > LARGEST_ANSWER) {
                return List.of();
            }
            byte[] frame = new byte[size];
            in.readFully(frame);
            ByteBuffer answer = ByteBuffer.wrap(frame);
            if (answer.getInt() != CORRELATION_ID) {
                return List.of();
            }
            answer.getInt(); // throttle time
            int count = answer.getInt();
            List<String> brokers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answer.getInt(); // node id
                byte[] name = new byte[answer.getShort()];
                answer.get(name);
                int brokerPort = answer.getInt();
                short rack = answer.getShort();
                if (rack > 0) {
                    answer.position(answer.position() + rack);
                }
                String brokerHost = new String(name, StandardCharsets.UTF_8);
                brokers.add((brokerHost.contains(":") ? "[" + brokerHost + "]" : brokerHost) + ":" + brokerPort);
            }
            return brokers;
        } catch (IOException | RuntimeException e) {
            // no answer, or not one to read: nothing to tell
            return List.of();
        }
    }

    /** A Kafka ApiVersions request, version 0 (header version 1, no client id, an empty body), with its length first. */
    static byte[] apiVersionsRequest() {
        return ByteBuffer.allocate(14).putInt(10).putShort((short) 18).putShort((short) 0).putInt(CORRELATION_ID)
                .putShort((short) -1).array();
    }

    private static String printable(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.min(length, SHOWN), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\r') >= 0 ? text.indexOf('\r') : text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length();
        StringBuilder shown = new StringBuilder();
        for (char c : text.substring(0, end).toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return shown.toString();
    }

    private static int millisLeft(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("no time left");
        }
        return (int) left;
    }
}
