package ai.thinkheads.droptrace.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryBrokerAtExitTest {

    @TempDir
    Path tmp;

    @Test
    void a_temporary_broker_asked_for_once_a_signal_began_the_exit_leaves_no_directory_behind() throws Exception {
        // Given: a JVM whose exit has begun (as after SIGTERM) while a hook still holds it, as a command's stop does
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(List.of("timeout", "60", java, "-Xmx128m", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), StartedWhileExiting.class.getName()))
                .redirectErrorStream(true).start();

        // When: it asks for a temporary broker
        boolean ended = jvm.waitFor(60, TimeUnit.SECONDS);
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // Then: refused, and nothing made in the temporary directory
        assertThat(ended).as(output).isTrue();
        assertThat(output).contains("refused: Shutdown in progress");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("droptrace-kafka-"));
        }
    }

    /** The JVM of the test: its exit begins, then it asks for a temporary broker. */
    static final class StartedWhileExiting {
        public static void main(String[] args) throws Exception {
            CountDownLatch asked = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    asked.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            new Thread(() -> System.exit(143)).start();
            for (int i = 0; i < 3000 && !exiting(); i++) {
                Thread.sleep(10);
            }
            try {
                EmbeddedKafkaBroker.startTemporary().close();
                System.out.println("started");
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
            System.out.flush();
            asked.countDown();
        }

        private static boolean exiting() {
            Thread probe = new Thread(() -> { });
            try {
                Runtime.getRuntime().addShutdownHook(probe);
            } catch (IllegalStateException e) {
                return true;
            }
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        }
    }
}
