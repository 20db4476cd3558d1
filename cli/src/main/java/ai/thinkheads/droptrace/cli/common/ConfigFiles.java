package ai.thinkheads.droptrace.cli.common;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reading and rewriting a user's configuration files: one-line errors, and a file is replaced whole or not at all. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The file's text, or {@code null} when there is no such file; an unreadable one is a one-line error. */
    public static String readIfPresent(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (CharacterCodingException e) {
            // pve-firewall and Proxmox's editors write UTF-8; rewriting the file would lose the bytes that are not
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read " + file + ": it is not UTF-8 text (a comment "
                    + "saved in another encoding?); save it as UTF-8 and run again", e);
        } catch (IOException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces (or creates) {@code target} with {@code text} through a temporary file moved over it. */
    public static void writeAtomically(Path target, String text) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = target.resolveSibling(target.getFileName() + ".droptrace.tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The new file takes the old one's permissions, not the umask's: a file kept private stays private. Where they
     * cannot be set (pmxcfs at /etc/pve gives every file its own), the file system's stay.
     */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or one that decides permissions itself
        }
    }
}
