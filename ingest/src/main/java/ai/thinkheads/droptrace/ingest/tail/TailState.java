package ai.thinkheads.droptrace.ingest.tail;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.MappingErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable position of a tail: which file (identity), how far into it everything is
 * acknowledged by Kafka, and, per topic partition, the offset from which records of later lines
 * can be found (so that a restart after a crash can recognise lines already in Kafka and not send
 * them twice).
 *
 * @param partitionOffsets {@code topic-partition} to the offset after the last acknowledged record
 *     of this tail, or the partition's end when the tail started
 * @param before the last (up to 64) bytes before {@code offset}, Base64: a copytruncate rotation keeps the
 *     file's identity, and these tell whether the file was written again past the offset since ({@code null}
 *     at offset 0 and in the state files of older versions)
 * @param head the first (up to 64) bytes of the file, Base64: what finds the file again by its content when it was
 *     rotated away and compressed while the tail was stopped, even at offset 0 ({@code null} when it was empty, and
 *     in the state files of older versions)
 * @param storedAt when the position was stored, epoch milliseconds: the rotated files written after it hold lines
 *     not read yet, which tells them when nothing else can (a position at the start of a file that was empty;
 *     {@code null} in the state files of older versions)
 * @param host the node the tail named on its records ({@code --host}) when it stored the position: the records it sent
 *     after it, which a restart must not send again, carry that name, also when the restart is given another
 *     ({@code null} for a tail that named none, and in the state files of older versions)
 */
public record TailState(String path, String file, long offset, Map<String, Long> partitionOffsets, String before,
        String head, Long storedAt, String host) {

    private static final Logger LOGGER = LoggerFactory.getLogger(TailState.class);

    public TailState {
        Objects.requireNonNull(path, "path");
        FileIdentity.parse(Objects.requireNonNull(file, "file")); // one droptrace did not write: refused when read
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        partitionOffsets = Map.copyOf(Objects.requireNonNull(partitionOffsets, "partitionOffsets"));
        checkBase64("before", before);
        checkBase64("head", head);
    }

    private static void checkBase64(String name, String value) {
        if (value != null) {
            try {
                Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + name + "' is not Base64 (" + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * The state of a position whose preceding bytes are {@code bytesBefore} in a file that starts with
     * {@code firstBytes}, stored at {@code storedAt} (epoch milliseconds) by the tail of node {@code host} (may be
     * {@code null}).
     */
    public static TailState of(String path, String file, long offset, Map<String, Long> partitionOffsets,
            byte[] bytesBefore, byte[] firstBytes, long storedAt, String host) {
        return new TailState(path, file, offset, partitionOffsets, base64(bytesBefore), base64(firstBytes), storedAt,
                host);
    }

    private static String base64(byte[] bytes) {
        return bytes.length == 0 ? null : Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Whether this is the position of a tail of {@code log}: the same absolute path (a state file of an older
     * version may hold the path as it was given; a relative one is not held against it).
     */
    public boolean follows(Path log) {
        Path stored = Path.of(path);
        return !stored.isAbsolute() || stored.normalize().equals(log.toAbsolutePath().normalize());
    }

    /** The bytes before the offset, empty when not known. */
    public byte[] bytesBefore() {
        return before == null ? new byte[0] : Base64.getDecoder().decode(before);
    }

    /** The first bytes of the file, empty when not known. */
    public byte[] firstBytes() {
        return head == null ? new byte[0] : Base64.getDecoder().decode(head);
    }

    /** The state in {@code stateFile}, or {@code null} when there is none yet. */
    public static TailState read(Path stateFile) throws IOException {
        if (!Files.exists(stateFile)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(stateFile);
        } catch (CharacterCodingException e) {
            throw notAPosition(stateFile, "it is not text", e);
        }
        if (text.isBlank()) {
            throw notAPosition(stateFile, "it is empty", null);
        }
        try {
            return Json.events().readValue(text, TailState.class);
        } catch (StreamReadException e) {
            throw notAPosition(stateFile, "it is not JSON", e); // a log given as --state-file, say
        } catch (JsonMappingException e) {
            throw notAPosition(stateFile, why(e), e);
        } catch (JsonProcessingException e) {
            throw notAPosition(stateFile, "it is not JSON", e);
        }
    }

    /** What is wrong, in the file's terms: {@code no 'path'}, {@code 'before' is not Base64}, {@code offset: ...}. */
    private static String why(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException) {
            return "no '" + cause.getMessage() + "'";
        }
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        return e.getPath().isEmpty() ? "it is not a JSON object" : MappingErrors.describe(e);
    }

    private static IOException notAPosition(Path stateFile, String why, Exception cause) {
        return new IOException(stateFile + " is not a tail position droptrace wrote (" + why + ")", cause);
    }

    /** Writes the state so that a crash at any moment leaves either the old or the new state. */
    public void write(Path stateFile) throws IOException {
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        byte[] json = Json.events().writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
        try {
            try {
                writeTemporary(tmp, json);
            } catch (NoSuchFileException e) {
                // Its directory was deleted while the tail ran (an operator's rm -rf, a clean-up of the state
                // folder): failing here ended the tail, and its restart, with no position, sent the whole log again.
                Path directory = stateFile.toAbsolutePath().getParent();
                if (directory == null || Files.exists(directory)) {
                    throw e;
                }
                Files.createDirectories(directory);
                LOGGER.atWarn().addKeyValue("file", stateFile.toString())
                        .log("the folder of the tail position was gone (deleted while the tail ran); made it again");
                writeTemporary(tmp, json);
            }
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a full disk says only "No space left on device": the operator must learn it is the state file's disk
            throw new IOException("cannot store the tail position in " + stateFile + ": " + reason(e), e);
        }
    }

    private static void writeTemporary(Path tmp, byte[] json) throws IOException {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(json));
            channel.force(true);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
