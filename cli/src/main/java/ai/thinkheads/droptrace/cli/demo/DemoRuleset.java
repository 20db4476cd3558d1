package ai.thinkheads.droptrace.cli.demo;

import ai.thinkheads.droptrace.core.firewall.source.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's firewall configuration, a copy of {@code deploy/examples/firewall/phoenix} that the
 * build bundles as classpath resources (see {@code cli/pom.xml}), unpacked into a directory so the
 * ordinary directory reader reads it, from a jar or from classes on disk alike.
 */
final class DemoRuleset {

    static final String RESOURCE = "ruleset";

    private DemoRuleset() {
    }

    /**
     * The demo's configuration source: the bundled files unpacked into {@code target}, read as a
     * Proxmox directory. To bundle a Phoenix {@code etc/} folder instead, point the resource in
     * {@code cli/pom.xml} at it and return {@code new ConfigSource.PhoenixEtc(unpack(target), generator)}.
     */
    static ConfigSource source(Path target) {
        return new ConfigSource.ProxmoxDirectory(unpack(target));
    }

    /** Unpacks the bundled configuration into {@code target} and returns it. */
    static Path unpack(Path target) {
        return unpack(RESOURCE, target);
    }

    /** Unpacks the bundled folder {@code resource} (next to this class) into {@code target} and returns it. */
    static Path unpack(String resource, Path target) {
        URL url = DemoRuleset.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("the bundled demo " + resource + " is missing from the build");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copy(jar.provider().getPath(uri), target);
                }
            } else {
                copy(Path.of(uri), target);
            }
            return target;
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException("cannot unpack the bundled demo " + resource, e instanceof IOException io ? io
                    : new IOException(e));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
