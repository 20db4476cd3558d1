package ai.thinkheads.droptrace.probes.tls;

import ai.thinkheads.droptrace.probes.config.TrustConfig;
import ai.thinkheads.droptrace.probes.config.TrustNames;
import ai.thinkheads.droptrace.probes.file.LocalFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The named trust anchors of a configuration, read when used (so a configuration written for
 * another host still loads and lists) and again when their file changes. {@code system} is always
 * defined: the JDK's default store unless the configuration points it at a PEM bundle.
 */
public final class TrustAnchors {

    /** The certificates of an anchor, or why they could not be read. */
    public record Anchor(String name, List<X509Certificate> certificates, String problem) {
        public Anchor {
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }

        public boolean usable() {
            return problem == null;
        }
    }

    /** An anchor read from its file, with the file's size and time then: a file that changes is read again. */
    private record Read(Anchor anchor, FileTime modified, long size) {
    }

    /** How long reading an anchor's file may take: a stat or read on a hung network mount never returns. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, TrustConfig> configured;
    private final Map<String, Anchor> system = new ConcurrentHashMap<>();
    private final Map<String, Read> read = new ConcurrentHashMap<>();

    public TrustAnchors(Map<String, TrustConfig> configured) {
        this.configured = Map.copyOf(configured);
    }

    /**
     * The anchor as its file is now. A probe run for hours must see a root exported again (the CA was
     * re-created) or a share mounted after the first run, so a file is read again when its size or time
     * changed, and a file that could not be read is tried again at the next use.
     */
    public Anchor get(String name) {
        TrustConfig config = configured.get(name);
        if (config == null && !name.equals(TrustNames.SYSTEM)) {
            return new Anchor(name, null, "trust anchor '" + name + "' is not defined");
        }
        if (config == null || config.file() == null) {
            return system.computeIfAbsent(name, TrustAnchors::jdkDefault);
        }
        Path file = Path.of(config.file());
        // the root is often on a network share (Phoenix's NFS): a hung mount's stat or read keeps a thread of its own
        return LocalFile.within(READ_TIMEOUT, () -> fromDisk(name, file), why -> {
            read.remove(name);
            return new Anchor(name, null, "trust anchor '" + name + "': " + file + ": " + why);
        });
    }

    private Anchor fromDisk(String name, Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            read.remove(name);
            return readAnchor(name, file);
        }
        Read last = read.get(name);
        if (last != null && last.modified().equals(attributes.lastModifiedTime()) && last.size() == attributes.size()) {
            return last.anchor();
        }
        Anchor anchor = readAnchor(name, file);
        if (anchor.usable()) {
            read.put(name, new Read(anchor, attributes.lastModifiedTime(), attributes.size()));
        } else {
            read.remove(name);
        }
        return anchor;
    }

    /** The certificates of a PEM file, read within {@link #READ_TIMEOUT} and up to {@link LocalFile#MAX_BYTES}, or why not. */
    public static Anchor fromFile(String name, Path file) {
        return LocalFile.within(READ_TIMEOUT, () -> readAnchor(name, file),
                why -> new Anchor(name, null, "trust anchor '" + name + "': " + file + ": " + why));
    }

    private static Anchor readAnchor(String name, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(LocalFile.MAX_BYTES + 1);
            if (bytes.length > LocalFile.MAX_BYTES) { // a device (/dev/zero) or a file given by mistake filled the heap
                return new Anchor(name, null, "trust anchor '" + name + "': " + file + " is larger than 1 MiB, "
                        + "far more than a PEM bundle of every public root: is it the right file?");
            }
            // PEM is ASCII: read as UTF-8, a DER certificate was "cannot read (Input length = 1)", not "no PEM certificate"
            List<X509Certificate> certs = Certificates.fromPem(new String(bytes, StandardCharsets.ISO_8859_1));
            if (certs.isEmpty()) {
                return new Anchor(name, null, "trust anchor '" + name + "': " + file + " holds no PEM certificate");
            }
            return new Anchor(name, certs, null);
        } catch (NoSuchFileException e) {
            return new Anchor(name, null, "trust anchor '" + name + "': " + file + " does not exist");
        } catch (IOException e) {
            return new Anchor(name, null, "trust anchor '" + name + "': cannot read " + file + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            return new Anchor(name, null, "trust anchor '" + name + "': " + file + " is not a readable certificate ("
                    + e.getMessage() + ")");
        }
    }

    private static Anchor jdkDefault(String name) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return new Anchor(name, Arrays.asList(x509.getAcceptedIssuers()), null);
                }
            }
            return new Anchor(name, null, "the JDK has no X.509 trust store");
        } catch (GeneralSecurityException e) {
            return new Anchor(name, null, "cannot read the JDK trust store: " + e.getMessage());
        }
    }
}
