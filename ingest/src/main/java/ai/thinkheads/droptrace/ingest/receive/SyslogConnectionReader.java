package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import ai.thinkheads.droptrace.ingest.syslog.Frame;
import ai.thinkheads.droptrace.ingest.syslog.FrameReader;
import ai.thinkheads.droptrace.ingest.syslog.NonTransparentBlocks;
import ai.thinkheads.droptrace.ingest.syslog.NonTransparentFramer;
import ai.thinkheads.droptrace.ingest.syslog.OctetCountingFramer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link TcpSyslogReceiver} reads one connection, once it is accepted (and its TLS handshake done): the
 * framing detected from its first bytes, frames cut on the connection's thread, decoded, parsed and
 * serialised by the workers, and sent in order on the connection's thread; framing errors become dead letters.
 * Reading ends when the sender closes, or at the receiver's stop once the connection falls silent.
 */
final class SyslogConnectionReader {

    private static final Logger LOGGER = LoggerFactory.getLogger(TcpSyslogReceiver.class); // its lines, its logger

    /** How often a reader waiting on a silent connection looks whether the receiver is stopping. */
    static final int STOP_CHECK_MILLIS = 250;
    private static final int BATCH = 1_024;
    /**
     * The most bytes of counted frames in one batch (the frame that reaches it is the last), as LF framing's blocks
     * hold: 1,024 frames of up to {@code --max-frame} each, four batches in flight, were gigabytes for one sender.
     */
    static final int BATCH_BYTES = 256 * 1024;

    /** The receiver's stop, as the readers see it. */
    interface Stop {
        /** Whether the receiver is stopping. */
        boolean stopped();

        /** After the stop: when readers stop reading what is still arriving ({@link System#nanoTime()}). */
        long stopReadingAt();
    }

    private final LineSink sink;
    private final Clock clock;
    private final int maxFrame;
    private final ExecutorService workers;
    private final Stop stop;
    private final AtomicLong frames;
    private final AtomicLong handedOn;
    private final AtomicLong framingErrors;

    /**
     * Counts into the receiver's {@code frames} (read), {@code handedOn} (handed to the sink's send step: sent, or
     * rejected as dead letters) and {@code framingErrors}.
     */
    SyslogConnectionReader(LineSink sink, Clock clock, int maxFrame, ExecutorService workers, Stop stop,
            AtomicLong frames, AtomicLong handedOn, AtomicLong framingErrors) {
        this.sink = sink;
        this.clock = clock;
        this.maxFrame = maxFrame;
        this.workers = workers;
        this.stop = stop;
        this.frames = frames;
        this.handedOn = handedOn;
        this.framingErrors = framingErrors;
    }

    /**
     * Reads {@code socket} from sender {@code from} to its end, handing every frame on; {@code false} when it was
     * closed at once (a TLS handshake on the plain port, one dead letter).
     */
    boolean read(Socket socket, String from) throws IOException {
        socket.setSoTimeout(STOP_CHECK_MILLIS);
        StoppableInput stoppable = new StoppableInput(socket.getInputStream());
        BufferedInputStream in = new BufferedInputStream(stoppable, 1 << 16);
        if (!(socket instanceof SSLSocket) && tlsHandshake(in)) {
            // A TLS sender on the plain port: its handshake read as lines would be dozens of binary dead letters.
            LOGGER.atWarn().addKeyValue("srcAddress", from).log(TLS_ON_PLAIN_PORT);
            framingErrors.incrementAndGet();
            Origin origin = Origin.of(from, frames.incrementAndGet());
            handedOn.incrementAndGet();
            sink.reject("syslog framing: " + TLS_ON_PLAIN_PORT, "", origin, clock.instant());
            return false;
        }
        FrameReader reader = FrameReader.detect(in, maxFrame);
        try (OrderedBatches<Runnable> batches = new OrderedBatches<>(workers, 4, Runnable::run)) {
            try {
                if (reader instanceof NonTransparentFramer lf) {
                    serveBlocks(lf.blocks(), in, from, batches);
                } else {
                    serveFrames(reader, in, from, batches, stoppable);
                }
            } finally {
                // What was read before the connection failed is counted already: send it, too.
                batches.drain();
            }
        }
        return true;
    }

    static final String TLS_ON_PLAIN_PORT = "a TLS handshake on the plain TCP port; connection closed (point the "
            + "sender at the TLS port, or turn TLS off in it)";

    /**
     * Whether the stream starts with a TLS handshake record (content type 22, version 3.x): a byte no syslog
     * line starts with, so a second byte is waited for only after it. Nothing is consumed.
     */
    private static boolean tlsHandshake(BufferedInputStream in) throws IOException {
        in.mark(2);
        try {
            return in.read() == 0x16 && in.read() == 0x03;
        } finally {
            in.reset();
        }
    }

    /**
     * LF/NUL framing: this thread only finds where frames end; a worker decodes, parses and
     * serialises each block, and this thread sends the results in order.
     */
    private void serveBlocks(NonTransparentBlocks blocks, InputStream in, String from,
            OrderedBatches<Runnable> batches) throws IOException {
        for (NonTransparentBlocks.Piece piece = blocks.next(); piece != null; piece = blocks.next()) {
            if (piece.frames() != null) {
                LineBlock block = piece.frames();
                long first = frames.getAndAdd(block.count()) + 1;
                Instant received = clock.instant();
                batches.submit(counted(() -> sink.prepare(block, first, from, received), block.count()));
                if (in.available() == 0) {
                    // Nothing more waiting on the socket: send what we have now (live traffic, low latency).
                    batches.drain();
                }
                continue;
            }
            Frame frame = piece.frame();
            long n = frames.incrementAndGet();
            if (NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error()) && stop.stopped()) {
                reject(cutShort(frame), Origin.of(from, n), batches);
            } else if (NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error())) {
                // A last frame without its trailer is still a message.
                String line = new String(frame.bytes(), StandardCharsets.UTF_8);
                Instant received = clock.instant();
                batches.submit(counted(() -> sink.prepare(List.of(line), List.of(frame.bytes()),
                        List.of(Origin.of(from, n)), received), 1));
            } else {
                reject(frame, Origin.of(from, n), batches);
            }
        }
    }

    /** Octet counting: frame by frame, in batches of up to {@link #BATCH}. */
    private void serveFrames(FrameReader reader, InputStream in, String from, OrderedBatches<Runnable> batches,
            StoppableInput stoppable) throws IOException {
        Pending pending = new Pending();
        // Whole frames read with the start of the next behind them (the rest not sent yet) are sent when the
        // connection has been silent for a moment, not held until that frame is complete.
        stoppable.whenSilent(() -> {
            pending.submit(batches);
            batches.drain();
        });
        try {
            for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frame.error() != null && frame.bytes() == null
                        && frame.error().equals(OctetCountingFramer.NOTHING_SENT)) {
                    continue;
                }
                long n = frames.incrementAndGet();
                boolean cutByStop = stop.stopped() && frame.error() != null && (NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error())
                        || frame.error().startsWith(OctetCountingFramer.CUT_BY_THE_END));
                if (frame.error() != null && (cutByStop || !NonTransparentBlocks.UNEXPECTED_EOF.equals(frame.error()))) {
                    pending.submit(batches); // the frames before it go first
                    reject(cutByStop ? cutShort(frame) : frame, Origin.of(from, n), batches);
                    continue;
                }
                pending.add(frame.bytes(), Origin.of(from, n));
                boolean idle = in.available() == 0;
                if (pending.size() >= BATCH || pending.byteCount() >= BATCH_BYTES || idle) {
                    pending.submit(batches);
                    if (idle) {
                        // Nothing more waiting on the socket: send what we have now (live traffic, low latency).
                        batches.drain();
                    }
                }
            }
        } finally {
            pending.submit(batches); // also when the connection failed or was stopped: what was read is sent
        }
    }

    /** Frames read and not yet handed to a worker. */
    private final class Pending {
        private List<String> lines = new ArrayList<>(BATCH);
        private List<byte[]> bytes = new ArrayList<>(BATCH);
        private List<Origin> origins = new ArrayList<>(BATCH);
        private long byteCount;

        void add(byte[] frame, Origin origin) {
            lines.add(new String(frame, StandardCharsets.UTF_8));
            bytes.add(frame);
            origins.add(origin);
            byteCount += frame.length;
        }

        int size() {
            return lines.size();
        }

        long byteCount() {
            return byteCount;
        }

        void submit(OrderedBatches<Runnable> batches) {
            if (lines.isEmpty()) {
                return;
            }
            List<String> l = lines;
            List<byte[]> b = bytes;
            List<Origin> o = origins;
            Instant received = clock.instant();
            batches.submit(counted(() -> sink.prepare(l, b, o, received), l.size()));
            lines = new ArrayList<>(BATCH);
            bytes = new ArrayList<>(BATCH);
            origins = new ArrayList<>(BATCH);
            byteCount = 0;
        }
    }

    /**
     * A worker's task whose result, once run on the connection's thread, counts its frames as handed on as its
     * send begins: a send that waits on Kafka at the stop holds records the publisher counts (sent, not
     * acknowledged), which must not be counted here again.
     */
    private Callable<Runnable> counted(Callable<Runnable> prepare, int frameCount) {
        return () -> {
            Runnable send = prepare.call();
            return () -> {
                handedOn.addAndGet(frameCount);
                send.run();
            };
        };
    }

    /** A frame cut by the stop, not by its sender: its start alone could read as another packet (DPT=2 of DPT=22). */
    private static Frame cutShort(Frame frame) {
        return new Frame(frame.bytes(), "a frame cut short by the stop of the receiver", false);
    }

    /** A framing error: a dead letter, after everything before it. */
    private void reject(Frame frame, Origin origin, OrderedBatches<Runnable> batches) {
        batches.drain();
        framingErrors.incrementAndGet();
        String raw = frame.bytes() == null ? "" : frame.text();
        handedOn.incrementAndGet();
        // with its bytes: a frame cut at the limit or by the connection's end that was not UTF-8 keeps them too
        sink.reject("syslog framing: " + frame.error(), raw, frame.bytes(), origin, clock.instant());
    }

    /**
     * A connection's bytes as its reader sees them: a read on a silent connection wakes every
     * {@link #STOP_CHECK_MILLIS} (the socket's timeout) and goes on waiting, unless the receiver is
     * stopping: then the silence is the end of the stream. While bytes keep coming after the stop they are
     * read (what the kernel holds for the sender is not dropped) until three fifths of the stop's wait have
     * passed; the rest of the wait is for handing them on.
     */
    private final class StoppableInput extends FilterInputStream {
        private Runnable whenSilent;

        StoppableInput(InputStream in) {
            super(in);
        }

        /** Runs each time a read has waited {@link #STOP_CHECK_MILLIS} without a byte (on the reading thread). */
        void whenSilent(Runnable action) {
            this.whenSilent = action;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (stop.stopped() && System.nanoTime() - stop.stopReadingAt() > 0) {
                    return -1;
                }
                try {
                    return in.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    if (stop.stopped()) {
                        return -1; // nothing more waiting at the stop: the end of this connection's stream
                    }
                    if (whenSilent != null) {
                        whenSilent.run();
                    }
                }
            }
        }
    }
}
