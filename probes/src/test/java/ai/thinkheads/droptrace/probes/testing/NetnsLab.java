package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace {@code dtp-<random>} joined to the root namespace by a veth pair on a random
 * /30 of 10.250.0.0/16, with iptables rules inside it: a real firewall to produce a real DROP
 * (silence) and a real REJECT with ICMP administratively prohibited. Only root can build it; tests
 * skip, saying so, otherwise. Torn down on close. Traffic goes only to {@link #address()}, which is
 * configured inside the namespace this lab created.
 */
public final class NetnsLab implements AutoCloseable {

    private final String namespace;
    private final String hostSide;
    private final String address;

    private NetnsLab(String namespace, String hostSide, String address) {
        this.namespace = namespace;
        this.hostSide = hostSide;
        this.address = address;
    }

    public static NetnsLab create() throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "not root: the namespace lab (real DROP and REJECT) needs root; CI runs as root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")),
                "iptables is not installed (.ci/run installs it)");
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        int third = ThreadLocalRandom.current().nextInt(1, 255);
        int fourth = ThreadLocalRandom.current().nextInt(0, 63) * 4;
        String base = "10.250." + third + ".";
        NetnsLab lab = new NetnsLab("dtp-" + id, "dtp" + id + "h", base + (fourth + 2));
        String peer = "dtp" + id + "g";
        try {
            lab.sh("ip", "netns", "add", lab.namespace);
            lab.sh("ip", "link", "add", lab.hostSide, "type", "veth", "peer", "name", peer);
            lab.sh("ip", "link", "set", peer, "netns", lab.namespace);
            lab.sh("ip", "addr", "add", base + (fourth + 1) + "/30", "dev", lab.hostSide);
            lab.sh("ip", "link", "set", lab.hostSide, "up");
            lab.inside("ip", "addr", "add", lab.address + "/30", "dev", peer);
            lab.inside("ip", "link", "set", peer, "up");
            lab.inside("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The lab's address, inside its namespace. */
    public String address() {
        return address;
    }

    public String namespace() {
        return namespace;
    }

    /** Silently drops {@code proto} ({@code tcp}/{@code udp}) to {@code port}: the black hole. */
    public void drop(String proto, int port) throws IOException, InterruptedException {
        inside("iptables", "-A", "INPUT", "-p", proto, "--dport", Integer.toString(port), "-j", "DROP");
    }

    /** Rejects {@code proto} to {@code port} with ICMP administratively prohibited. */
    public void rejectProhibited(String proto, int port) throws IOException, InterruptedException {
        inside("iptables", "-A", "INPUT", "-p", proto, "--dport", Integer.toString(port), "-j", "REJECT",
                "--reject-with", "icmp-admin-prohibited");
    }

    private void inside(String... argv) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(List.of(argv));
        sh(all.toArray(String[]::new));
    }

    private void sh(String... argv) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("timeout", "30"));
        all.addAll(List.of(argv));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(40, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            sh("ip", "link", "del", hostSide);
        } catch (IOException e) {
            // never created, or gone with the namespace
        }
        try {
            sh("ip", "netns", "del", namespace);
        } catch (IOException e) {
            // never created
        }
    }
}
