package ai.thinkheads.droptrace.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private static List<Frame> frames(String stream, int max) throws IOException {
        FrameReader reader = FrameReader.detect(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), max);
        List<Frame> frames = new ArrayList<>();
        for (Frame f = reader.next(); f != null; f = reader.next()) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void msglen_space_and_a_pri_select_octet_counting() throws IOException {
        // When
        List<Frame> frames = frames("16 <1>1 - - - - - -18 <2>1 - - - - - - x", 8192);
        // Then
        assertThat(frames).extracting(Frame::text).containsExactly("<1>1 - - - - - -", "<2>1 - - - - - - x");
    }

    @Test
    void any_run_of_digits_and_spaces_at_the_start_is_framed_without_failing() throws IOException {
        // Given every start of up to 16 digits, then a space or not, then '<' or a letter (found by
        // a client sending "999999999999 bad": the peek ran past its buffer and killed the connection)
        for (int digits = 0; digits <= 16; digits++) {
            for (String then : new String[] {" <1>1 - - - - - -\n", " x y\n", "<1>z\n", "\n", ""}) {
                String stream = "9".repeat(digits) + then;
                // When
                List<Frame> frames = frames(stream, 8192);
                // Then: the line as one frame (none for no text); octet counting only before "<"
                String text = stream.replace("\n", "");
                if (text.isEmpty()) {
                    assertThat(frames).as(stream).isEmpty();
                } else if (digits > 0 && then.startsWith(" <")) {
                    assertThat(frames).as(stream).isNotEmpty();
                } else {
                    assertThat(frames).as(stream).extracting(Frame::text).containsExactly(text);
                }
            }
        }
    }

    @Test
    void random_streams_of_syslog_pieces_are_framed_or_refused_with_an_io_error_never_an_exception() throws Exception {
        // Given streams made of the pieces framing looks at, and small frame limits
        String[] pieces = {"1", "12", "999999999999", "0", " ", "<", ">", "<13>1 ", "\n", "\u0000", "\r", "\r\n", "abc",
            "[x a=\"b\"]", "\ufeff", "\u00e9", "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=x"};
        java.util.Random random = new java.util.Random(5425);
        List<String> thrown = new ArrayList<>();
        for (int round = 0; round < 30_000; round++) {
            StringBuilder stream = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                stream.append(pieces[random.nextInt(pieces.length)]);
            }
            int max = 1 + random.nextInt(64);
            byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
            try {
                // When: framing detected, and octet counting forced, strict or best effort
                frames(stream.toString(), max);
                OctetCountingFramer.readAll(bytes, max, random.nextBoolean());
            } catch (IOException e) {
                // a framing error the reader reports: allowed
            } catch (RuntimeException e) {
                if (thrown.size() < 5) {
                    thrown.add(e + " on: " + stream);
                }
            }
        }
        // Then
        assertThat(thrown).isEmpty();
    }

    @Test
    void a_raw_pve_line_that_starts_with_digits_is_lf_framed() throws IOException {
        // When
        List<Frame> frames = frames("100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=x\n0 5 - y\n", 8192);
        // Then
        assertThat(frames).extracting(Frame::text)
                .containsExactly("100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=x", "0 5 - y");
    }

    @Test
    void nul_trailers_crlf_and_empty_frames_are_handled() throws IOException {
        // When
        List<Frame> frames = frames("<1>a\u0000<2>b\r\n\n<3>c", 8192);
        // Then
        assertThat(frames).extracting(Frame::text).containsExactly("<1>a", "<2>b", "<3>c");
        assertThat(frames.get(2).error()).isEqualTo("unexpected EOF");
    }

    @Test
    void a_frame_over_the_limit_is_cut_and_reported_and_the_next_one_still_arrives() throws IOException {
        // When
        List<Frame> frames = frames("<1>" + "x".repeat(100) + "\n<2>ok\n", 20);
        // Then
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).error()).contains("longer than the frame limit of 20");
        assertThat(frames.get(0).bytes()).hasSize(20);
        assertThat(frames.get(1).text()).isEqualTo("<2>ok");
    }

    @Test
    void an_octet_counted_frame_over_the_limit_is_cut_and_the_frames_after_it_still_arrive() throws IOException {
        // When
        List<Frame> frames = frames("5 <1>ab30 <2>1 - - - - - - 0123456789abc6 <3>cde", 10);
        // Then
        assertThat(frames).extracting(Frame::text).containsExactly("<1>ab", "<2>1 - - -", "<3>cde");
        assertThat(frames.get(1).error())
                .isEqualTo("message too long to parse. was size 30, max length 10; its first 10 bytes kept");
        assertThat(frames.get(0).error()).isNull();
        assertThat(frames.get(2).error()).isNull();
    }

    @Test
    void a_receiver_skips_line_ends_between_counted_frames_and_reads_a_frame_without_msglen_as_a_line() throws IOException {
        // Given: a sender that ends each counted frame with LF, then one that sends an LF-framed line and a bad count
        String stream = "5 <1>ab\n5 <2>cd\r\n<3>no count\n05 <4>x\n7 <5>efgh";
        // When
        List<Frame> frames = frames(stream, 8192);
        // Then: every frame arrives; what is no counted frame is a line, as LF framing reads it
        assertThat(frames).extracting(Frame::text).containsExactly("<1>ab", "<2>cd", "<3>no count", "05 <4>x", "<5>efgh");
        assertThat(frames).extracting(Frame::error).containsOnlyNulls();
    }

    @Test
    void a_receivers_counted_frame_cut_by_the_end_of_the_stream_keeps_its_bytes() throws IOException {
        // When
        List<Frame> frames = frames("5 <1>ab20 <2>short", 8192);
        // Then
        assertThat(frames).extracting(Frame::text).containsExactly("<1>ab", "<2>short");
        assertThat(frames.get(1).error()).isEqualTo("the connection ended after 8 of the 20 octets its MSGLEN announced");
        assertThat(frames.get(1).complete()).isFalse();
    }

    @Test
    void a_receivers_counted_frame_cut_by_the_end_of_the_stream_is_not_quoted_in_its_error() throws IOException {
        // Given: a sender that announced a frame of 1 MiB and sent 600,000 bytes of it before its connection ended
        String partial = "<4>" + "y".repeat(600_000);
        // When
        List<Frame> frames = frames("1048000 " + partial, 1 << 20);
        // Then: the bytes once, in the frame; the error says how much came (a dead letter with both would be
        // larger than the 1 MiB Kafka takes)
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).text()).isEqualTo(partial);
        assertThat(frames.get(0).error()).isEqualTo("the connection ended after 600003 of the 1048000 octets its MSGLEN "
                + "announced");
    }

    @Test
    void a_frame_whose_connection_is_reset_in_the_middle_of_it_is_handed_out_with_the_failure_then_the_failure_is_thrown()
            throws IOException {
        for (String stream : List.of("<1>ab\n<2>cut", "5 <1>ab20 <2>cut")) {
            // Given: a sender reset after a whole frame and the start of the next one
            java.io.InputStream reset = new java.io.SequenceInputStream(
                    new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), new java.io.InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new java.net.SocketException("Connection reset");
                        }
                    });
            FrameReader reader = FrameReader.detect(reset, 8192);
            // When
            Frame whole = reader.next();
            Frame cut = reader.next();
            // Then: the start of the cut frame is not lost unsaid, and neither is the failure
            assertThat(whole.text()).as(stream).isEqualTo("<1>ab");
            assertThat(cut.text()).as(stream).isEqualTo("<2>cut");
            assertThat(cut.error()).as(stream).isEqualTo("the connection failed in the middle of this frame "
                    + "(Connection reset), after 6 bytes of it");
            org.assertj.core.api.Assertions.assertThatThrownBy(reader::next).as(stream)
                    .isInstanceOf(java.net.SocketException.class);
        }
    }

    @Test
    void the_conformance_framer_still_ends_the_stream_at_a_framing_error() throws IOException {
        // When: go-syslog's octet-counting parser stops at the first framing error; OctetCountingFramer's own mode too
        List<Frame> frames = OctetCountingFramer.readAll("30 <1>1 - - - - - - 0123456789abc6 <3>cde"
                .getBytes(StandardCharsets.UTF_8), 10, true);
        // Then
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).error()).isEqualTo("message too long to parse. was size 30, max length 10");
    }
}
