#!/usr/bin/python3
"""The lab's bookkeeping: render the templates for one lab, check that every firewall rule and
every fault names the config line it really comes from, describe the lab in lab.json, map kernel
rule handles back to config lines, and turn `nft monitor trace` output into one JSON line per
decided packet. Python 3 standard library only (Debian's python3)."""

import argparse
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAB_DIR_IN_REPO = os.path.dirname(HERE)


def fail(message):
    print(f"labtool: {message}", file=sys.stderr)
    sys.exit(1)


def load_topology(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def lab_network(subnet):
    try:
        net = ipaddress.ip_network(subnet, strict=True)
    except ValueError as e:
        fail(f"--subnet {subnet!r} is not an IPv4 network: {e}")
    if net.version != 4 or net.prefixlen != 24:
        fail(f"--subnet must be an IPv4 /24, was {subnet}")
    if not net.is_private:
        fail(f"--subnet must be a private range, was {subnet}")
    return net


def address(net, host):
    return str(net.network_address + host)


def placeholders(topology, net):
    values = {
        "CIDR": str(net),
        "NET": str(net.network_address).rsplit(".", 1)[0],
        "HV": address(net, topology["hypervisor"]["host"]),
        "NODE": topology["node"],
    }
    for guest in topology["guests"]:
        values[f"IP{guest['vmid']}"] = address(net, guest["host"])
        values[f"MAC{guest['vmid']}"] = guest["mac"]
    return values


def substitute(text, values, where):
    def one(match):
        key = match.group(1)
        if key not in values:
            fail(f"{where}: unknown placeholder {{{{{key}}}}}")
        return values[key]
    return re.sub(r"\{\{([A-Z0-9]+)\}\}", one, text)


def device(guest):
    return ("tap" if guest["type"] == "qemu" else "veth") + f"{guest['vmid']}i0"


# ---------------------------------------------------------------------------------- render

def render(args):
    topology = load_topology(args.topology)
    net = lab_network(args.subnet)
    values = placeholders(topology, net)
    templates = os.path.join(LAB_DIR_IN_REPO, "templates")
    etc_out = os.path.join(args.labdir, "etc")
    if os.path.isdir(etc_out):
        shutil.rmtree(etc_out)
    for root, _dirs, files in os.walk(os.path.join(templates, "etc")):
        for name in files:
            src = os.path.join(root, name)
            rel = os.path.relpath(src, templates)
            dst = os.path.join(args.labdir, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(src, encoding="utf-8") as f:
                text = substitute(f.read(), values, rel)
            with open(dst, "w", encoding="utf-8") as f:
                f.write(text)
    node_dir = f"nodes/{topology['node']}"
    pve = os.path.join(args.labdir, "etc", "pve")
    for link, target in (("local", node_dir), ("lxc", f"{node_dir}/lxc"),
                         ("qemu-server", f"{node_dir}/qemu-server")):
        os.symlink(target, os.path.join(pve, link))

    with open(os.path.join(templates, "firewall", "ruleset.iptables"), encoding="utf-8") as f:
        ruleset = substitute(f.read(), values, "ruleset.iptables")
    with open(os.path.join(args.labdir, "ruleset.iptables"), "w", encoding="utf-8") as f:
        f.write(ruleset)
    sources = rule_sources(ruleset, args.labdir)
    with open(os.path.join(args.labdir, "ruleset.sources.json"), "w", encoding="utf-8") as f:
        json.dump(sources, f, indent=1)
    check_paths(topology, values, args.labdir)


def config_line(labdir, rel, line_no, where):
    path = os.path.join(labdir, rel)
    if not os.path.isfile(path):
        fail(f"{where}: {rel} does not exist")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if line_no < 1 or line_no > len(lines):
        fail(f"{where}: {rel} has no line {line_no}")
    return lines[line_no - 1]


def rule_sources(ruleset, labdir):
    """Every -A line of the ruleset with the config line it implements (or None for
    pve-firewall's own machinery), checking each annotation against the rendered file."""
    sources = []
    table = None
    current = "unset"
    positions = {}
    for number, line in enumerate(ruleset.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("*"):
            table = stripped[1:]
        elif not stripped:
            current = "unset"
        elif stripped.startswith("#@"):
            spec = stripped[2:].strip()
            if spec == "-":
                current = None
                continue
            m = re.match(r"^(\S+):(\d+) = (.*)$", spec)
            if not m:
                fail(f"ruleset line {number}: bad annotation {spec!r}")
            rel, line_no, text = m.group(1), int(m.group(2)), m.group(3)
            actual = config_line(labdir, rel, line_no, f"ruleset line {number}")
            if actual.strip() != text.strip():
                fail(f"ruleset line {number}: {rel}:{line_no} reads {actual!r}, not {text!r}")
            current = {"file": rel, "line": line_no, "text": actual.strip()}
        elif stripped.startswith("-A "):
            if current == "unset":
                fail(f"ruleset line {number}: rule without an annotation: {stripped}")
            chain = stripped.split()[1]
            key = (table, chain)
            positions[key] = positions.get(key, 0) + 1
            sources.append({"table": table, "chain": chain, "position": positions[key],
                            "rule": stripped, "source": current})
    return sources


def check_paths(topology, values, labdir):
    for path in topology["paths"]:
        decided = path["expect"]["decidedBy"]
        where = f"path {path['id']}"
        actual = config_line(labdir, decided["file"], decided["line"], where)
        wanted = substitute(decided["text"], values, where)
        if actual.strip() != wanted.strip():
            fail(f"{where}: {decided['file']}:{decided['line']} reads {actual!r}, not {wanted!r}")


# ---------------------------------------------------------------------------------- shell view

def topology_sh(args):
    """One line per guest for the bash scripts: vmid type device address mac namespace."""
    topology = load_topology(args.topology)
    net = lab_network(args.subnet)
    for guest in topology["guests"]:
        print(guest["vmid"], guest["type"], device(guest), address(net, guest["host"]),
              guest["mac"].lower(), f"{args.prefix}-{guest['vmid']}")


def services_sh(args):
    """One line per service: vmid name kind port cert."""
    topology = load_topology(args.topology)
    for guest in topology["guests"]:
        for service in guest["services"]:
            print(guest["vmid"], service["name"], service["kind"], service["port"],
                  service.get("cert", "-"))


def dns_sh(args):
    """dnsmasq --address lines for every lab name."""
    topology = load_topology(args.topology)
    net = lab_network(args.subnet)
    for name, ip in dns_names(topology, net).items():
        print(f"--address=/{name}/{ip}")


def dns_names(topology, net):
    domain = topology["domain"]
    names = {}
    for name in topology["hypervisor"]["dns"]:
        names[f"{name}.{domain}"] = address(net, topology["hypervisor"]["host"])
    for guest in topology["guests"]:
        for name in guest["dns"]:
            names[f"{name}.{domain}"] = address(net, guest["host"])
    return names


# ---------------------------------------------------------------------------------- lab.json

def lab_json(args):
    topology = load_topology(args.topology)
    net = lab_network(args.subnet)
    values = placeholders(topology, net)
    labdir = os.path.abspath(args.labdir)
    hv_ns = f"{args.prefix}-pve"
    hv_address = address(net, topology["hypervisor"]["host"])
    guests = []
    for guest in topology["guests"]:
        ns = f"{args.prefix}-{guest['vmid']}"
        vmid = guest["vmid"]
        conf_dir = "qemu-server" if guest["type"] == "qemu" else "lxc"
        guests.append({
            "vmid": vmid,
            "name": guest["name"],
            "role": guest["role"],
            "type": guest["type"],
            "namespace": ns,
            "exec": ["ip", "netns", "exec", ns],
            "address": address(net, guest["host"]),
            "mac": guest["mac"].lower(),
            "nic": "net0",
            "guestInterface": "eth0",
            "device": device(guest),
            "firewallBridge": f"fwbr{vmid}i0",
            "firewallLink": f"fwln{vmid}i0",
            "firewallPeer": f"fwpr{vmid}p0",
            "firewallChains": [f"{device(guest)}-IN", f"{device(guest)}-OUT"],
            "config": f"etc/pve/{conf_dir}/{vmid}.conf",
            "firewallConfig": f"etc/pve/firewall/{vmid}.fw",
            "dnsNames": [f"{n}.{topology['domain']}" for n in guest["dns"]],
            "services": [dict(s, state="down" if s["kind"] == "down" else "up")
                         for s in guest["services"]],
        })
    paths = []
    for path in topology["paths"]:
        expect = json.loads(substitute(json.dumps(path["expect"]), values, path["id"]))
        to_address = hv_address if path["to"] == 0 else address(
            net, next(g["host"] for g in topology["guests"] if g["vmid"] == path["to"]))
        entry = {k: v for k, v in path.items() if k != "expect"}
        entry.update({
            "fromNamespace": f"{args.prefix}-{path['from']}",
            "fromAddress": address(net, next(g["host"] for g in topology["guests"]
                                             if g["vmid"] == path["from"])),
            "toAddress": to_address,
            "expect": expect,
        })
        paths.append(entry)
    description = {
        "schema": 1,
        "prefix": args.prefix,
        "labDir": labdir,
        "node": topology["node"],
        "domain": topology["domain"],
        "network": {"cidr": str(net), "prefixLength": net.prefixlen},
        "namespaces": [hv_ns] + [g["namespace"] for g in guests],
        "hypervisor": {
            "namespace": hv_ns,
            "exec": ["ip", "netns", "exec", hv_ns],
            "address": hv_address,
            "bridge": topology["hypervisor"]["bridge"],
        },
        "guests": guests,
        "configDir": os.path.join(labdir, "etc", "pve"),
        "firewallLog": os.path.join(labdir, "pve-firewall.log"),
        "ruleset": os.path.join(labdir, "ruleset.iptables"),
        "ruleMap": os.path.join(labdir, "rulemap.json"),
        "dns": {"server": hv_address, "port": 53, "names": dns_names(topology, net)},
        "pki": {
            "root": os.path.join(labdir, "nfs", "step-ca", "certs", "root_ca.crt"),
            "rootShare": os.path.join(labdir, "nfs"),
            "intermediate": os.path.join(labdir, "pki", "intermediate_ca.crt"),
            "untrustedRoot": os.path.join(labdir, "pki", "portainer_ca.crt"),
        },
        "trace": {
            "command": [os.path.join(LAB_DIR_IN_REPO, "trace-capture"), "--prefix", args.prefix,
                        "--dir", labdir],
            "output": os.path.join(labdir, "trace.jsonl"),
            "raw": os.path.join(labdir, "nft-trace.txt"),
        },
        "checkTarget": [os.path.join(LAB_DIR_IN_REPO, "check-target"), "--prefix", args.prefix,
                        "--dir", labdir],
        "paths": paths,
        "flips": [{"id": f["id"], "what": f["what"], "state": "off", "file": f["file"],
                   "line": f["line"], "text": substitute(f["text"], values, f["id"]),
                   "command": [os.path.join(LAB_DIR_IN_REPO, "flip"), "--prefix", args.prefix,
                               "--dir", labdir, f["id"], "on|off"]}
                  for f in topology.get("flips", [])],
    }
    with open(os.path.join(labdir, "lab.json"), "w", encoding="utf-8") as f:
        json.dump(description, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------------------------- rulemap

def nft_rules(ns, table):
    """The rules of one nft table in chain order, with their handles."""
    out = subprocess.run(["timeout", "10", "ip", "netns", "exec", ns, "nft", "-a", "list",
                          "table", "ip", table], capture_output=True, text=True, check=True).stdout
    rules = []
    chain = None
    position = 0
    for line in out.split("\n"):
        m = re.match(r"^\s*chain (\S+) \{", line)
        if m:
            chain, position = m.group(1).strip('"'), 0
            continue
        m = re.match(r"^\s*(.*\S)\s+# handle (\d+)$", line)
        if m and chain and not line.strip().startswith(("type ", "policy ")):
            position += 1
            rules.append({"table": table, "chain": chain, "position": position,
                          "handle": int(m.group(2)), "nft": m.group(1)})
    return rules


def rulemap(args):
    labdir = args.labdir
    with open(os.path.join(labdir, "ruleset.sources.json"), encoding="utf-8") as f:
        sources = {(s["table"], s["chain"], s["position"]): s for s in json.load(f)}
    mapped = {}
    for table in ("filter", "raw"):
        for rule in nft_rules(args.ns, table):
            source = sources.get((table, rule["chain"], rule["position"]))
            if source is None:
                fail(f"kernel rule {table}/{rule['chain']}#{rule['position']} is not in the ruleset file")
            mapped[f"{table}/{rule['chain']}/{rule['handle']}"] = dict(
                rule, iptables=source["rule"], source=source["source"])
    expected = len(sources)
    if len(mapped) != expected:
        fail(f"the kernel has {len(mapped)} rules, the ruleset file {expected}")
    with open(os.path.join(labdir, "rulemap.json"), "w", encoding="utf-8") as f:
        json.dump(mapped, f, indent=1)


# ---------------------------------------------------------------------------------- trace

TRACE_LINE = re.compile(r"^trace id (\S+) ip (\S+) (\S+) (.*)$")
RULE_STEP = re.compile(r"^rule (.*?)(?: # handle (\d+))? \(verdict (\S+?)(?: (\S+))?\)$")
PVE_CONFIG_CHAIN = re.compile(r"^(tap|veth)\d+i\d+-(IN|OUT)$|^PVEFW-HOST-(IN|OUT)$|^GROUP-")
COUNTER = re.compile(r"counter packets \d+ bytes \d+ ?")


def packet_fields(text):
    fields = {}
    for key, pattern in (("iif", r'iif "([^"]+)"'), ("oif", r'oif "([^"]+)"'),
                         ("src", r"ip saddr (\S+)"), ("dst", r"ip daddr (\S+)"),
                         ("proto", r"\b(tcp|udp|icmp) (?:sport|type)\b"),
                         ("sport", r"\b(?:tcp|udp) sport (\d+)"),
                         ("dport", r"\b(?:tcp|udp) dport (\d+)")):
        m = re.search(pattern, text)
        if m:
            fields[key] = int(m.group(1)) if key in ("sport", "dport") else m.group(1)
    return fields


def trace_step(table, chain, rest):
    """One trace line after 'trace id X ip TABLE CHAIN': a rule with its verdict, a base
    chain's policy, or the packet dump."""
    m = RULE_STEP.match(rest)
    if m:
        return {"table": table, "chain": chain, "kind": "rule",
                "nft": COUNTER.sub("", m.group(1)).strip(),
                "handle": int(m.group(2)) if m.group(2) else None,
                "verdict": m.group(3), "target": m.group(4)}
    m = re.match(r"^policy (\S+)", rest)
    if m:
        return {"table": table, "chain": chain, "kind": "policy", "nft": f"policy {m.group(1)}",
                "handle": None, "verdict": m.group(1), "target": None}
    return None


def parse_trace(lines, rules):
    """Group `nft -a monitor trace` lines by trace id (one id per packet and bridge pass) and
    report, per pass that went through the filter table: the packet, the final verdict
    (accept, drop, or reject for a REJECT target), the rule or policy that gave it, and the
    deciding rule: the last rule of a pve config chain (guest, host or group chain) with a
    verdict other than 'continue', mapped to the config line it implements."""
    passes = {}
    order = []
    for line in lines:
        m = TRACE_LINE.match(line.strip())
        if not m:
            continue
        trace_id, table, chain, rest = m.groups()
        entry = passes.get(trace_id)
        if entry is None:
            entry = passes[trace_id] = {"packet": {}, "steps": []}
            order.append(trace_id)
        if rest.startswith("packet:"):
            if not entry["packet"]:
                entry["packet"] = packet_fields(rest)
            continue
        step = trace_step(table, chain, rest)
        if step is not None:
            entry["steps"].append(step)
    results = []
    for trace_id in order:
        entry = passes[trace_id]
        steps = [s for s in entry["steps"] if s["table"] == "filter"]
        if not steps:
            continue
        final = next((s for s in reversed(steps) if s["verdict"] in ("accept", "drop")), None)
        deciding = next((s for s in reversed(steps) if s["kind"] == "rule"
                         and s["verdict"] != "continue" and PVE_CONFIG_CHAIN.match(s["chain"])), None)
        result = {"traceId": trace_id}
        result.update(entry["packet"])
        verdict = final["verdict"] if final else None
        if verdict == "drop" and final["nft"].find("reject") >= 0:
            verdict = "reject"
        result["verdict"] = verdict
        result["finalRule"] = describe_step(final, rules)
        result["decidingRule"] = describe_step(deciding, rules)
        results.append(result)
    return results


def describe_step(step, rules):
    if step is None:
        return None
    info = {"chain": step["chain"], "nft": step["nft"], "verdict": step["verdict"]}
    if step["handle"] is not None:
        info["handle"] = step["handle"]
        mapped = rules.get(f"filter/{step['chain']}/{step['handle']}")
        if mapped:
            info["position"] = mapped["position"]
            info["iptables"] = mapped["iptables"]
            info["source"] = mapped["source"]
    return info


def trace_parse(args):
    rules = {}
    if os.path.isfile(args.rulemap):
        with open(args.rulemap, encoding="utf-8") as f:
            rules = json.load(f)
    with open(args.raw, encoding="utf-8", errors="replace") as f:
        results = parse_trace(f.readlines(), rules)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    print(f"labtool: {len(results)} traced packet passes written to {args.out}", file=sys.stderr)


# ---------------------------------------------------------------------------------- flip

def flip(args):
    """Turns one catalogued rule change on or off in the rendered .fw file and ruleset file
    (the caller reloads the ruleset and the rule map). Appending keeps every other line number."""
    topology = load_topology(args.topology)
    values = placeholders(topology, lab_network(args.subnet))
    spec = next((f for f in topology.get("flips", []) if f["id"] == args.id), None)
    if spec is None:
        fail(f"no flip {args.id!r}; known: {', '.join(f['id'] for f in topology.get('flips', []))}")
    text = substitute(spec["text"], values, args.id)
    rule = substitute(spec["rule"], values, args.id)
    fw_path = os.path.join(args.labdir, spec["file"])
    with open(fw_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    on = len(lines) >= spec["line"] and lines[spec["line"] - 1] == text
    if on == (args.state == "on"):
        print(f"labtool: {args.id} is already {args.state}", file=sys.stderr)
        return
    ruleset_path = os.path.join(args.labdir, "ruleset.iptables")
    with open(ruleset_path, encoding="utf-8") as f:
        ruleset = f.read()
    block = f"#@ {spec['file']}:{spec['line']} = {text}\n{rule}\n\n"
    anchor = spec["beforeAnnotation"] + "\n"
    if args.state == "on":
        if len(lines) != spec["line"] - 1 or anchor not in ruleset:
            fail(f"{spec['file']} or the ruleset is not as 'up' wrote it; run down and up again")
        lines.append(text)
        ruleset = ruleset.replace(anchor, block + anchor, 1)
    else:
        if block not in ruleset:
            fail("the ruleset is not as flip left it; run down and up again")
        del lines[spec["line"] - 1]
        ruleset = ruleset.replace(block, "", 1)
    with open(fw_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(ruleset_path, "w", encoding="utf-8") as f:
        f.write(ruleset)
    with open(os.path.join(args.labdir, "ruleset.sources.json"), "w", encoding="utf-8") as f:
        json.dump(rule_sources(ruleset, args.labdir), f, indent=1)
    description_path = os.path.join(args.labdir, "lab.json")
    with open(description_path, encoding="utf-8") as f:
        description = json.load(f)
    for entry in description.get("flips", []):
        if entry["id"] == args.id:
            entry["state"] = args.state
    with open(description_path, "w", encoding="utf-8") as f:
        json.dump(description, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    default_topology = os.path.join(LAB_DIR_IN_REPO, "lab-topology.json")

    def common(p, labdir=True, prefix=False):
        p.add_argument("--topology", default=default_topology)
        p.add_argument("--subnet", required=True)
        if labdir:
            p.add_argument("--labdir", required=True)
        if prefix:
            p.add_argument("--prefix", required=True)

    common(sub.add_parser("render"))
    common(sub.add_parser("topology-sh", help="guests for the shell"), labdir=False, prefix=True)
    common(sub.add_parser("services-sh", help="services for the shell"), labdir=False)
    common(sub.add_parser("dns-sh", help="dnsmasq address options"), labdir=False)
    common(sub.add_parser("lab-json"), prefix=True)
    p = sub.add_parser("rulemap")
    p.add_argument("--labdir", required=True)
    p.add_argument("--ns", required=True)
    p = sub.add_parser("flip")
    common(p)
    p.add_argument("--id", required=True)
    p.add_argument("--state", choices=["on", "off"], required=True)
    p = sub.add_parser("trace-parse")
    p.add_argument("--raw", required=True)
    p.add_argument("--rulemap", required=True)
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    {"render": render, "topology-sh": topology_sh, "services-sh": services_sh, "dns-sh": dns_sh,
     "lab-json": lab_json, "rulemap": rulemap, "flip": flip, "trace-parse": trace_parse}[args.command](args)


if __name__ == "__main__":
    main()
