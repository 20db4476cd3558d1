package ai.thinkheads.droptrace.ingest.tail;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a log's last complete line ended when a tail was started with {@code --from-end}: a first run starts there,
 * not where the file ends once Kafka answers, so the lines written while the tail waited for it (a node that boots
 * before its Kafka) are read, not skipped.
 *
 * @param identity the file's identity then, {@code null} when it was not there (it appears later: all of it is new)
 * @param offset the end of its last complete line
 * @param before the bytes before {@code offset} (up to 64), empty at 0
 * @param head the file's first bytes (up to 64), empty at 0
 * @param takenAt when, epoch milliseconds
 */
public record FileEnd(FileIdentity identity, long offset, byte[] before, byte[] head, long takenAt) {

    /** The end of {@code log}'s last complete line now. */
    public static FileEnd of(Path log) throws IOException {
        long now = System.currentTimeMillis();
        try (OpenFile file = OpenFile.openIfPresent(log)) {
            if (file == null) {
                return new FileEnd(null, 0, new byte[0], new byte[0], now);
            }
            file.seek(file.endOfLastLine());
            return new FileEnd(file.identity(), file.offset(), file.before(), file.offset() == 0 ? new byte[0]
                    : file.head(), now);
        }
    }

    /** Whether the file was not there: one that appears later is read from its start. */
    boolean missing() {
        return identity == null;
    }

    /** As a stored position, to find the file by if it was rotated away since. */
    RotatedFiles.Position position() {
        return new RotatedFiles.Position(identity, offset, before, head, takenAt);
    }
}
