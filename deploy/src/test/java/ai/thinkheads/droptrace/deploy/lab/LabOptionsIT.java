package ai.thinkheads.droptrace.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options of the lab scripts that are wrong are refused with a line naming them, before anything is built. */
class LabOptionsIT {

    private static final String PREFIX = "dtop" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);

    @TempDir
    Path tmp;

    @Test
    void a_ttl_that_is_no_duration_or_zero_is_refused_before_anything_is_built() {
        // Given 'abc' (timeout(1) refuses it) and '0' (timeout(1) takes it as no limit: daemons that never end)
        Path up = NamespaceLab.scriptsDir().orElseThrow().resolve("up");
        for (String ttl : List.of("abc", "0", "0.0h")) {
            Path dir = tmp.resolve(PREFIX + "-" + ttl);
            try {
                // When
                CommandResult run = NamespaceLab.run(Duration.ofSeconds(120), List.of(up.toString(), "--prefix", PREFIX,
                        "--dir", dir.toString(), "--subnet", "10.215.0.0/24", "--ttl", ttl));

                // Then
                assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
                assertThat(run.stderr()).as(run.describe()).contains("--ttl", "'" + ttl + "'");
                assertThat(dir).as(run.describe()).doesNotExist();
            } finally {
                if (Files.exists(dir.resolve("state"))) {
                    NamespaceLab.down(PREFIX, dir);
                }
            }
        }
    }

    @Test
    void check_target_calls_an_address_with_an_octet_above_255_a_usage_error_not_a_refused_lab_address() {
        // Given
        Path checkTarget = NamespaceLab.scriptsDir().orElseThrow().resolve("check-target");
        for (String address : List.of("999.1.1.1", "10.0.0.256", "1.2.3")) {
            // When
            CommandResult run = NamespaceLab.run(Duration.ofSeconds(30), List.of(checkTarget.toString(), "--prefix",
                    PREFIX, "--dir", tmp.resolve(PREFIX).toString(), address));

            // Then
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
            assertThat(run.stderr()).as(run.describe()).contains("not an IPv4 address: " + address);
        }
    }
}
