package ai.thinkheads.droptrace.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of {@code deploy/lab/up}: it says it tears down what it created, and it must
 * finish doing so even when the teardown is slow (a loaded machine; here an {@code ip netns del} that
 * takes 4 s), rather than be killed half-way and leave namespaces and daemons behind. Root only.
 */
class LabInterruptIT {

    private static final String PREFIX = "dtin" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
    private static final String SUBNET = "10.214." + ThreadLocalRandom.current().nextInt(1, 255) + ".0/24";

    @TempDir
    Path tmp;

    @Test
    void ctrl_c_during_up_tears_down_everything_even_when_the_teardown_is_slow() throws Exception {
        Optional<String> unavailable = NamespaceLab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the namespace lab: " + unavailable.orElse(""));
        // Given an 'ip' that takes 4 s to delete a namespace (5 namespaces: 20 s of teardown)
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        String ip = NamespaceLab.run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v ip")).stdout().strip();
        Path slowIp = Files.writeString(bin.resolve("ip"), "#!/bin/sh\n"
                + "if [ \"$1\" = netns ] && [ \"$2\" = del ]; then sleep 4; fi\nexec " + ip + " \"$@\"\n");
        Files.setPosixFilePermissions(slowIp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = tmp.resolve(PREFIX);
        Path scripts = NamespaceLab.scriptsDir().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder("setsid", scripts.resolve("up").toString(), "--prefix", PREFIX,
                "--dir", dir.toString(), "--subnet", SUBNET, "--ttl", "5m")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("up.out").toFile());
        builder.environment().merge("PATH", "/usr/local/sbin:/usr/sbin:/sbin", (a, b) -> a + ":" + b);
        builder.environment().put("PATH", bin + ":" + builder.environment().get("PATH"));
        Process up = builder.start();
        try {
            awaitFile(dir.resolve("pids/dnsmasq.pid"), up);

            // When Ctrl-C reaches up's process group
            CommandResult kill = NamespaceLab.run(Duration.ofSeconds(10), List.of("kill", "-INT", "--", "-" + up.pid()));
            assertThat(kill.succeeded()).as(kill.describe()).isTrue();
            boolean ended = up.waitFor(150, TimeUnit.SECONDS);

            // Then it ended, and nothing of the lab is left: no namespace, no daemon, the state says down
            String output = Files.readString(tmp.resolve("up.out"));
            assertThat(ended).as(output).isTrue();
            for (String ns : List.of("pve", "101", "102", "103", "1001")) {
                assertThat(Path.of("/run/netns", PREFIX + "-" + ns)).as(output).doesNotExist();
            }
            try (var pids = Files.list(dir.resolve("pids"))) {
                assertThat(pids.map(p -> p.getFileName().toString()).toList()).as(output).isEmpty();
            }
            assertThat(Files.readString(dir.resolve("state"))).as(output).contains("STATUS=down");
        } finally {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            CommandResult down = NamespaceLab.down(PREFIX, dir);
            assertThat(down.succeeded()).as(down.describe()).isTrue();
        }
    }

    private static void awaitFile(Path file, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(file)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(file + " never appeared (up alive: " + process.isAlive() + ")");
            }
            Thread.sleep(50);
        }
    }
}
