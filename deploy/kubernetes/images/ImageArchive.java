// Writes container image archives without a container runtime. Run with the JDK's source launcher:
//   java ImageArchive.java cacerts <directory of PEM certificates> <out.p12>
//   java ImageArchive.java base <rootfs.tar> <out.tar> <name:tag> [KEY=VALUE environment]...
//   java ImageArchive.java from-docker-load <out.tar>      (a docker-archive on stdin, as Jib streams it)
// Every archive it writes is an OCI image layout (oci-layout, index.json, blobs/sha256/...) that also carries a
// docker-archive manifest.json pointing at the same blobs, as `docker save` writes since Docker 25: skopeo, crane,
// containerd (`ctr image import`), podman and `docker load` read it, and Jib reads it as a `tar://` base image.
// Entries are written in a fixed order with a fixed time, so the same input gives the same bytes.

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

public class ImageArchive {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        switch (args[0]) {
            case "cacerts" -> cacerts(Path.of(args[1]), Path.of(args[2]));
            case "base" -> base(Path.of(args[1]), Path.of(args[2]), args[3], List.of(args).subList(4, args.length));
            case "from-docker-load" -> fromDockerLoad(System.in, Path.of(args[1]));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: ImageArchive cacerts <pem-dir> <out> | base <rootfs.tar> <out.tar> <name:tag> [K=V]..."
                + " | from-docker-load <out.tar>");
        System.exit(2);
    }

    // --- the JRE's trust store, from the ca-certificates package (its postinst would make it with ca-certificates-java)

    private static void cacerts(Path pemDirectory, Path out) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Path> pems;
        try (Stream<Path> files = Files.walk(pemDirectory)) {
            pems = files.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
        }
        for (Path pem : pems) {
            try (InputStream in = Files.newInputStream(pem)) {
                X509Certificate certificate = (X509Certificate) x509.generateCertificate(in);
                String alias = pem.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase();
                store.setCertificateEntry(alias, certificate);
            }
        }
        if (pems.isEmpty()) {
            throw new IllegalStateException("no certificates under " + pemDirectory);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            store.store(os, "changeit".toCharArray());
        }
        System.out.println("trust store " + out + ": " + pems.size() + " certificates");
    }

    // --- a base image: one layer (the root filesystem) and a config

    private static void base(Path rootfsTar, Path out, String reference, List<String> environment) throws Exception {
        byte[] uncompressed = Files.readAllBytes(rootfsTar);
        byte[] layer = gzip(uncompressed);
        StringBuilder env = new StringBuilder();
        for (String variable : environment) {
            env.append(env.isEmpty() ? "" : ",").append(quote(variable));
        }
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\","
                + "\"config\":{\"Env\":[" + env + "],\"WorkingDir\":\"/\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + sha256(uncompressed) + "\"]},"
                + "\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"deploy/kubernetes/images/"
                + "build-base-image.sh\",\"comment\":\"root filesystem from Debian packages\"}]}";
        write(out, reference, config.getBytes(StandardCharsets.UTF_8), List.of(layer));
    }

    // --- what Jib streams to `docker load`, kept as an archive

    private static void fromDockerLoad(InputStream stdin, Path out) throws Exception {
        Map<String, byte[]> entries = readTar(new BufferedInputStream(stdin));
        String manifest = new String(required(entries, "manifest.json"), StandardCharsets.UTF_8);
        String config = firstString(manifest, "Config");
        List<String> repoTags = strings(section(manifest, "RepoTags"));
        List<byte[]> layers = new ArrayList<>();
        for (String layerName : strings(section(manifest, "Layers"))) {
            byte[] layer = required(entries, layerName);
            layers.add(isGzip(layer) ? layer : gzip(layer));
        }
        String reference = repoTags.isEmpty() ? "image:latest" : repoTags.get(0);
        write(out, reference, required(entries, config), layers);
        System.out.println("Loaded image: " + reference + " (archive " + out + ")");
    }

    private static void write(Path out, String reference, byte[] config, List<byte[]> layers) throws Exception {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        String configDigest = sha256(config);
        blobs.put(configDigest, config);
        StringBuilder ociLayers = new StringBuilder();
        StringBuilder dockerLayers = new StringBuilder();
        for (byte[] layer : layers) {
            String digest = sha256(layer);
            blobs.put(digest, layer);
            ociLayers.append(ociLayers.isEmpty() ? "" : ",")
                    .append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", digest, layer.length, ""));
            dockerLayers.append(dockerLayers.isEmpty() ? "" : ",").append(quote("blobs/sha256/" + digest));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                                config.length, "")
                        + ",\"layers\":[" + ociLayers + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = sha256(manifest);
        blobs.put(manifestDigest, manifest);
        String tag = reference.substring(reference.lastIndexOf(':') + 1);
        String annotations = ",\"annotations\":{\"io.containerd.image.name\":" + quote(reference)
                + ",\"org.opencontainers.image.ref.name\":" + quote(tag) + "}";
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                        + descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifest.length,
                                annotations)
                        + "]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] dockerManifest = ("[{\"Config\":" + quote("blobs/sha256/" + configDigest) + ",\"RepoTags\":["
                        + quote(reference) + "],\"Layers\":[" + dockerLayers + "]}]")
                .getBytes(StandardCharsets.UTF_8);

        Files.createDirectories(out.toAbsolutePath().getParent());
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try (OutputStream os = Files.newOutputStream(partial)) {
            Tar tar = new Tar(os);
            tar.directory("blobs/");
            tar.directory("blobs/sha256/");
            for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
                tar.file("blobs/sha256/" + blob.getKey(), blob.getValue());
            }
            tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            tar.file("index.json", index);
            tar.file("manifest.json", dockerManifest);
            tar.finish();
        }
        Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String descriptor(String mediaType, String digest, long size, String extra) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + digest + "\",\"size\":" + size + extra
                + "}";
    }

    // --- small JSON helpers: the documents read here are docker-archive manifests Jib wrote

    private static String section(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String firstString(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("manifest.json has no " + key);
        }
        return m.group(1);
    }

    private static List<String> strings(String jsonArrayBody) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(jsonArrayBody);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // --- bytes

    private static byte[] required(Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new IllegalStateException("the archive has no entry " + name + "; it has " + entries.keySet());
        }
        return bytes;
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Reads a ustar stream (what Jib writes) into memory: the entries are a few application layers. */
    private static Map<String, byte[]> readTar(InputStream in) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                break;
            }
            String name = cString(header, 0, 100);
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
            byte[] content = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            if (header[156] == '0' || header[156] == 0) {
                entries.put(name, content);
            }
        }
        return entries;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** A minimal ustar writer: regular files and directories, owner root, mode 0644/0755, time 0. */
    private static final class Tar {
        private final OutputStream out;

        Tar(OutputStream out) {
            this.out = out;
        }

        void directory(String name) throws IOException {
            header(name, 0, '5', 0755);
        }

        void file(String name, byte[] content) throws IOException {
            header(name, content.length, '0', 0644);
            out.write(content);
            out.write(new byte[(int) ((512 - content.length % 512) % 512)]);
        }

        void finish() throws IOException {
            out.write(new byte[1024]);
        }

        private void header(String name, long size, char type, int mode) throws IOException {
            byte[] h = new byte[512];
            put(h, 0, name, 100);
            put(h, 100, String.format("%07o", mode), 8);
            put(h, 108, "0000000", 8);
            put(h, 116, "0000000", 8);
            put(h, 124, String.format("%011o", size), 12);
            put(h, 136, "00000000000", 12);
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            h[156] = (byte) type;
            put(h, 257, "ustar", 6);
            put(h, 263, "00", 2);
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum), 7);
            h[155] = ' ';
            out.write(h);
        }

        private static void put(byte[] header, int offset, String value, int length) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > length) {
                throw new IllegalArgumentException("tar field too long: " + value);
            }
            System.arraycopy(bytes, 0, header, offset, bytes.length);
        }
    }

    private ImageArchive() {}
}
