package pics.aed.sync.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import pics.aed.platform.http.RequestLimits;
import pics.aed.platform.http.UploadEndpoints;
import pics.aed.platform.idempotency.Idempotency;
import pics.aed.platform.idempotency.IdempotentRequest;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.sync.domain.Guard;
import pics.aed.sync.domain.SyncRun;
import pics.aed.sync.domain.SyncRunner;
import pics.aed.sync.source.RegistrationExport;

/**
 * The HTTP contract {@code POST /api/sync/imports}: an e-gen registration export, as the raw body ({@code text/csv}, or the
 * portal's ".xls" as {@code application/vnd.ms-excel} / {@code text/html} / {@code application/octet-stream}) or as
 * multipart field {@code file}. The file is copied to a temporary file (never held in memory), its header checked
 * (400 before any run), then it runs like a feed run with {@code mode: "import"}: 202 with the run.
 */
@Path("/api/sync/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync runs")
public class ImportsResource {

    private static final String PATH = "/api/sync/imports";

    private final CurrentCaller callers;
    private final Idempotency idempotency;
    private final SyncRunner runner;
    private final long maxBytes;

    public ImportsResource(CurrentCaller callers, Idempotency idempotency, SyncRunner runner, RequestLimits limits) {
        this.callers = callers;
        this.idempotency = idempotency;
        this.runner = runner;
        this.maxBytes = limits.maxUploadBytes();
    }

    /**
     * The imports take files up to {@code aedpics.limits.max-upload-size}; every other endpoint of the service keeps
     * the JSON limit. A chunked upload is counted by {@link #copy} as it streams to disk.
     */
    @Singleton
    public static class Uploads implements UploadEndpoints {
        @Override
        public Set<String> paths() {
            return Set.of(PATH);
        }
    }

    @POST
    @Blocking
    @Consumes({"text/csv", "text/plain", "text/html", "application/vnd.ms-excel", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME})
    @Operation(summary = "Import an e-gen registration export (CSV or HTML-table .xls) sent as the body")
    public Uni<Response> importBody(
            @HeaderParam(Idempotency.HEADER) String key,
            @QueryParam("overrideGuards") List<String> overrideGuards,
            InputStream body) {
        Set<Guard> overridden = SyncRunsResource.overriddenGuards(callers.get(), overrideGuards);
        return importFile(key, copy(body), overridden);
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME})
    @Operation(summary = "Import an e-gen registration export sent as multipart field 'file'")
    public Uni<Response> importMultipart(
            @HeaderParam(Idempotency.HEADER) String key,
            @QueryParam("overrideGuards") List<String> overrideGuards,
            @RestForm("file") FileUpload file) {
        Set<Guard> overridden = SyncRunsResource.overriddenGuards(callers.get(), overrideGuards);
        if (file == null) {
            throw Problems.validation("file", "is required (multipart field 'file')");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return importFile(key, copy(in), overridden);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Uni<Response> importFile(String key, Copied copied, Set<Guard> overridden) {
        String caller = callers.get().id();
        RegistrationExport export;
        try {
            export = RegistrationExport.open(copied.path());
        } catch (RuntimeException e) {
            delete(copied.path());
            throw e;
        }
        return idempotency
                .execute(
                        new IdempotentRequest(caller, key, "POST", PATH, copied.sha256() + " " + overridden),
                        tx -> startRun(export, overridden))
                .onFailure()
                .invoke(export::close)
                .onTermination()
                .invoke(export::closeUnlessClaimed);
    }

    /** The run owns the file from here: it deletes it when it ends (or the runner does, when it cannot start). */
    private Uni<Response> startRun(RegistrationExport export, Set<Guard> overridden) {
        export.claim();
        return runner.start(SyncRun.Mode.import_, SyncRun.Trigger.manual, export, overridden)
                .map(SyncRunsResource::accepted);
    }

    private record Copied(java.nio.file.Path path, String sha256) {}

    /** Streams the upload to a temporary file, refusing it (413) as soon as it passes the limit. */
    private Copied copy(InputStream body) {
        java.nio.file.Path file = null;
        try {
            file = Files.createTempFile("aedpics-import-", ".upload");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = new DigestInputStream(body, sha);
                    OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    total += read;
                    if (total > maxBytes) {
                        throw Problems.payloadTooLarge(maxBytes);
                    }
                    out.write(buffer, 0, read);
                }
            }
            return new Copied(file, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            delete(file);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    private static void delete(java.nio.file.Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // temporary file
            }
        }
    }
}
