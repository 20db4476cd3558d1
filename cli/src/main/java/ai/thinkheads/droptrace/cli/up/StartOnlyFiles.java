package ai.thinkheads.droptrace.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files {@code up} reads only when it starts (its configuration, the probe configuration, the Kafka client
 * settings), unlike the firewall configuration, which it reads again every {@code checkEvery}: a change to one while
 * {@code up} runs is not applied, and is said once, rather than left for the operator to think it was.
 */
final class StartOnlyFiles {

    private final Map<Path, String> atStart = new LinkedHashMap<>();
    /** What was last said of each file: its content at the start, or the content (or state) a change line named. */
    private final Map<Path, String> said = new LinkedHashMap<>();

    /** The files as they are now, when {@code up} has read them. */
    StartOnlyFiles(List<Path> files) {
        for (Path file : files) {
            String now = state(file);
            atStart.putIfAbsent(file, now);
            said.putIfAbsent(file, now);
        }
    }

    /** The files watched, in the order given. */
    List<Path> files() {
        return List.copyOf(atStart.keySet());
    }

    /**
     * One line for each file that changed since the last look: changed since the start (its change not applied), or
     * back as it was at the start; nothing for a file as last said.
     */
    List<String> changes() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Path, String> file : atStart.entrySet()) {
            String now = state(file.getKey());
            if (Objects.equals(now, said.get(file.getKey()))) {
                continue;
            }
            said.put(file.getKey(), now);
            if (Objects.equals(now, file.getValue())) {
                lines.add(file.getKey() + " is again as up read it at its start");
            } else {
                lines.add("warning: " + file.getKey() + (now.startsWith("!") ? " " + now.substring(1) : " changed")
                        + " since up started; up reads it only when it starts, so the change is not applied: restart up "
                        + "to apply it");
            }
        }
        return lines;
    }

    /** The file's content as a SHA-256 digest; {@code !why} when it cannot be read. */
    private static String state(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return "!was removed";
        } catch (IOException e) {
            return "!cannot be read (" + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
