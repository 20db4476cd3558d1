package ai.thinkheads.droptrace.ingest.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Puts the files of a rotated log set in time order, oldest first: logrotate's numbered files
 * ({@code pve-firewall.log.7.gz} ... {@code .log.2.gz}, {@code .log.1}, then {@code .log}) and its
 * {@code dateext} files, by date ({@code pve-firewall.log-20250314.gz}, the default
 * {@code dateformat -%Y%m%d}; also {@code -2025-03-14}, {@code -2025031409} and {@code -20250314-1710400000}, and
 * each of them after a dot, {@code .20250314}, as a {@code dateformat .%Y%m%d} names them),
 * with {@code start 0} ({@code .log.0} is the youngest) and with {@code extension .log}, which keeps the extension
 * last ({@code pve-firewall.1.log}, {@code pve-firewall.2.log.gz}, {@code pve-firewall-20250314.log.gz}).
 * Different sets, and inputs of no set (pipes such as {@code <(zcat old.gz)}, whose names
 * {@code /dev/fd/63}, {@code /dev/fd/62} count down as bash hands them out), keep the order they were
 * given in.
 */
public final class ReplayOrder {

    /**
     * The name of the set, then a number or a date, then the extension logrotate's {@code extension} option keeps
     * after them (letters and digits: {@code .log}, never {@code .log-20250314}, which is a date after the name),
     * then {@code .gz}.
     */
    private static final Pattern ROTATED = Pattern.compile(
            "(.*?)(?:\\.(\\d{1,18})|[-.](\\d{8,10}|\\d{4}-\\d{2}-\\d{2}(?:-\\d{2})?|\\d{8}-\\d{1,10}))?"
                    + "(\\.[A-Za-z][A-Za-z0-9_]*)??(\\.gz)?");
    private static final Pattern DOTTED_NUMBER = Pattern.compile(".*\\.\\d+");
    /** A date of {@code dateformat .%Y%m%d} or {@code .%Y%m%d%H}: after a dot, as a rotation's number would be. */
    private static final Pattern DATE_DIGITS = Pattern.compile(
            "(19[7-9]\\d|2[01]\\d\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])([01]\\d|2[0-3])?");

    private ReplayOrder() {
    }

    public static List<Path> order(List<Path> files) {
        Map<String, Integer> given = new HashMap<>();
        for (Path file : files) {
            given.putIfAbsent(key(file).base(), given.size());
        }
        List<Path> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing((Path p) -> given.get(key(p).base()))
                .thenComparing((Path p) -> key(p).rank(), Comparator.reverseOrder()));
        return sorted;
    }

    /**
     * The rotated files of the live file {@code live} that lie beside it (its {@code .N}, {@code .N.gz},
     * {@code -DATE} and {@code -DATE.gz} files, with an {@code extension} kept last too, not {@code live} itself),
     * oldest first; of a symbolic link, those beside the file it points to as well; files of the same age
     * (a {@code .1} being compressed into {@code .1.gz}) in name order, the plain one first.
     */
    public static List<Path> rotationsOf(Path live) throws IOException {
        Path absolute = live.toAbsolutePath().normalize();
        List<Path> rotated = beside(absolute);
        Path target = target(absolute);
        if (!target.equals(absolute)) {
            // A symbolic link: logrotate rotates the file it points to (it skips links), beside that file. A file
            // listed beside both (the same folder reached through a linked one) is taken once, by its first name.
            Set<Path> seen = new HashSet<>();
            for (Path file : rotated) {
                seen.add(target(file));
            }
            for (Path file : beside(target)) {
                if (seen.add(target(file))) {
                    rotated.add(file);
                }
            }
        }
        rotated.sort(Comparator.comparing((Path p) -> key(p).rank(), Comparator.reverseOrder())
                .thenComparing(Path::toString));
        return rotated;
    }

    /** The rotated files of {@code live} (absolute, normalised) in its folder, in no order. */
    private static List<Path> beside(Path live) throws IOException {
        String base = live.toString();
        List<Path> rotated = new ArrayList<>();
        try (Stream<Path> files = Files.list(live.getParent())) {
            for (Path candidate : files.toList()) {
                Key key = key(candidate);
                if (key.base().equals(base) && key.rank() > 0 && Files.isRegularFile(candidate)) {
                    rotated.add(candidate);
                }
            }
        }
        return rotated;
    }

    /** The file {@code path} names once every symbolic link is followed; itself when that cannot be told (gone). */
    private static Path target(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** base name of the set, and the age rank in it: higher is older; the live file is 0. */
    record Key(String base, long rank) {
    }

    static Key key(Path file) {
        String name = file.toAbsolutePath().normalize().toString();
        Matcher m = ROTATED.matcher(name);
        if (!m.matches()) {
            return new Key(name, 0);
        }
        String base = m.group(4) == null ? m.group(1) : m.group(1) + m.group(4);
        if (m.group(2) != null && m.group(4) != null && DOTTED_NUMBER.matcher(m.group(1)).matches()) {
            // 10.0.0.5.log is a log named by an address, not the fifth rotation of 10.0.0.log
            return new Key(m.group(1) + "." + m.group(2) + m.group(4), 0);
        }
        if (m.group(2) != null && DATE_DIGITS.matcher(m.group(2)).matches()) {
            // logrotate numbers its files from 0 or 1 up to the rotate count: pve-firewall.log.20250314 is
            // a date (dateformat .%Y%m%d), never the twenty-millionth rotation
            return new Key(base, dateRank(m.group(2)));
        }
        if (m.group(2) != null) {
            // .0 (logrotate's 'start 0') is younger than .1 and older than the live file: one above the number.
            // Above every date too: logrotate with dateext writes no numbered file, so a numbered file beside dated
            // ones is left from before dateext was turned on, older than all of them.
            return new Key(base, NUMBERED + Math.min(Long.parseLong(m.group(2)), NUMBERED / 2) + 1);
        }
        if (m.group(3) != null) {
            // Newer dates are younger: rank so that a later date sorts after an earlier one. The date's digits
            // are read as one number, padded to 18 so that 20250314 and 2025031409 compare as times.
            return new Key(base, dateRank(m.group(3)));
        }
        return new Key(base, 0);
    }

    /** The rank of the rotation numbers' start: above every date's rank ({@link #dateRank} stays below it). */
    private static final long NUMBERED = Long.MAX_VALUE / 2;

    private static long dateRank(String date) {
        String digits = (date.replace("-", "") + "000000000000000000").substring(0, 18);
        return Long.MAX_VALUE / 2 - Long.parseLong(digits);
    }
}
