package ai.thinkheads.droptrace.deploy.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's own keytool, for tests that need a PKCS#12 keystore or truststore (always there, unlike openssl). */
public final class Keytool {

    private Keytool() {
    }

    /**
     * Runs {@code keytool ARGS -storetype PKCS12 -storepass PASSWORD}, its output in {@code dir}; an
     * {@link AssertionError} with that output when it fails or takes over a minute.
     */
    public static void run(Path dir, String password, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        Path out = dir.resolve("keytool.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " took over a minute");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + ": " + Files.readString(out, StandardCharsets.UTF_8));
        }
    }

    /** A keystore at {@code keystore} with a new EC key and a self-signed certificate for {@code dname}. */
    public static void keyPair(Path keystore, String password, String alias, String dname, String... extra)
            throws IOException, InterruptedException {
        List<Object> args = new ArrayList<>(List.of("-genkeypair", "-keystore", keystore, "-alias", alias, "-keyalg",
                "EC", "-dname", dname, "-validity", "2"));
        args.addAll(List.of((Object[]) extra));
        run(keystore.toAbsolutePath().getParent(), password, args.toArray());
    }
}
