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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code down} touches only what its lab created: a namespace that has the lab's name but is not the
 * lab's (made after the lab went down) keeps its {@code /etc/netns} files, and {@code --purge} leaves the
 * files of the lab directory that the lab did not write. Root only.
 */
class LabDownIT {

    private static final String PREFIX = "dtdn" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
    private static final String PURGED = "dtdp" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);

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

    @Test
    void down_purge_removes_what_up_wrote_and_leaves_the_other_files_of_the_directory() throws Exception {
        Optional<String> unavailable = NamespaceLab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the namespace lab: " + unavailable.orElse(""));
        // Given a lab brought up in a directory that already held a file of the user's, and went down
        Path dir = Files.createDirectories(tmp.resolve("home"));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        NamespaceLab.up(PURGED, dir, "10.218.0.0/24").close();
        Path down = NamespaceLab.scriptsDir().orElseThrow().resolve("down");

        // When down --purge runs
        CommandResult purge = NamespaceLab.run(Duration.ofSeconds(120),
                List.of(down.toString(), "--prefix", PURGED, "--dir", dir.toString(), "--purge"));

        // Then what up wrote is gone, and the user's file is still there
        assertThat(purge.succeeded()).as(purge.describe()).isTrue();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as(purge.describe())
                    .containsExactly("notes.txt");
        }
        assertThat(notes).hasContent("mine\n");
        assertThat(purge.stderr()).contains("other files there left alone");
    }
}
