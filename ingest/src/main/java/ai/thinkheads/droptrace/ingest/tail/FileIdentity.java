package ai.thinkheads.droptrace.ingest.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Which file a path names right now: device and inode. A rename rotation gives the path a new
 * identity; copytruncate keeps it and shrinks the file.
 */
public record FileIdentity(long device, long inode) {

    /** The identity of {@code path}, or {@code null} when it does not exist. */
    public static FileIdentity of(Path path) throws IOException {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
            return new FileIdentity(((Number) attributes.get("dev")).longValue(),
                    ((Number) attributes.get("ino")).longValue());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** {@code dev:inode}, as stored in the state file and in record headers. */
    public String text() {
        return device + ":" + inode;
    }

    public static FileIdentity parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        try {
            if (colon >= 0) {
                return new FileIdentity(Long.parseLong(text.substring(0, colon)),
                        Long.parseLong(text.substring(colon + 1)));
            }
        } catch (NumberFormatException e) {
            // said below, as a text without the colon
        }
        throw new IllegalArgumentException("file identity must be dev:inode, was " + text);
    }
}
