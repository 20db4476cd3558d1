package ai.thinkheads.droptrace.cli.common;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading and rewriting a user's configuration files: one-line errors, and a file is replaced whole or not at all. */
public final class ConfigFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

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
        writeAll(Map.of(target, text));
    }

    /**
     * Replaces (or creates) each file with its text, all or none as far as the file system lets: every new text is
     * written to a temporary file next to the file first, and only when all are written are they moved over the files,
     * so a read-only directory or a full disk changes no file and leaves no temporary file behind. A file that is a
     * symbolic link is written where it leads (the link stays a link, as {@code sed -i --follow-symlinks} and editors
     * keep it), and every file keeps its permissions and owner. When a move fails after others succeeded, the error
     * names the files already written and those left as they were.
     */
    public static void writeAll(Map<Path, String> texts) {
        List<Pending> pending = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> e : texts.entrySet()) {
                Path target = followLink(e.getKey());
                Pending p = new Pending(e.getKey(), target, temporaryName(target));
                try {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    pending.add(p);
                    // CREATE_NEW: never through a link or over a file someone else put at that name
                    Files.writeString(p.tmp(), e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE_NEW);
                } catch (IOException ex) {
                    throw new UserException(ExitCodes.FAILURE, "cannot write " + e.getKey() + ": " + reason(ex)
                            + "; no file was changed", ex);
                }
                keepPermissions(target, p.tmp());
            }
        } catch (UserException ex) {
            pending.forEach(p -> deleteQuietly(p.tmp()));
            throw ex;
        }
        List<Path> written = new ArrayList<>();
        for (Pending p : pending) {
            try {
                try {
                    Files.move(p.tmp(), p.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(p.tmp(), p.target(), StandardCopyOption.REPLACE_EXISTING);
                }
                written.add(p.named());
            } catch (IOException ex) {
                pending.forEach(q -> deleteQuietly(q.tmp()));
                List<Path> left = pending.stream().map(Pending::named).filter(f -> !written.contains(f)).toList();
                throw new UserException(ExitCodes.FAILURE, "cannot write " + p.named() + ": " + reason(ex)
                        + (written.isEmpty() ? "; no file was changed"
                        : "; written before it: " + join(written) + "; left as they were: " + join(left)), ex);
            }
        }
    }

    /**
     * The temporary file's name, next to the file: its name, this process and a random part, so that two runs at once
     * (or a name left by a run that was killed) never share one.
     */
    private static Path temporaryName(Path target) {
        return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".droptrace.tmp");
    }

    /** A file to replace: as the command names it, where it is written (a link's target), the new text's file. */
    private record Pending(Path named, Path target, Path tmp) {
    }

    /** Where a symbolic link leads, so that writing keeps the link; a link that leads nowhere is a one-line error. */
    private static Path followLink(Path file) {
        if (!Files.isSymbolicLink(file)) {
            return file;
        }
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot write " + file + ": it is a symbolic link that leads "
                    + "nowhere (" + reason(e) + "); no file was changed", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static String join(List<Path> files) {
        return String.join(", ", files.stream().map(Path::toString).toList());
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // nothing more to do: the error that stopped the write is the one to report
        }
    }

    /**
     * The new file takes the old one's permissions, not the umask's: a file kept private stays private; and its owner
     * and group, not those of the user running droptrace (root, by sudo): a file another user edits stays theirs.
     * Where they cannot be set (pmxcfs at /etc/pve gives every file its own), the file system's stay.
     */
    private static void keepPermissions(Path target, Path tmp) {
        if (!Files.exists(target)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or one that decides permissions itself
        }
        try {
            PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (!old.owner().equals(Files.getOwner(tmp))) {
                view.setOwner(old.owner());
            }
            if (!old.group().equals(view.readAttributes().group())) {
                view.setGroup(old.group());
            }
        } catch (IOException | UnsupportedOperationException e) {
            // only root may give a file away: a user rewriting their own file keeps it anyway
        }
    }
}
