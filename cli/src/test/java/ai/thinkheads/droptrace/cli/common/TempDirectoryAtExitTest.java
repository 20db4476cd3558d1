package ai.thinkheads.droptrace.cli.common;

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

class TempDirectoryAtExitTest {

    @TempDir
    Path tmp;

    @Test
    void a_temporary_directory_asked_for_once_a_signal_began_the_exit_is_not_left_behind() throws Exception {
        // Given: a JVM whose exit has begun (as after Ctrl-C while the demo's broker starts) while a hook still holds it
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(List.of("timeout", "60", java, "-Xmx64m", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), MadeWhileExiting.class.getName()))
                .redirectErrorStream(true).start();

        // When: it asks for a temporary directory
        boolean ended = jvm.waitFor(60, TimeUnit.SECONDS);
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // Then: refused, and nothing made in the temporary directory
        assertThat(ended).as(output).isTrue();
        assertThat(output).contains("refused: Shutdown in progress");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("droptrace-demo-"));
        }
    }

    @Test
    void a_temporary_directory_is_deleted_with_what_it_holds_on_close() throws Exception {
        // Given
        TempDirectory work = TempDirectory.create("droptrace-test-");
        Files.writeString(Files.createDirectories(work.path().resolve("site")).resolve("a.fw"), "[RULES]\n");

        // When
        work.close();

        // Then
        assertThat(work.path()).doesNotExist();
    }

    /** The JVM of the test: its exit begins, then it asks for a temporary directory. */
    static final class MadeWhileExiting {
        public static void main(String[] args) throws Exception {
            CountDownLatch asked = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    asked.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            new Thread(() -> System.exit(130)).start();
            for (int i = 0; i < 3000 && !exiting(); i++) {
                Thread.sleep(10);
            }
            try {
                TempDirectory.create("droptrace-demo-").close();
                System.out.println("made");
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
