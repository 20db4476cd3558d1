package ai.thinkheads.droptrace.deploy.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Phoenix lab ({@code deploy/lab}) driven from Java: brings it up under its own name prefix
 * and directory, runs bounded commands inside its guests through their exec prefixes, checks
 * targets, captures the kernel's rule trace, reads its pve-firewall.log, and tears it down.
 * Needs root and the lab's Debian packages; {@link #unavailableReason()} says why not.
 *
 * <pre>{@code
 * try (NamespaceLab lab = NamespaceLab.up("dtx1", dir)) {
 *     lab.requireLabTarget("10.213.0.12");
 *     CommandResult r = lab.inGuest(101, Duration.ofSeconds(10), "nc", "-z", "-w", "2", "10.213.0.12", "80");
 * }
 * }</pre>
 */
public final class NamespaceLab implements AutoCloseable {

    private static final List<String> TOOLS = List.of("ip", "bridge", "iptables-nft-restore", "nft", "dnsmasq",
            "openssl", "nc", "curl", "timeout", "setsid", "ss", "getent", "python3");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(200);

    private final Path scripts;
    private final String prefix;
    private final Path dir;
    private final LabDescription description;

    private NamespaceLab(Path scripts, String prefix, Path dir) {
        this.scripts = scripts;
        this.prefix = prefix;
        this.dir = dir;
        this.description = LabDescription.read(dir.resolve("lab.json"));
    }

    /** Why the lab cannot run here (not root, a tool missing, scripts not found), if it cannot. */
    public static Optional<String> unavailableReason() {
        CommandResult id = run(Duration.ofSeconds(10), List.of("id", "-u"));
        if (!id.succeeded() || !id.stdout().strip().equals("0")) {
            return Optional.of("the network-namespace lab needs root");
        }
        List<String> missing = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("the lab needs " + missing + " (Debian: iproute2 iptables nftables dnsmasq-base"
                    + " openssl netcat-openbsd curl python3; .ci/run installs them)");
        }
        if (scriptsDir().isEmpty()) {
            return Optional.of("deploy/lab/up not found from " + Path.of("").toAbsolutePath());
        }
        return Optional.empty();
    }

    /** {@code deploy/lab}: from system property {@code droptrace.lab.dir}, else found upwards. */
    public static Optional<Path> scriptsDir() {
        String configured = System.getProperty("droptrace.lab.dir");
        if (configured != null && Files.isExecutable(Path.of(configured, "up"))) {
            return Optional.of(Path.of(configured).toAbsolutePath());
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (Path candidate : List.of(d.resolve("deploy/lab"), d.resolve("lab"))) {
                if (Files.isExecutable(candidate.resolve("up")) && Files.exists(candidate.resolve("lab-topology.json"))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Brings a lab up; fails with the script's own output when it cannot. */
    public static NamespaceLab up(String prefix, Path dir) {
        return up(prefix, dir, null);
    }

    /** Brings a lab up on its own /24 ({@code subnet} like {@code 10.213.7.0/24}; null for the default). */
    public static NamespaceLab up(String prefix, Path dir, String subnet) {
        Path scripts = scriptsDir().orElseThrow(() -> new IllegalStateException("deploy/lab not found"));
        List<String> command = new ArrayList<>(List.of(scripts.resolve("up").toString(),
                "--prefix", prefix, "--dir", dir.toString(), "--ttl", "20m"));
        if (subnet != null) {
            command.addAll(List.of("--subnet", subnet));
        }
        CommandResult result = run(SCRIPT_TIMEOUT, command);
        if (!result.succeeded()) {
            throw new IllegalStateException("lab up failed: " + result.describe() + "\n" + result.stdout());
        }
        return new NamespaceLab(scripts, prefix, dir);
    }

    public LabDescription description() {
        return description;
    }

    public Path dir() {
        return dir;
    }

    /** Runs {@code up} again (it must notice the lab is up and leave it alone). */
    public CommandResult upAgain() {
        return script("up");
    }

    /** Tears the lab down (idempotent); the lab directory with its logs stays. */
    public CommandResult down() {
        return script("down");
    }

    /** Tears down whatever lab {@code prefix} left in {@code dir}, e.g. after a failed {@link #up}. */
    public static CommandResult down(String prefix, Path dir) {
        Path scripts = scriptsDir().orElseThrow(() -> new IllegalStateException("deploy/lab not found"));
        return run(SCRIPT_TIMEOUT, List.of(scripts.resolve("down").toString(), "--prefix", prefix,
                "--dir", dir.toString()));
    }

    @Override
    public void close() {
        down();
    }

    /** Runs a command inside a guest namespace through its exec prefix, bounded in time. */
    public CommandResult inGuest(int vmid, Duration timeout, String... command) {
        List<String> full = new ArrayList<>(description.guest(vmid).exec());
        full.addAll(List.of(command));
        return run(timeout, full);
    }

    /** Whether {@code address} is configured inside one of this lab's namespaces. */
    public boolean isLabTarget(String address) {
        return script("check-target", address).succeeded();
    }

    /** Refuses (throws) unless {@code address} is inside the lab: call before sending to it. */
    public void requireLabTarget(String address) {
        if (!isLabTarget(address)) {
            throw new IllegalStateException(address + " is not an address inside lab " + prefix);
        }
    }

    /** {@code deploy/lab/flip}: turns one of the lab's flips (lab.json {@code flips}) on or off. */
    public CommandResult flip(String id, boolean on) {
        return script("flip", id, on ? "on" : "off");
    }

    public void startTrace() {
        CommandResult r = script("trace-capture", "start", "120");
        if (!r.succeeded()) {
            throw new IllegalStateException("trace capture did not start: " + r.describe());
        }
    }

    /** Stops the trace capture and returns every traced packet pass. */
    public List<TraceDecision> stopTrace() {
        CommandResult r = script("trace-capture", "stop");
        if (!r.succeeded()) {
            throw new IllegalStateException("trace capture did not stop: " + r.describe());
        }
        ObjectMapper mapper = new ObjectMapper();
        try {
            List<TraceDecision> decisions = new ArrayList<>();
            for (String line : Files.readAllLines(description.traceOutput(), StandardCharsets.UTF_8)) {
                decisions.add(TraceDecision.of(mapper.readTree(line)));
            }
            return decisions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> logLines() {
        try {
            return Files.readAllLines(description.firewallLog(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the firewall log until a line matches, or the deadline passes (then empty). */
    public Optional<String> awaitLogLine(Predicate<String> wanted, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            Optional<String> line = logLines().stream().filter(wanted).findFirst();
            if (line.isPresent() || Instant.now().isAfter(end)) {
                return line;
            }
            pause();
        }
    }

    private CommandResult script(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(scripts.resolve(name).toString(),
                "--prefix", prefix, "--dir", dir.toString()));
        command.addAll(List.of(args));
        return run(SCRIPT_TIMEOUT, command);
    }

    /** Runs a command to completion or to its deadline (then kills it and its children). */
    public static CommandResult run(Duration timeout, List<String> command) {
        try {
            File out = File.createTempFile("lab-cmd", ".out");
            File err = File.createTempFile("lab-cmd", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out).redirectError(err);
                builder.environment().merge("PATH", "/usr/local/sbin:/usr/sbin:/sbin", (a, b) -> a + ":" + b);
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                return new CommandResult(command, finished ? process.exitValue() : -1, !finished,
                        Files.readString(out.toPath()), Files.readString(err.toPath()));
            } finally {
                Files.deleteIfExists(out.toPath());
                Files.deleteIfExists(err.toPath());
            }
        } catch (IOException e) {
            return new CommandResult(command, 127, false, "", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
