package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.stream.Stream;

/** The example Phoenix configuration of {@code deploy/examples/firewall/phoenix}, as published rulesets. */
final class PhoenixRulesets {

    static final Path DIR = Path.of("..", "deploy", "examples", "firewall", "phoenix");

    private PhoenixRulesets() {
    }

    static PublishedRuleset published(Instant at) {
        return published(DIR, at);
    }

    static PublishedRuleset published(Path dir, Instant at) {
        return PublishedRuleset.of(ConfigDirectoryReader.read(dir, ReadOptions.defaults()), at, dir.toString());
    }

    /** A copy of the example in {@code target}, with {@code line} appended to {@code firewall/<file>}. */
    static Path copyWith(Path target, String file, String line) {
        try (Stream<Path> all = Files.walk(DIR)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(DIR.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(target.resolve("firewall").resolve(file), Files.readString(DIR.resolve("firewall")
                    .resolve(file)) + line + "\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
