package ai.thinkheads.droptrace.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonTransparentFramerTest {

    @Test
    void frames_read_in_blocks_are_those_of_a_byte_by_byte_framer_for_any_stream() throws IOException {
        // Given random streams of frames with LF and NUL trailers, CR, empty frames, over-long frames
        Random random = new Random(5);
        for (int round = 0; round < 2000; round++) {
            byte[] stream = randomStream(random);
            int maxFrame = 1 + random.nextInt(40);
            // When
            List<String> ours = describe(new NonTransparentFramer(trickling(stream, random), maxFrame));
            // Then
            assertThat(ours).as("round %d", round).isEqualTo(byteByByte(stream, maxFrame));
        }
    }

    private static List<String> describe(FrameReader reader) throws IOException {
        List<String> frames = new ArrayList<>();
        for (Frame f = reader.next(); f != null; f = reader.next()) {
            frames.add(new String(f.bytes(), StandardCharsets.ISO_8859_1) + " | " + f.error());
        }
        return frames;
    }

    /** The framing rules one byte at a time, as the framer was first written: the oracle. */
    private static List<String> byteByByte(byte[] stream, int maxFrame) {
        List<String> frames = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String tooLong = "message longer than the frame limit of " + maxFrame + " bytes; cut";
        boolean cut = false;
        for (byte b : stream) {
            if (b == '\n' || b == 0) {
                byte[] bytes = buffer.toByteArray();
                if (cut) {
                    frames.add(new String(bytes, StandardCharsets.ISO_8859_1) + " | " + tooLong);
                } else if (bytes.length > 0) {
                    int end = bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    frames.add(new String(bytes, 0, end, StandardCharsets.ISO_8859_1) + " | null");
                }
                buffer.reset();
                cut = false;
            } else if (buffer.size() < maxFrame) {
                buffer.write(b);
            } else {
                cut = true;
            }
        }
        if (buffer.size() > 0 || cut) {
            frames.add(new String(buffer.toByteArray(), StandardCharsets.ISO_8859_1) + " | "
                    + (cut ? tooLong : "unexpected EOF"));
        }
        return frames;
    }

    private static byte[] randomStream(Random random) {
        String[] pieces = {"<13>", "a", "bcdef", "100 6 tap100i0-IN x", "\n", "\u0000", "\r", "\r\n", "\n\n", "x".repeat(50)};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = random.nextInt(30);
        for (int k = 0; k < n; k++) {
            out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** A stream that returns a few bytes per read and now and then says nothing is waiting. */
    private static InputStream trickling(byte[] input, Random random) {
        return new ByteArrayInputStream(input) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(20)));
            }

            @Override
            public synchronized int available() {
                return random.nextBoolean() ? 0 : super.available();
            }
        };
    }
}
