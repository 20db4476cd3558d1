package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.TopicCount;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ReplayStdinFormatIT {

    @Test
    void xz_data_on_stdin_is_one_line_saying_what_to_put_in_the_pipe_and_no_dead_letter_is_sent() {
        // Given: the first bytes of an xz file, then binary data with line ends and NUL bytes in it
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        xz.writeBytes(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6, (byte) 0xd6});
        for (int k = 0; k < 50; k++) {
            xz.writeBytes(("\u00b5\u0001\n\u0000\u0017x" + k).getBytes(StandardCharsets.UTF_8));
        }
        // When
        CliRun run = CliRun.withStdin(xz.toByteArray(), "replay", "-", "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", "it-replay-xz");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("droptrace: cannot read stdin: it is xz-compressed; droptrace reads UTF-8 text "
                + "and gzip: put 'xz -dc' in front of droptrace in the pipe").doesNotContain("Exception");
        assertThat(TopicCount.records(SharedKafkaBroker.bootstrapServers(),
                Topics.UNPARSED.name(Namespace.of("it-replay-xz")))).isZero();
    }
}
