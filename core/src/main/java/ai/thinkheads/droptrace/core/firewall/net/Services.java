package ai.thinkheads.droptrace.core.firewall.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Service names for ports, as pve-firewall reads them from {@code /etc/services}: the names of a
 * Debian netbase file built in, plus whatever the local {@code /etc/services} adds.
 */
public final class Services {

    private static final Map<String, Integer> BY_NAME = load();

    private Services() {
    }

    /** The port of a service name, or -1 when the name is unknown. */
    public static int port(String name) {
        return BY_NAME.getOrDefault(name, -1);
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> map = new HashMap<>();
        String builtIn = "tcpmux 1,echo 7,discard 9,systat 11,daytime 13,netstat 15,qotd 17,chargen 19,ftp-data 20,"
                + "ftp 21,fsp 21,ssh 22,telnet 23,smtp 25,time 37,whois 43,tacacs 49,domain 53,bootps 67,bootpc 68,"
                + "tftp 69,gopher 70,finger 79,http 80,kerberos 88,iso-tsap 102,pop3 110,sunrpc 111,auth 113,"
                + "nntp 119,ntp 123,epmap 135,netbios-ns 137,netbios-dgm 138,netbios-ssn 139,imap2 143,snmp 161,"
                + "snmp-trap 162,xdmcp 177,bgp 179,smux 199,ldap 389,https 443,microsoft-ds 445,kpasswd 464,"
                + "submissions 465,saft 487,isakmp 500,rtsp 554,nqs 607,asf-rmcp 623,qmqp 628,ipp 631,ldp 646,"
                + "exec 512,biff 512,login 513,who 513,shell 514,syslog 514,printer 515,talk 517,ntalk 518,route 520,"
                + "gdomap 538,uucp 540,klogin 543,kshell 544,dhcpv6-client 546,dhcpv6-server 547,afpovertcp 548,"
                + "nntps 563,submission 587,ldaps 636,tinc 655,silc 706,kerberos-adm 749,domain-s 853,rsync 873,"
                + "ftps-data 989,ftps 990,telnets 992,imaps 993,pop3s 995,socks 1080,proofd 1093,rootd 1094,"
                + "openvpn 1194,rmiregistry 1099,lotusnote 1352,ms-sql-s 1433,ms-sql-m 1434,ingreslock 1524,"
                + "datametrics 1645,sa-msg-port 1646,kermit 1649,groupwise 1677,l2f 1701,radius 1812,radius-acct 1813,"
                + "cvspserver 2401,venus 2430,mysql 3306,nut 3493,distcc 3632,daap 3689,svn 3690,suucp 4031,"
                + "sysrqd 4094,sieve 4190,epmd 4369,remctl 4373,f5-iquery 4353,ntske 4460,ipsec-nat-t 4500,"
                + "iax 4569,mtn 4691,radmin-port 4899,sip 5060,sip-tls 5061,xmpp-client 5222,xmpp-server 5269,"
                + "cfengine 5308,mdns 5353,postgresql 5432,freeciv 5556,amqps 5671,amqp 5672,x11 6000,"
                + "gnutella-svc 6346,gnutella-rtr 6347,redis 6379,sge-qmaster 6444,sge-execd 6445,mysql-proxy 6446,"
                + "babel 6696,ircs-u 6697,bbs 7000,afs3-fileserver 7000,font-service 7100,http-alt 8080,"
                + "puppet 8140,bacula-dir 9101,bacula-fd 9102,bacula-sd 9103,xmms2 9667,zope 9673,webmin 10000,"
                + "kamanda 10081,amandaidx 10082,amidxtape 10083,git 9418,hkp 11371,bprd 13720,bpdbm 13721,"
                + "db-lsp 17500,dcap 22125,gsiftp 2811,gpsd 2947,gds-db 3050,icpv2 3130,iscsi-target 3260,"
                + "nfs 2049,gnunet 2086,rtcm-sc104 2101,zephyr-srv 2102,zephyr-clt 2103,zephyr-hm 2104,"
                + "omniorb 8088,clc-build-daemon 8990,xinetd 9098,mandelspawn 9359,git-daemon 9418";
        for (String pair : builtIn.split(",")) {
            int space = pair.indexOf(' ');
            map.putIfAbsent(pair.substring(0, space), Integer.parseInt(pair.substring(space + 1)));
        }
        Path system = Path.of("/etc/services");
        if (Files.isReadable(system)) {
            try {
                readInto(Files.readAllLines(system), map);
            } catch (IOException | RuntimeException e) {
                // the built-in table stays in place, as pve-firewall carries on without the file
            }
        }
        return Map.copyOf(map);
    }

    /** Reads {@code name port/proto} lines (tcp, udp, sctp) the way pve-firewall does. */
    static void readInto(List<String> lines, Map<String, Integer> map) {
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            int slash = parts[1].indexOf('/');
            if (slash <= 0) {
                continue;
            }
            String proto = parts[1].substring(slash + 1);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                continue;
            }
            try {
                map.putIfAbsent(parts[0], Integer.parseInt(parts[1].substring(0, slash)));
            } catch (NumberFormatException e) {
                // not a port line
            }
        }
    }
}
