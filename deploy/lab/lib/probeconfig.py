#!/usr/bin/python3
"""Writes <labdir>/phoenix-lab.yaml: the droptrace probe configuration of one lab, generated from
its lab.json (itself generated from lab-topology.json), so no lab address is written by hand
anywhere else. One probe per path of the fault table, with the path's id; every probe runs inside
its 'from' guest through the guest's exec prefix (ip netns exec <prefix>-<vmid>); TLS is judged
against the lab root on the "NFS share". Python 3 standard library only."""

import argparse
import json
import os
import sys

TRUST = "lab-root"


def fail(message):
    print(f"probeconfig: {message}", file=sys.stderr)
    sys.exit(1)


def q(value):
    """A YAML scalar or flow list: JSON's double-quoted strings and lists are valid YAML."""
    return json.dumps(value)


def guest_name(guest):
    return guest["name"].lower()


def probe(path, guests):
    """One probe for one row of the fault table."""
    source = guests.get(path["from"])
    if source is None:
        fail(f"path {path['id']}: 'from' {path['from']} is not a guest of the lab")
    target = "host" if path["to"] == 0 else guest_name(guests[path["to"]])
    kind = path["probe"]
    fields = [("id", path["id"]), ("description", f"{path['name']}: {path['why']}"),
              ("from", guest_name(source)), ("to", target)]
    if kind == "tcp":
        fields += [("kind", "tcp"), ("port", path["port"])]
    elif kind == "tls":
        fields += [("kind", "tls"), ("port", path["port"]),
                   ("tls", {"serverName": path["serverName"], "trust": TRUST})]
    elif kind in ("http", "https"):
        http = {"scheme": kind, "path": path.get("urlPath") or "/"}
        if kind == "https":
            http.update({"serverName": path["serverName"], "trust": TRUST})
        http.update(path.get("httpExpect", {}))
        fields += [("kind", "http"), ("port", path["port"]), ("http", http)]
    elif kind == "dns":
        answers = [a for n, a in path.get("dnsAnswers", {}).items()]
        dns = {"name": path["queryName"]}
        if answers:
            dns["answers"] = answers
        fields += [("kind", "dns"), ("port", path["port"]), ("dns", dns)]
    else:
        fail(f"path {path['id']}: probe kind '{kind}' has no probe form")
    lines = [f"  - id: {q(fields[0][1])}"]
    for key, value in fields[1:]:
        lines.append(f"    {key}: {flow(value)}")
    return "\n".join(lines)


def flow(value):
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    return q(value)


def render(lab):
    guests = {g["vmid"]: g for g in lab["guests"]}
    names = lab["dns"]["names"]
    for path in lab["paths"]:
        if path["probe"] == "dns" and path.get("queryName") in names:
            path["dnsAnswers"] = {path["queryName"]: names[path["queryName"]]}
    root = lab["pki"]["root"]
    out = [
        "# droptrace probe configuration of the Phoenix lab " + q(lab["prefix"]) + ", written by deploy/lab/up",
        "# from lab.json (lab-topology.json): one probe per path of the fault table, id = path id.",
        "# Probes run inside the guests through 'ip netns exec <namespace>' (the lab's 'pct exec').",
        "#",
        f"#   droptrace doctor --config {os.path.join(lab['labDir'], 'phoenix-lab.yaml')} \\",
        f"#       --config-dir {lab['configDir']} --log {lab['firewallLog']}",
        "",
        "site:",
        "  host:",
        f"    name: {q(lab['node'])}",
        f"    addresses: {q([lab['hypervisor']['address']])}",
        "  guests:",
    ]
    for g in lab["guests"]:
        out.append(f"    - {{vmid: {g['vmid']}, name: {q(guest_name(g))}, type: {q(g['type'])}, "
                   f"node: {q(lab['node'])}, addresses: {q([g['address']])}, "
                   f"bridge: {q(lab['hypervisor']['bridge'])}, exec: {q(g['exec'])}}}")
    out += [
        "",
        "exec:",
        "  tools:",
        "    # curl judges https with the guest's store: pin the lab root, as the Phoenix guests do.",
        "    http: " + q(["curl", "-sS", "-v", "--cacert", root, "--connect-to",
                          "{serverName}:{port}:{address}:{port}", "--max-time", "{timeoutSeconds}", "-w",
                          "\\nDROPTRACE-HTTP %{http_code} %{time_connect} %{time_appconnect}\\n", "{url}"]),
        "",
        "trust:",
        "  # Step-CA's root as exported to the lab's NFS share.",
        f"  {TRUST}: {{file: {q(root)}}}",
        "",
        "defaults:",
        "  interval: 5s",
        "  timeout: 3s",
        "  jitter: 0.1",
        "  concurrency: 4",
        "",
        "probes:",
    ]
    out += [probe(p, guests) for p in lab["paths"]]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labdir", required=True)
    args = parser.parse_args()
    lab_json = os.path.join(args.labdir, "lab.json")
    try:
        with open(lab_json, encoding="utf-8") as f:
            lab = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"cannot read {lab_json}: {e}")
    target = os.path.join(args.labdir, "phoenix-lab.yaml")
    with open(target + ".tmp", "w", encoding="utf-8") as f:
        f.write(render(lab))
    os.replace(target + ".tmp", target)


if __name__ == "__main__":
    main()
