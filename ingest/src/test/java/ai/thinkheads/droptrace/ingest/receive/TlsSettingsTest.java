package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.ingest.it.ExternalTool;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files of the TLS receiver, made by openssl as an operator would: what loads, and what is told plainly. */
class TlsSettingsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        Path openssl = ExternalTool.require("openssl", "openssl");
        for (String name : new String[] {"a", "b"}) {
            run(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file(name + ".key"),
                    "-out", file(name + ".pem"), "-days", "2", "-subj", "/CN=" + name);
        }
        run(openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", file("ec.key"), "-out", file("ec.pem"), "-days", "2", "-subj", "/CN=ec");
        run(openssl.toString(), "pkcs12", "-export", "-in", file("a.pem"), "-inkey", file("a.key"), "-out", file("a.p12"),
                "-passout", "pass:secret");
        // the traditional forms: PKCS#1 RSA, SEC1 EC as `step ca certificate` and `openssl ecparam -genkey` write
        // them (with the EC PARAMETERS block before the key), and an encrypted PKCS#8 key
        run(openssl.toString(), "rsa", "-in", file("a.key"), "-traditional", "-out", file("a-pkcs1.key"));
        run(openssl.toString(), "ec", "-in", file("ec.key"), "-out", file("ec-sec1.key"));
        run(openssl.toString(), "ecparam", "-name", "prime256v1", "-genkey", "-out", file("ec2-sec1.key"));
        run(openssl.toString(), "req", "-x509", "-key", file("ec2-sec1.key"), "-out", file("ec2.pem"), "-days", "2",
                "-subj", "/CN=ec2");
        run(openssl.toString(), "pkcs8", "-topk8", "-in", file("a.key"), "-out", file("a-encrypted.key"),
                "-passout", "pass:secret");
        run(openssl.toString(), "rsa", "-in", file("a.key"), "-traditional", "-aes256", "-out",
                file("a-pkcs1-encrypted.key"), "-passout", "pass:secret");
    }

    @Test
    void a_keystore_loads_with_its_password_and_a_wrong_password_or_a_pem_file_is_said_plainly() throws Exception {
        assertThat(TlsSettings.fromPkcs12(dir.resolve("a.p12"), "secret".toCharArray(), null).context()).isNotNull();
        assertThatThrownBy(() -> TlsSettings.fromPkcs12(dir.resolve("a.p12"), "wrong".toCharArray(), null))
                .hasMessage("the password of " + dir.resolve("a.p12") + " is wrong (--tls-password or --tls-password-file)");
        assertThatThrownBy(() -> TlsSettings.fromPkcs12(dir.resolve("a.pem"), "secret".toCharArray(), null))
                .hasMessage(dir.resolve("a.pem") + " is PEM, not a PKCS#12 keystore: give the certificate and key with "
                        + "--tls-cert and --tls-key");
        assertThatThrownBy(() -> TlsSettings.fromPkcs12(dir.resolve("a.key").resolveSibling("nothing.p12"),
                "x".toCharArray(), null)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void a_certificate_and_its_own_pkcs8_key_load_rsa_or_ec() throws Exception {
        assertThat(TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("a.key"), null).context()).isNotNull();
        assertThat(TlsSettings.fromPem(dir.resolve("ec.pem"), dir.resolve("ec.key"), dir.resolve("b.pem"))
                .requireClientCertificate()).isTrue();
    }

    @Test
    void traditional_rsa_and_ec_keys_load_as_openssl_and_step_ca_write_them() throws Exception {
        assertThat(java.nio.file.Files.readString(dir.resolve("a-pkcs1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(java.nio.file.Files.readString(dir.resolve("ec-sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(java.nio.file.Files.readString(dir.resolve("ec2-sec1.key"))).startsWith("-----BEGIN EC PARAMETERS-----");
        assertThat(TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("a-pkcs1.key"), null).context()).isNotNull();
        assertThat(TlsSettings.fromPem(dir.resolve("ec.pem"), dir.resolve("ec-sec1.key"), null).context()).isNotNull();
        assertThat(TlsSettings.fromPem(dir.resolve("ec2.pem"), dir.resolve("ec2-sec1.key"), null).context()).isNotNull();
        // read, then held to the certificate like any other key
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("ec.pem"), dir.resolve("ec2-sec1.key"), null))
                .hasMessageStartingWith("the key in " + dir.resolve("ec2-sec1.key") + " does not belong to the certificate");
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("ec.pem"), dir.resolve("a-pkcs1.key"), null))
                .hasMessageStartingWith("the key in " + dir.resolve("a-pkcs1.key") + " does not belong to the certificate");
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("ec.pem"), dir.resolve("a.key"), null))
                .hasMessage(dir.resolve("a.key") + " is not an EC private key like the certificate's (the key of another "
                        + "certificate?)");
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("ec-sec1.key"), null))
                .hasMessage(dir.resolve("ec-sec1.key") + " is an EC private key but the certificate's key is RSA (the key of "
                        + "another certificate?)");
    }

    @Test
    void a_file_with_the_certificate_and_its_key_gives_both_whatever_their_order() throws Exception {
        // Given: haproxy's form, certificate then key, and the other way round
        String cert = java.nio.file.Files.readString(dir.resolve("ec.pem"));
        String key = java.nio.file.Files.readString(dir.resolve("ec-sec1.key"));
        java.nio.file.Path certFirst = java.nio.file.Files.writeString(dir.resolve("cert-key.pem"), cert + key);
        java.nio.file.Path keyFirst = java.nio.file.Files.writeString(dir.resolve("key-cert.pem"), key + cert);
        // Then
        assertThat(TlsSettings.fromPem(certFirst, certFirst, null).certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=ec");
        assertThat(TlsSettings.fromPem(keyFirst, keyFirst, null).context()).isNotNull();
    }

    @Test
    void an_encrypted_key_is_said_with_the_command_that_decrypts_it() {
        for (String name : new String[] {"a-encrypted.key", "a-pkcs1-encrypted.key"}) {
            assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve(name), null))
                    .isInstanceOf(GeneralSecurityException.class)
                    .hasMessage(dir.resolve(name) + " is an encrypted private key; droptrace reads unencrypted keys "
                            + "(keep the file readable by root only): openssl pkey -in KEY -out KEY.plain");
        }
    }

    @Test
    void a_broken_traditional_key_is_one_message_naming_the_file() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("broken.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("broken.key"), null))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith(dir.resolve("broken.key") + " is not a readable private key (");
    }

    @Test
    void a_certificate_out_of_its_validity_is_said_with_its_date() throws Exception {
        // Given a certificate valid for two days from now
        TlsSettings tls = TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("a.key"), null);
        java.time.Instant notAfter = tls.certificate().getNotAfter().toInstant();
        java.time.Instant notBefore = tls.certificate().getNotBefore().toInstant();
        // Then
        assertThat(tls.validityProblem(java.time.Instant.now())).isNull();
        assertThat(tls.validityProblem(notAfter.plusSeconds(1))).isEqualTo("expired on " + notAfter);
        assertThat(tls.validityProblem(notBefore.minusSeconds(1))).isEqualTo("is not valid before " + notBefore);
        assertThat(TlsSettings.fromPkcs12(dir.resolve("a.p12"), "secret".toCharArray(), null).certificate())
                .isEqualTo(tls.certificate());
    }

    @Test
    void a_key_of_another_certificate_or_files_given_the_wrong_way_round_are_said_plainly() {
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("b.key"), null))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("the key in " + dir.resolve("b.key") + " does not belong to the certificate in "
                        + dir.resolve("a.pem") + " (the first certificate must be the receiver's own)");
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("a.key"), dir.resolve("a.pem"), null))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage(dir.resolve("a.key") + " is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> TlsSettings.fromPem(dir.resolve("a.pem"), dir.resolve("b.pem"), null))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith(dir.resolve("b.pem") + " is not a PEM private key (-----BEGIN PRIVATE KEY-----, ");
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void run(String... command) throws Exception {
        ExternalTool.Result r = ExternalTool.run(60, command);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
