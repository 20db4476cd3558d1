package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.TopicCount;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ReplayStdinFormatIT {

    @Test
    void xz_data_on_stdin_is_one_line_saying_what_to_put_in_the_pipe_and_no_dead_letter_is_sent() {
        // Given: the first bytes of an xz file, then binary data with line ends and NUL bytes in it
        byte[] xz = xzData();
        // When
        CliRun run = CliRun.withStdin(xz, "replay", "-", "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", "it-replay-xz");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("droptrace: cannot read stdin: it is xz-compressed; droptrace reads UTF-8 text "
                + "and gzip: put 'xz -dc' in front of droptrace in the pipe").doesNotContain("Exception");
        assertThat(TopicCount.records(SharedKafkaBroker.bootstrapServers(),
                Topics.UNPARSED.name(Namespace.of("it-replay-xz")))).isZero();
    }

    @Test
    void xz_data_that_comes_into_the_pipe_after_the_start_is_the_same_one_line_without_a_summary_of_nothing() {
        // Given: a pipe whose writer has written nothing yet when droptrace looks (available() 0), then xz data
        InputStream laterPipe = new FilterInputStream(new ByteArrayInputStream(xzData())) {
            @Override
            public int available() {
                return 0;
            }
        };
        // When
        CliRun run = CliRun.withStdin(laterPipe, "replay", "-", "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", "it-replay-xz-later");
        // Then: told when read, as before the broker: the line alone, no summary of 0 lines read and sent
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("droptrace: cannot read stdin: it is xz-compressed; droptrace reads "
                + "UTF-8 text and gzip: put 'xz -dc' in front of droptrace in the pipe");
        assertThat(run.out()).isEmpty();
        assertThat(TopicCount.records(SharedKafkaBroker.bootstrapServers(),
                Topics.UNPARSED.name(Namespace.of("it-replay-xz-later")))).isZero();
    }

    private static byte[] xzData() {
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        xz.writeBytes(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6, (byte) 0xd6});
        for (int k = 0; k < 50; k++) {
            xz.writeBytes(("\u00b5\u0001\n\u0000\u0017x" + k).getBytes(StandardCharsets.UTF_8));
        }
        return xz.toByteArray();
    }
}
