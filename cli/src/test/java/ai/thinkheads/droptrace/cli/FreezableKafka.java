package ai.thinkheads.droptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka in a JVM of its own that a test can freeze with SIGSTOP (and let go with SIGCONT): the embedded broker of an
 * {@code ingest listen}. Its clients' connections stay open while it is frozen, and what they send waits in them (or in
 * the kernel's receive queue of its sockets), unanswered.
 */
public final class FreezableKafka implements AutoCloseable {

    private final Process jvm;
    private final String bootstrap;

    private FreezableKafka(Process jvm, String bootstrap) {
        this.jvm = jvm;
        this.bootstrap = bootstrap;
    }

    /** Starts it, its output in {@code dir/kafka.out}, its temporary files under {@code dir}. */
    public static FreezableKafka start(Path dir, String namespace) throws Exception {
        Path out = dir.resolve("kafka.out");
        Process jvm = CliJvm.start(out, 300, List.of("-Djava.io.tmpdir=" + dir), "ingest", "listen", "--udp", "0",
                "--bind", "127.0.0.1", "--namespace", namespace);
        String started = "Started an embedded Kafka broker at ";
        CliJvm.awaitOutput(out, jvm, started);
        String said = Files.readString(out);
        int at = said.indexOf(started) + started.length();
        return new FreezableKafka(jvm, said.substring(at, said.indexOf(' ', at)));
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** Freezes it (SIGSTOP). */
    public void freeze() throws Exception {
        signal("STOP");
    }

    /** Lets it go on (SIGCONT). */
    public void thaw() throws Exception {
        signal("CONT");
    }

    /**
     * The bytes its clients sent that it has not read (the kernel's receive queues of its connections): while it is
     * frozen, what a client sent since.
     */
    public long unreadBytes() throws Exception {
        String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
        Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String table = new String(ss.getInputStream().readAllBytes());
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return table.lines().map(String::trim).filter(l -> !l.isEmpty())
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[0])).sum();
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(CliJvm.jvm(jvm).pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** Lets it go on and stops it (SIGTERM). */
    @Override
    public void close() throws Exception {
        if (jvm.isAlive()) {
            thaw();
            CliJvm.stop(jvm, false);
        }
    }
}
