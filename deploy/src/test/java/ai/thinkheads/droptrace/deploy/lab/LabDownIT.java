package ai.thinkheads.droptrace.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code down} touches only what its lab created: a namespace that has the lab's name but is not the
 * lab's (made after the lab went down) keeps its {@code /etc/netns} files. Root only.
 */
class LabDownIT {

    private static final String PREFIX = "dtdn" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);

    @TempDir
    Path tmp;

    @Test
    void down_again_leaves_the_resolv_conf_of_a_namespace_that_only_has_the_labs_name() throws Exception {
        Optional<String> unavailable = NamespaceLab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the namespace lab: " + unavailable.orElse(""));
        // Given a lab that was brought up and down, then someone else's namespace under one of its names
        Path dir = tmp.resolve(PREFIX);
        String ns = PREFIX + "-101";
        Path resolv = Path.of("/etc/netns", ns, "resolv.conf");
        NamespaceLab.up(PREFIX, dir, "10.217.0.0/24").close();
        try {
            CommandResult add = NamespaceLab.run(Duration.ofSeconds(10), List.of("ip", "netns", "add", ns));
            assertThat(add.succeeded()).as(add.describe()).isTrue();
            Files.createDirectories(resolv.getParent());
            Files.writeString(resolv, "nameserver 192.0.2.53\n");

            // When down runs again
            CommandResult down = NamespaceLab.down(PREFIX, dir);

            // Then that namespace and its resolv.conf are left alone
            assertThat(down.succeeded()).as(down.describe()).isTrue();
            assertThat(down.stderr()).contains(ns + " exists but is not this lab's");
            assertThat(Path.of("/run/netns", ns)).exists();
            assertThat(resolv).as(down.describe()).hasContent("nameserver 192.0.2.53");
        } finally {
            NamespaceLab.run(Duration.ofSeconds(10), List.of("ip", "netns", "del", ns));
            Files.deleteIfExists(resolv);
            Files.deleteIfExists(resolv.getParent());
        }
    }
}
