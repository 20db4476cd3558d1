package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.TailCommand;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The embedded broker's data directory ({@code <stateDir>/kafka}), locked for as long as {@code up} runs. A second
 * {@code up} on the same stateDir with other ports (the ports' check cannot see it) would start a second broker on
 * that directory: it rewrote the broker's settings and the running broker's metadata log, which then read as corrupt
 * ({@code CorruptRecordException} in {@code __cluster_metadata-0}) and halted the first {@code up}. Taken before
 * anything starts; none with a Kafka of {@code kafka.bootstrapServers}, whose data is elsewhere.
 */
final class KafkaDataLock implements AutoCloseable {

    private final FileChannel held;

    private KafkaDataLock(FileChannel held) {
        this.held = held;
    }

    /** The lock of the embedded broker's data; one held by another process is one line, exit 3. */
    static KafkaDataLock take(UpSettings settings) throws IOException {
        if (settings.bootstrapServers() != null) {
            return new KafkaDataLock(null);
        }
        Path data = settings.stateDir().resolve("kafka");
        FileChannel lock = TailCommand.tryLockState(data, "the lock of the embedded broker's data " + data);
        if (lock == null) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: stateDir: another droptrace up runs "
                    + "its embedded broker on " + data + " (a second 'droptrace up' on " + settings.stateDir()
                    + "?); stop it, or give this one its own stateDir: two brokers on one data directory corrupt it");
        }
        return new KafkaDataLock(lock);
    }

    @Override
    public void close() throws IOException {
        if (held != null) {
            held.close();
        }
    }
}
